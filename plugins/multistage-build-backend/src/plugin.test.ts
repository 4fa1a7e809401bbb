import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { serviceFixture } from './__testUtils__/fixtures';
import { multistageBuildPlugin } from './plugin';

describe('multistageBuildPlugin', () => {
  it('serves an entity Dockerfile through the real backend wiring', async () => {
    const { root, entity } = serviceFixture();
    const { server } = await startTestBackend({
      features: [
        multistageBuildPlugin,
        catalogServiceMock.factory({ entities: [entity()] }),
        // Requests without a token are anonymous, as in a real backend.
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.rootConfig.factory({
          data: {
            multistageBuild: {
              allowedRoots: [root],
              docker: { host: 'unix:///nonexistent/docker.sock' },
            },
          },
        }),
      ],
    });

    const health = await request(server).get('/api/multistage-build/health');
    const unauthenticated = await request(server).get(
      '/api/multistage-build/entities/component/default/svc/dockerfile',
    );
    const response = await request(server)
      .get('/api/multistage-build/entities/component/default/svc/dockerfile')
      .set('Authorization', mockCredentials.user.header());

    expect(health.body).toEqual({ status: 'ok' });
    expect(unauthenticated.status).toBe(401);
    // The org-wide page's routes too: no token, no figures.
    for (const path of ['/fleet/summary', '/fleet/entities', '/fleet/entities.csv']) {
      expect([path, (await request(server).get(`/api/multistage-build${path}`)).status]).toEqual([path, 401]);
    }
    expect(response.status).toBe(200);
    expect(response.body.stages.map((s: any) => s.name)).toEqual(['build', 'runtime']);
  });
});
