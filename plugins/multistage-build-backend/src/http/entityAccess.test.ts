import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { multistageBuildRunsReadPermission } from '@stagecraft/plugin-multistage-build-common';
import { authorizeChunk, EntityAccess } from './entityAccess';

describe('EntityAccess.visible', () => {
  it('asks the permission backend in chunks it accepts, and keeps the allowed entities of every chunk', async () => {
    const names = Array.from({ length: 600 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
    const catalog = catalogServiceMock({
      entities: names.map(name => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name }, spec: {} })),
    });
    const sizes: number[] = [];
    const permissions = mockServices.permissions.mock({
      authorize: async requests => {
        sizes.push(requests.length);
        // The real permission backend answers 413 to a body this large (its limit is 100 kB).
        if (requests.length > authorizeChunk) throw new Error('413 request entity too large');
        return requests.map(r => ({ result: (r as { resourceRef: string }).resourceRef.endsWith('7') ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
      },
    });
    const access = new EntityAccess({ httpAuth: mockServices.httpAuth(), permissions, catalog });
    const visible = await access.visible(
      mockCredentials.user(),
      names.map(name => `component:default/${name}`),
      multistageBuildRunsReadPermission,
    );
    expect(sizes).toEqual([250, 250, 100]);
    expect(visible.size).toBe(540);
    expect(visible.has('component:default/svc-599')).toBe(true);
    expect(visible.has('component:default/svc-597')).toBe(false);
  });
});
