/*
 * The scheduled refresh against a real database, a real analysis pool and
 * the catalog's in-memory mock: which entities it keeps, that unchanged
 * remote Dockerfiles are not sent again (etag), that changed rule severities
 * re-analyse, that a failure is recorded and keeps the last counts, and that
 * reads are spaced to the request rate.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FleetEntityStore } from '../database/FleetEntityStore';
import { DockerfileSource } from '../source/DockerfileSource';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';
import { serviceFixture } from '../__testUtils__/fixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { FleetRefresh } from './FleetRefresh';

const analysis = analysisPoolForTests();
const { databases } = createTestDatabases();

const remote = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    title: `The ${name}`,
    annotations: {
      'backstage.io/managed-by-location': `url:https://github.com/acme/${name}/blob/main/catalog-info.yaml`,
      'stagecraft.io/dockerfile': 'Dockerfile',
    },
  },
  spec: { type: 'service', owner: 'group:default/team-a', system: 'shop', lifecycle: 'production' },
});
const unannotated: Entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'plain' }, spec: {} };

describe('FleetRefresh', () => {
  const { root, entity: local } = serviceFixture();
  // Judged by the CLI on the same text: 3 warnings (copy-all-before-install, install-without-lockfile,
  // end-of-life-base) and 3 infos (root-final-stage, add-instead-of-copy, json-args-recommended).
  const remoteText = [
    'FROM node:18 AS build',
    'WORKDIR /app',
    'COPY . .',
    'RUN npm install',
    'FROM node:18',
    'COPY --from=build /app /app',
    'ADD app.js /app/',
    'CMD node /app/app.js',
    '',
  ].join('\n');

  async function setup(options: { entities: Entity[]; severityOverrides?: Record<string, 'off' | 'error'>; store?: FleetEntityStore }) {
    const knex = await databases.init('SQLITE_3');
    const store = options.store ?? (await FleetEntityStore.create({ database: mockServices.database({ knex, migrations: { skip: false } }) }));
    const reads: { url: string; etag?: string }[] = [];
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string, readOptions?: { etag?: string }) => {
        reads.push({ url, etag: readOptions?.etag });
        if (readOptions?.etag === '"v1"') throw new NotModifiedError('unchanged');
        return { buffer: async () => Buffer.from(remoteText), etag: '"v1"' };
      },
    });
    const waits: number[] = [];
    const refresh = new FleetRefresh({
      catalog: catalogServiceMock({ entities: options.entities }),
      auth: mockServices.auth(),
      entities: store,
      source: new DockerfileSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root], maxDockerfileBytes: 4096 }),
      analysis,
      logger: mockServices.logger.mock(),
      severityOverrides: options.severityOverrides ?? {},
      requestsPerSecond: 2,
      pageSize: 1,
      sleep: async ms => {
        waits.push(ms);
      },
    });
    return { store, refresh, reads, waits };
  }

  it('keeps every annotated entity with its catalog fields and the findings of its Dockerfile', async () => {
    const { store, refresh } = await setup({ entities: [remote('api'), local(), unannotated] });
    expect(await refresh.run()).toMatchObject({ entities: 2, analysed: 2, unchanged: 0, failed: 0 });

    const api = await store.get('component:default/api');
    expect(api).toMatchObject({ title: 'The api', owner: 'group:default/team-a', system: 'shop', lifecycle: 'production', type: 'service', scanError: null, dockerfileEtag: '"v1"' });
    expect(api!.openFindings).toEqual({ error: 0, warning: 3, info: 3 });
    const rules = await store.ruleCounts(['component:default/api'], 20);
    expect(rules.map(r => r.ruleId).sort()).toEqual([
      'add-instead-of-copy',
      'copy-all-before-install',
      'end-of-life-base',
      'install-without-lockfile',
      'json-args-recommended',
      'root-final-stage',
    ]);
    expect(rules.find(r => r.ruleId === 'end-of-life-base')).toEqual({ ruleId: 'end-of-life-base', severity: 'warning', findings: 1, entities: 1 });
    expect(await store.get('component:default/plain')).toBeUndefined();
  });

  it('reads an unchanged remote Dockerfile conditionally and does not analyse it again', async () => {
    const { store, refresh, reads } = await setup({ entities: [remote('api')] });
    await refresh.run();
    const first = await store.get('component:default/api');
    expect(await refresh.run()).toMatchObject({ analysed: 0, unchanged: 1 });
    expect(reads.map(r => r.etag)).toEqual([undefined, '"v1"']);
    expect((await store.get('component:default/api'))!.scannedAt).toBe(first!.scannedAt);
  });

  it('analyses again, unconditionally, when the rule severities changed', async () => {
    const { store, refresh } = await setup({ entities: [remote('api')] });
    await refresh.run();
    const silenced = 'end-of-life-base';
    expect((await store.ruleCounts(['component:default/api'], 20)).map(r => r.ruleId)).toContain(silenced);
    const again = await setup({ entities: [remote('api')], severityOverrides: { [silenced]: 'off' }, store });
    expect(await again.refresh.run()).toMatchObject({ analysed: 1 });
    expect(again.reads.map(r => r.etag)).toEqual([undefined]);
    expect((await store.ruleCounts(['component:default/api'], 20)).map(r => r.ruleId)).not.toContain(silenced);
    expect((await store.get('component:default/api'))!.openFindings).toEqual({ error: 0, warning: 2, info: 3 });
  });

  it('records why a Dockerfile could not be read, and forgets entities that left the catalog', async () => {
    const { store, refresh } = await setup({ entities: [local({ 'stagecraft.io/dockerfile': 'missing/Dockerfile' }), remote('api')] });
    expect(await refresh.run()).toMatchObject({ analysed: 1, failed: 1 });
    expect((await store.get('component:default/svc'))!.scanError).toMatch(/no Dockerfile at 'missing\/Dockerfile'/);

    const later = await setup({ entities: [remote('api')], store });
    expect(await later.refresh.run()).toMatchObject({ entities: 1, removed: 1 });
    expect(await store.allRefs()).toEqual(['component:default/api']);
  });

  it('spaces the reads to the request rate', async () => {
    const { refresh, waits } = await setup({ entities: [remote('a'), remote('b'), remote('c')] });
    await refresh.run();
    // 2 per second: the second and third read wait for their slot (the clock barely moves in between).
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(wait).toBeGreaterThan(400);
  });
});
