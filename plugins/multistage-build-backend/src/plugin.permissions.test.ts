/*
 * Entity-scoped permissions against the real thing: the catalog backend
 * (reading entities from a file location), the permission backend with a
 * policy module that says "only an entity's owners may build it, configure
 * it or read its runs" through the catalog's isEntityOwner condition, and
 * this plugin, all in one test backend. The permission backend resolves the
 * conditional decision by asking the catalog about the entity named in the
 * resourceRef, exactly as it does in a portal.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult, isResourcePermission, type PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { serviceFixture } from './__testUtils__/fixtures';
import { localBaseImages } from './__testUtils__/engine';
import { onBehalfOfAuthFactories } from './__testUtils__/onBehalfOfAuth';
import { multistageBuildPlugin } from './plugin';

jest.setTimeout(120_000);

/**
 * Owners only, for every multistage-build permission on an entity; the
 * catalog hides every entity from user:default/outsider; everything else allowed.
 */
class OwnersOnlyPolicy implements PermissionPolicy {
  async handle(query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (query.permission.name === 'catalog.entity.read' && user?.info.userEntityRef === 'user:default/outsider') {
      return { result: AuthorizeResult.DENY };
    }
    if (query.permission.name.startsWith('multistage-build.') && isResourcePermission(query.permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        query.permission,
        catalogConditions.isEntityOwner({ claims: user?.info.ownershipEntityRefs ?? [] }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const ownersOnlyPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owners-only-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnersOnlyPolicy());
      },
    });
  },
});

describe('entity-scoped permissions with a real policy', () => {
  it('lets the owner build and read runs; a non-owner gets 403 and sees no runs; an unseen entity is 404', async () => {
    const { root, serviceDir } = serviceFixture();
    const catalogFile = join(serviceDir, 'catalog-info.yaml');
    writeFileSync(
      catalogFile,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: svc',
        '  annotations:',
        '    stagecraft.io/dockerfile: Dockerfile',
        'spec:',
        '  type: service',
        '  owner: user:default/owner',
        '  lifecycle: experimental',
        '',
      ].join('\n'),
    );
    mkdirSync(join(root, 'empty'), { recursive: true });

    const { server } = await startTestBackend({
      features: [
        multistageBuildPlugin,
        catalogPlugin,
        permissionPlugin,
        ownersOnlyPolicyModule,
        ...onBehalfOfAuthFactories,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: [{ type: 'file', target: catalogFile }],
            },
            multistageBuild: {
              allowedRoots: [root],
              docker: { host: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' },
              builds: { buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, measureStageSizes: false },
            },
          },
        }),
      ],
    });
    const owner = mockCredentials.user.header('user:default/owner');
    const stranger = mockCredentials.user.header('user:default/stranger');
    const api = '/api/multistage-build';

    // The catalog reads its location in the background.
    for (let i = 0; i < 100; i++) {
      const found = await request(server).get('/api/catalog/entities/by-name/component/default/svc').set('Authorization', owner);
      if (found.status === 200 && found.body.relations?.length > 0) break;
      await new Promise(r => setTimeout(r, 200));
    }

    const built = await request(server).post(`${api}/entities/component/default/svc/builds`).set('Authorization', owner).send({});
    expect([built.status, built.body.error?.message]).toEqual([202, undefined]);
    const runId = built.body.id;

    const strangerBuild = await request(server)
      .post(`${api}/entities/component/default/svc/builds`)
      .set('Authorization', stranger)
      .send({});
    expect(strangerBuild.status).toBe(403);
    expect(strangerBuild.body.error.message).toBe('Missing permission multistage-build.run on component:default/svc');

    const strangerConfig = await request(server)
      .put(`${api}/entities/component/default/svc/config`)
      .set('Authorization', stranger)
      .send({ version: 0, config: {} });
    expect(strangerConfig.status).toBe(403);

    // Runs: the owner sees the run; the stranger sees no runs, and the run itself answers 403.
    const ownerList = await request(server).get(`${api}/builds`).set('Authorization', owner);
    expect(ownerList.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    const strangerList = await request(server).get(`${api}/builds`).set('Authorization', stranger);
    expect(strangerList.status).toBe(200);
    expect(strangerList.body.items).toEqual([]);
    const strangerRun = await request(server).get(`${api}/builds/${runId}`).set('Authorization', stranger);
    expect(strangerRun.status).toBe(403);
    expect(strangerRun.body.error.message).toBe('Missing permission multistage-build.runs.read on component:default/svc');
    const strangerCancel = await request(server).post(`${api}/builds/${runId}/cancel`).set('Authorization', stranger);
    expect(strangerCancel.status).toBe(403);
    const analytics = await request(server).get(`${api}/analytics`).set('Authorization', stranger);
    expect(analytics.body.entities).toEqual([]);
    expect(analytics.body.totals.runs).toBe(0);

    // The Dockerfile's analysis is the plugin-wide read permission: both may read it.
    const strangerDockerfile = await request(server)
      .get(`${api}/entities/component/default/svc/dockerfile`)
      .set('Authorization', stranger);
    expect(strangerDockerfile.status).toBe(200);

    // An entity the catalog does not show is 404, whatever the permission would say.
    const unseen = await request(server).post(`${api}/entities/component/default/nope/builds`).set('Authorization', owner).send({});
    expect(unseen.status).toBe(404);

    // An existing entity the catalog hides from a user is 404 to them on every route, and absent from lists.
    const outsider = mockCredentials.user.header('user:default/outsider');
    for (const [method, path] of [
      ['get', `${api}/entities/component/default/svc/dockerfile`],
      ['get', `${api}/entities/component/default/svc/config`],
      ['post', `${api}/entities/component/default/svc/builds`],
      ['get', `${api}/builds/${runId}`],
      ['get', `${api}/builds/${runId}/events`],
      ['post', `${api}/builds/${runId}/cancel`],
      ['post', `${api}/builds/${runId}/rebuild`],
    ] as const) {
      const response = await request(server)[method](path).set('Authorization', outsider).send({});
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect((await request(server).get(`${api}/builds`).set('Authorization', outsider)).body.items).toEqual([]);
    expect((await request(server).get(`${api}/snapshots`).set('Authorization', owner)).body.items).toHaveLength(1);
    expect((await request(server).get(`${api}/snapshots`).set('Authorization', outsider)).body.items).toEqual([]);
  });
});
