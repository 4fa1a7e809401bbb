import { mockServices } from '@backstage/backend-test-utils';
import type { StageSummary } from '@stagecraft/plugin-multistage-build-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseDockerfileSnapshotStore } from './DockerfileSnapshotStore';

const { databases, ids } = createTestDatabases();

const stage: StageSummary = {
  index: 0,
  name: 'build',
  line: 1,
  endLine: 3,
  base: 'gcc:12',
  resolvedBase: 'gcc:12',
  baseKind: 'image',
  platform: null,
  role: 'build',
  instructionCount: 3, sessionMounts: [],
};

describe.each(ids)('DatabaseDockerfileSnapshotStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    return { knex, store: await DatabaseDockerfileSnapshotStore.create({ database }) };
  }

  it('records, replaces and lists snapshots', async () => {
    const { store } = await createStore();
    const readAt = new Date('2026-11-01T10:00:00Z');

    await store.record({
      entityRef: 'component:default/b',
      path: 'Dockerfile',
      location: '/x/b/Dockerfile',
      digest: 'sha256:1',
      stages: [stage],
      parseErrorCount: 0,
      readAt,
    });
    await store.record({
      entityRef: 'component:default/a',
      path: 'build/Dockerfile',
      location: '/x/a/build/Dockerfile',
      digest: 'sha256:2',
      stages: [],
      parseErrorCount: 2,
      readAt,
    });
    await store.record({
      entityRef: 'component:default/b',
      path: 'Dockerfile',
      location: '/x/b/Dockerfile',
      digest: 'sha256:3',
      stages: [stage, { ...stage, index: 1, name: 'runtime', role: 'runtime' }],
      parseErrorCount: 0,
      readAt: new Date('2026-11-02T10:00:00Z'),
    });

    const all = await store.list();
    expect(all.map(s => [s.entityRef, s.digest, s.stages.length, s.parseErrorCount])).toEqual([
      ['component:default/a', 'sha256:2', 0, 2],
      ['component:default/b', 'sha256:3', 2, 0],
    ]);
    const b = await store.get('component:default/b');
    expect(b?.stages[1]).toEqual({ ...stage, index: 1, name: 'runtime', role: 'runtime' });
    expect(b?.readAt.toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(await store.get('component:default/none')).toBeUndefined();
  });

  it('keeps each analysed version with its finding counts and when it was first seen', async () => {
    const { store } = await createStore();
    const entityRef = 'component:default/v';
    const snapshot = { entityRef, path: 'Dockerfile', location: '/x/Dockerfile', stages: [stage], parseErrorCount: 0 };
    await store.record({ ...snapshot, digest: 'sha256:1', findings: { error: 1, warning: 2, info: 3 }, readAt: new Date('2026-11-01T10:00:00Z') });
    await store.record({ ...snapshot, digest: 'sha256:2', findings: { error: 0, warning: 1, info: 3 }, readAt: new Date('2026-11-02T10:00:00Z') });
    await store.record({ ...snapshot, digest: 'sha256:1', findings: { error: 1, warning: 2, info: 3 }, readAt: new Date('2026-11-03T10:00:00Z') });
    await store.record({ ...snapshot, digest: 'sha256:9', readAt: new Date('2026-11-04T10:00:00Z') });

    expect(await store.versions(entityRef)).toEqual([
      { digest: 'sha256:2', firstSeenAt: '2026-11-02T10:00:00.000Z', lastSeenAt: '2026-11-02T10:00:00.000Z', findings: { error: 0, warning: 1, info: 3 }, parseErrors: 0 },
      { digest: 'sha256:1', firstSeenAt: '2026-11-01T10:00:00.000Z', lastSeenAt: '2026-11-03T10:00:00.000Z', findings: { error: 1, warning: 2, info: 3 }, parseErrors: 0 },
    ]);
    expect(await store.versions('component:default/none')).toEqual([]);
  });

  it('migrates down and up again', async () => {
    const { knex } = await createStore();
    const directory = require('node:path').resolve(__dirname, '../../migrations');

    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('multistage_dockerfile_snapshots')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('multistage_dockerfile_snapshots')).toBe(true);
  });
});
