/*
 * The OpenAPI document describes exactly the routes the plugin serves: every
 * route is documented and nothing documented is missing from the router.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { serviceFixture } from '../__testUtils__/fixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createBuildRouter } from '../buildRouter';
import { createFleetRouter } from '../fleetRouter';
import { FleetEntityStore } from '../database/FleetEntityStore';
import { RollupStore } from '../database/RollupStore';
import { FleetAnalytics } from '../fleet/FleetAnalytics';
import { VisibleEntities } from '../fleet/VisibleEntities';
import { BuildAnalytics } from '../builds/BuildAnalytics';
import { BuildContextSource } from '../source/BuildContextSource';
import { BuildService } from '../builds/BuildService';
import { buildStores, refusingBuilders } from '../__testUtils__/buildStores';
import { DatabaseDockerfileSnapshotStore } from '../database/DockerfileSnapshotStore';
import { createRouter } from '../router';
import { DockerfileSource } from '../source/DockerfileSource';
import { EntityDockerfileService } from '../service/EntityDockerfileService';
import { EntityAccess } from '../http/entityAccess';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const analysis = analysisPoolForTests();

const { databases } = createTestDatabases();

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routesOf(stack: Layer[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map(method => `${method.toUpperCase()} ${path}`);
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

describe('openapi.yaml', () => {
  it('documents exactly the routes the router serves', async () => {
    const { root, entity } = serviceFixture();
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const urlReader = mockServices.urlReader.mock();
    const dockerfiles = new DockerfileSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root], maxDockerfileBytes: 4096 });
    const snapshots = await DatabaseDockerfileSnapshotStore.create({ database });
    const { runs, configs, queue, eventStore } = await buildStores(database);
    const builders = refusingBuilders(1);
    const entities = new EntityDockerfileService({ analysis, source: dockerfiles, snapshots });
    const access = new EntityAccess({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock({ entities: [entity()] }),
    });
    const builds = new BuildService({
      analysis,
      runs, configs, queue, eventStore, builders, dockerfiles, logger: mockServices.logger.mock(), concurrency: 1,
      contexts: new BuildContextSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root] }),
    });
    const fleetEntities = await FleetEntityStore.create({ database });
    const fleet = new FleetAnalytics({ rollups: await RollupStore.create({ database }), entities: fleetEntities });
    const router = await createRouter({
      analysis,
      access,
      entityDockerfiles: entities,
      snapshots,
      engine: builders,
      maxDockerfileBytes: 4096,
      buildRoutes: () =>
        createBuildRouter({ analysis, access, dockerfiles, configs, runs, builds, analytics: new BuildAnalytics(runs), builders, queue }),
      fleetRoutes: () => createFleetRouter({ access, fleet, visible: new VisibleEntities({ access, entities: fleetEntities, ttlMs: 0 }) }),
    });
    const spec = parse(readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'));

    const documented = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter(key => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
        .map(method => `${method.toUpperCase()} ${path}`),
    );
    expect(spec.openapi).toMatch(/^3\./);
    // Backstage's permission integration routes are the framework's, documented by Backstage.
    const served = routesOf((router as unknown as { stack: Layer[] }).stack).filter(r => !r.includes('/.well-known/'));
    expect(served.sort()).toEqual(documented.sort());
  });
});
