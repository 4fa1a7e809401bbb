/*
 * The org-wide page's routes against the real thing: the catalog backend
 * (entities from a file location), the permission backend with a policy that
 * hides entities annotated `example.com/restricted` from everyone but their
 * owners, and this plugin with its scheduled refresh run on demand. A user who
 * cannot see an entity in the catalog does not see its row, its runs in any
 * sum, or its line in the CSV.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult, isResourcePermission, type PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { capturingScheduler } from './__testUtils__/capturingScheduler';
import { serviceFixture, twoStageDockerfile } from './__testUtils__/fixtures';
import { localBaseImages } from './__testUtils__/engine';
import { onBehalfOfAuthFactories } from './__testUtils__/onBehalfOfAuth';
import { multistageBuildPlugin } from './plugin';

jest.setTimeout(120_000);

class RestrictedEntitiesPolicy implements PermissionPolicy {
  async handle(query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (query.permission.name === 'catalog.entity.read' && isResourcePermission(query.permission, 'catalog-entity') && user) {
      return createCatalogConditionalDecision(query.permission, {
        anyOf: [
          { not: catalogConditions.hasAnnotation({ annotation: 'example.com/restricted' }) },
          catalogConditions.isEntityOwner({ claims: user.info.ownershipEntityRefs ?? [] }),
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'restricted-entities-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new RestrictedEntitiesPolicy());
      },
    });
  },
});

const component = (name: string, owner: string, annotations: Record<string, string> = {}) =>
  [
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    '    stagecraft.io/dockerfile: Dockerfile',
    ...Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`),
    'spec:',
    '  type: service',
    `  owner: ${owner}`,
    '  lifecycle: production',
  ].join('\n');

const fillers = 480;

describe('the org-wide analytics routes with a real catalog and permission policy', () => {
  it('shows each user the rows, sums and CSV lines of the entities they may see, and nothing else', async () => {
    // Its build fails at a RUN step on the real engine: a failed run the figures count.
    const { root, serviceDir } = serviceFixture(`${twoStageDockerfile.replace('RUN echo built > /out', 'RUN exit 3')}`);
    const catalogFile = join(serviceDir, 'catalog-info.yaml');
    writeFileSync(
      catalogFile,
      [
        component('svc', 'user:default/owner'),
        component('vault', 'user:default/owner', { 'example.com/restricted': 'true' }),
        component('plain-no-dockerfile', 'user:default/owner').replace('    stagecraft.io/dockerfile: Dockerfile\n', ''),
        // Enough entities that one permission request for all would be refused (413: over 100 kB).
        ...Array.from({ length: fillers }, (_, i) => component(`filler-${String(i).padStart(3, '0')}`, 'group:default/others')),
        '',
      ].join('\n'),
    );
    const scheduler = capturingScheduler();
    const { server } = await startTestBackend({
      features: [
        multistageBuildPlugin,
        catalogPlugin,
        permissionPlugin,
        policyModule,
        scheduler.factory,
        ...onBehalfOfAuthFactories,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: { rules: [{ allow: ['Component'] }], locations: [{ type: 'file', target: catalogFile }] },
            multistageBuild: {
              allowedRoots: [root],
              docker: { host: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' },
              builds: { buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, measureStageSizes: false },
              analytics: { scanRequestsPerSecond: 1000, visibilityCacheSeconds: 0 },
            },
          },
        }),
      ],
    });
    const owner = mockCredentials.user.header('user:default/owner');
    const stranger = mockCredentials.user.header('user:default/stranger');
    const api = '/api/multistage-build';

    // Both tasks are scheduled to run on one replica at a time.
    expect(scheduler.tasks.get('multistage-build-fleet-refresh')?.scope).toBe('global');
    expect(scheduler.tasks.get('multistage-build-day-rollup')?.scope).toBe('global');

    // The catalog reads its location in the background; the owner sees all three once it has.
    for (let i = 0; i < 100; i++) {
      const found = await request(server).get('/api/catalog/entities').set('Authorization', owner);
      if (found.status === 200 && found.body.length === 3 + fillers && found.body.every((e: any) => e.relations?.length > 0)) break;
      await new Promise(r => setTimeout(r, 200));
    }
    await scheduler.run('multistage-build-fleet-refresh');

    // The build fails within seconds: the run counts as soon as it has finished.
    const built = await request(server).post(`${api}/entities/component/default/svc/builds`).set('Authorization', owner).send({});
    expect(built.status).toBe(202);
    for (let i = 0; i < 300; i++) {
      const run = await request(server).get(`${api}/builds/${built.body.id}`).set('Authorization', owner);
      if (run.body.run?.status === 'failed') break;
      await new Promise(r => setTimeout(r, 100));
    }

    const rows = async (who: string, query = '') => {
      const response = await request(server).get(`${api}/fleet/entities?days=7${query}`).set('Authorization', who);
      expect(response.status).toBe(200);
      return response.body.items.map((r: { name: string }) => r.name);
    };
    expect(await rows(owner, '&search=v')).toEqual(['svc', 'vault']);
    expect(await rows(stranger, '&search=v')).toEqual(['svc']);
    expect(await rows(stranger, '&state=failing')).toEqual(['svc']);
    expect(await rows(owner, '&state=never-built&search=v')).toEqual(['vault']);
    expect((await request(server).get(`${api}/fleet/entities?days=7&limit=1`).set('Authorization', stranger)).body.total).toBe(1 + fillers);

    const svc = (await request(server).get(`${api}/fleet/entities?days=7&search=svc`).set('Authorization', stranger)).body.items[0];
    expect(svc).toMatchObject({ owner: 'user:default/owner', lifecycle: 'production', builds: 1, lastBuild: { status: 'failed' } });
    // The refresh analysed the Dockerfile (the fixture's runs as root: one info).
    expect(svc.openFindings).toEqual(expect.objectContaining({ error: 0 }));
    expect(svc.scannedAt).not.toBeNull();

    const summary = async (who: string) => (await request(server).get(`${api}/fleet/summary?days=7`).set('Authorization', who)).body;
    expect((await summary(owner)).headline).toMatchObject({ entities: 2 + fillers, builds: 1, failed: 1, neverBuiltEntities: 1 + fillers });
    expect((await summary(stranger)).headline).toMatchObject({ entities: 1 + fillers, builds: 1, failed: 1, neverBuiltEntities: fillers });

    const csv = await request(server).get(`${api}/fleet/entities.csv?days=7`).set('Authorization', stranger);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="build-analytics-7d.csv"');
    expect(csv.text).toContain('component:default/svc,');
    expect(csv.text).not.toContain('vault');
    expect((await request(server).get(`${api}/fleet/entities.csv?days=7`).set('Authorization', owner)).text).toContain('component:default/vault,');

    // Bad parameters are a 400 naming them (plugin.test.ts: no credentials, a 401).
    const bad = await request(server).get(`${api}/fleet/entities?days=8&sort=size`).set('Authorization', owner);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/query\.days: must be one of 7, 30, 90/);
    expect(bad.body.error.message).toMatch(/query\.sort/);
    expect((await request(server).get(`${api}/fleet/summary?days=7&x=1`).set('Authorization', owner)).status).toBe(400);
  });
});
