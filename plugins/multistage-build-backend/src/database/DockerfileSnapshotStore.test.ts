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
  instructionCount: 3,
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

  it('migrates down and up again', async () => {
    const { knex } = await createStore();
    const directory = require('node:path').resolve(__dirname, '../../migrations');

    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('multistage_dockerfile_snapshots')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('multistage_dockerfile_snapshots')).toBe(true);
  });
});
