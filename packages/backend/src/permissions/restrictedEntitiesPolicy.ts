/*
 * The portal's permission policy: everything is allowed, except that a
 * catalog entity annotated `stagecraft.io/restricted: "true"` is visible only
 * to its owners (the user, or members of the owning group). The catalog
 * applies the condition itself, in its queries, so a restricted entity is
 * absent from every list and 404 by name, and every plugin that asks the
 * catalog with the user's credentials (multistage-build's routes, its
 * org-wide page) hides it too. Services (no user) see everything.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import { AuthorizeResult, isResourcePermission, type PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

export const RESTRICTED_ANNOTATION = 'stagecraft.io/restricted';

export class RestrictedEntitiesPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (user && request.permission.name === 'catalog.entity.read' && isResourcePermission(request.permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          { not: catalogConditions.hasAnnotation({ annotation: RESTRICTED_ANNOTATION, value: 'true' }) },
          catalogConditions.isEntityOwner({ claims: user.info.ownershipEntityRefs ?? [] }),
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'stagecraft-restricted-entities-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new RestrictedEntitiesPolicy());
      },
    });
  },
});
