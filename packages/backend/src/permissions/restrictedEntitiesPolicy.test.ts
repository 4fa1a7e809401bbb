import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import { RestrictedEntitiesPolicy } from './restrictedEntitiesPolicy';

const catalogRead = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' }, resourceType: 'catalog-entity' });
const user = (ownershipEntityRefs: string[]) => ({
  identity: { type: 'user' as const, userEntityRef: 'user:default/jane', ownershipEntityRefs },
  info: { userEntityRef: 'user:default/jane', ownershipEntityRefs },
  token: 'token',
  credentials: {} as any,
});

describe('RestrictedEntitiesPolicy', () => {
  const policy = new RestrictedEntitiesPolicy();

  it('lets a user read an entity unless it is restricted and they do not own it, as a condition the catalog applies', async () => {
    const decision = await policy.handle({ permission: catalogRead }, user(['user:default/jane', 'group:default/platform']) as any);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          { not: { rule: 'HAS_ANNOTATION', resourceType: 'catalog-entity', params: { annotation: 'stagecraft.io/restricted', value: 'true' } } },
          { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: ['user:default/jane', 'group:default/platform'] } },
        ],
      },
    });
  });

  it('allows everything else, and services everything', async () => {
    const other = createPermission({ name: 'multistage-build.run', attributes: { action: 'create' }, resourceType: 'catalog-entity' });
    expect(await policy.handle({ permission: other }, user([]) as any)).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission: catalogRead })).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
