import { mockServices } from '@backstage/backend-test-utils';
import { defaultBuildConfig, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseBuildRunStore, type NewBuildRun } from './BuildRunStore';

const { databases, ids } = createTestDatabases();

const newRun = (id: string, overrides: Partial<NewBuildRun> = {}): NewBuildRun => ({
  id,
  entityRef: 'component:default/hello-c',
  target: null,
  config: defaultBuildConfig,
  requestedBy: 'user:default/jane',
  dockerfilePath: 'Dockerfile',
  dockerfileDigest: 'sha256:abc',
  ...overrides,
});

const step = (runId: string, digest: string, overrides: Partial<BuildStep> = {}): BuildStep => ({
  runId,
  digest,
  name: `[build 2/3] RUN make ${digest}`,
  stage: 'build',
  step: 2,
  instruction: 'RUN make',
  cached: false,
  startedAt: '2026-11-23T10:00:00.000Z',
  completedAt: null,
  durationMs: null,
  error: null,
  logTail: '',
  missReason: null, platform: null,
  ...overrides,
});

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(ids)('DatabaseBuildRunStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    return { knex, store: await DatabaseBuildRunStore.create({ database }) };
  }

  it('changes a run\'s status only from the statuses named, so a cancel or an end is never overwritten', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('t1'));
    expect((await store.transitionRun('t1', ['queued'], { status: 'running', startedAt: '2026-11-23T10:00:00.000Z' })).applied).toBe(true);
    // Started twice (two replicas claimed it): the second start does nothing.
    const again = await store.transitionRun('t1', ['queued'], { status: 'running', startedAt: '2026-11-23T10:05:00.000Z' });
    expect(again).toMatchObject({ applied: false, run: { status: 'running', startedAt: '2026-11-23T10:00:00.000Z' } });
    expect((await store.transitionRun('t1', ['queued', 'running'], { status: 'cancelled', error: 'cancelled' })).applied).toBe(true);
    const late = await store.transitionRun('t1', ['queued', 'running'], { status: 'succeeded', imageSize: 5 });
    expect(late).toMatchObject({ applied: false, run: { status: 'cancelled', error: 'cancelled', imageSize: null } });
    await expect(store.transitionRun('nope', ['queued'], { status: 'running' })).rejects.toThrow('build run nope does not exist');
  });

  it('judges the caps with the insert, so parallel requests (as from several replicas) never pass one count', async () => {
    const { store } = await createStore();
    const cap = ({ ofEntity }: { ofEntity: number }) => {
      if (ofEntity >= 5) throw new Error('over the cap');
    };
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => store.createRun(newRun(`c${i}`), cap)));
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(5);
    expect(results.filter(r => r.status === 'rejected').map(r => (r as PromiseRejectedResult).reason.message)).toEqual(Array(7).fill('over the cap'));
    expect(await store.countUnfinishedRuns({ entityRef: 'component:default/hello-c' })).toBe(5);
  });

  it('changes a run only while its lease is still over, when told to (recovery against a replica that just renewed)', async () => {
    const { store, knex } = await createStore();
    await store.createRun(newRun('l1'));
    await knex('multistage_build_runs').where({ id: 'l1' }).update({ status: 'running', claimed_by: 'r1', lease_expires_at: new Date(Date.now() + 30_000) });
    const now = new Date();
    expect((await store.transitionRun('l1', ['running'], { status: 'failed' }, { claimedBy: 'r1', leaseExpiredBy: now })).applied).toBe(false);
    await knex('multistage_build_runs').where({ id: 'l1' }).update({ lease_expires_at: new Date(Date.now() - 1000) });
    expect((await store.transitionRun('l1', ['running'], { status: 'failed' }, { claimedBy: 'r2', leaseExpiredBy: now })).applied).toBe(false);
    expect((await store.transitionRun('l1', ['running'], { status: 'failed' }, { claimedBy: 'r1', leaseExpiredBy: now })).applied).toBe(true);
  });

  it('creates a queued run and records its progress to the end', async () => {
    const { store } = await createStore();

    const created = await store.createRun(newRun('r1', { target: 'runtime' }));
    expect(created).toMatchObject({ id: 'r1', status: 'queued', target: 'runtime', startedAt: null, stageSizes: {} });

    await store.updateRun('r1', { status: 'running', startedAt: '2026-11-23T10:00:00.000Z' });
    const done = await store.updateRun('r1', {
      status: 'succeeded',
      finishedAt: '2026-11-23T10:01:00.000Z',
      imageId: 'sha256:image',
      imageSize: 5_000_000_000,
      stageSizes: { build: 1, runtime: 2 },
      cacheHits: 3,
      cacheMisses: 2,
      timeSavedMs: 12_345,
    });

    expect(done).toMatchObject({
      status: 'succeeded',
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:01:00.000Z',
      imageSize: 5_000_000_000,
      stageSizes: { build: 1, runtime: 2 },
      cacheHits: 3,
      timeSavedMs: 12_345,
      config: defaultBuildConfig,
    });
  });

  it('lists runs newest first, by entity and status, and finds the previous finished run of a target', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('a'));
    await sleep(5);
    await store.createRun(newRun('b', { target: 'test' }));
    await sleep(5);
    await store.createRun(newRun('c'));
    await sleep(5);
    await store.createRun(newRun('other', { entityRef: 'component:default/x' }));
    await store.updateRun('a', { status: 'succeeded' });
    await store.updateRun('b', { status: 'failed' });

    expect((await store.listRuns({ entityRef: 'component:default/hello-c' })).map(r => r.id)).toEqual(['c', 'b', 'a']);
    expect((await store.listRuns({ status: ['queued'] })).map(r => r.id)).toEqual(['other', 'c']);
    expect((await store.listRuns({ limit: 1 })).map(r => r.id)).toEqual(['other']);
    const c = (await store.getRun('c'))!;
    expect((await store.previousRun({ entityRef: c.entityRef, target: null, before: c.createdAt }))?.id).toBe('a');
    expect((await store.previousRun({ entityRef: c.entityRef, target: 'test', before: c.createdAt }))?.id).toBe('b');
    expect(await store.previousRun({ entityRef: c.entityRef, target: 'nope', before: c.createdAt })).toBeUndefined();
  });

  it('pages and filters runs by status and target, and counts what matches', async () => {
    const { store } = await createStore();
    for (let i = 0; i < 7; i++) {
      await store.createRun(newRun(`r${i}`, { target: i % 2 ? 'test' : null, findings: { error: 0, warning: i, info: 1 } }));
      if (i % 3 === 0) await store.updateRun(`r${i}`, { status: 'failed' });
      await sleep(3);
    }
    const entityRef = 'component:default/hello-c';

    expect((await store.listRuns({ entityRef, limit: 3 })).map(r => r.id)).toEqual(['r6', 'r5', 'r4']);
    expect((await store.listRuns({ entityRef, limit: 3, offset: 3 })).map(r => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect((await store.listRuns({ entityRef, limit: 3, offset: 6 })).map(r => r.id)).toEqual(['r0']);
    expect(await store.countRuns({ entityRef })).toBe(7);
    expect((await store.listRuns({ entityRef, target: 'test' })).map(r => r.id)).toEqual(['r5', 'r3', 'r1']);
    expect((await store.listRuns({ entityRef, target: null })).map(r => r.id)).toEqual(['r6', 'r4', 'r2', 'r0']);
    expect(await store.countRuns({ entityRef, target: null, status: ['failed'] })).toBe(2);
    expect(await store.countRunsByStatus({ entityRef })).toEqual({ failed: 3, queued: 4 });
    expect(await store.countRuns({ entityRefs: [] })).toBe(0);
    expect((await store.getRun('r4'))!.findings).toEqual({ error: 0, warning: 4, info: 1 });
  });

  it('stores each step\'s whole output and sums step durations per stage in one query', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('r1'));
    await store.createRun(newRun('r2'));
    await store.saveSteps([
      step('r1', 'd1', { stage: 'build', durationMs: 1000 }),
      step('r1', 'd2', { stage: 'build', durationMs: 500 }),
      step('r1', 'd3', { stage: 'runtime', durationMs: 200 }),
      step('r1', 'd4', { stage: null, durationMs: 9000 }),
      step('r2', 'd1', { stage: 'build', durationMs: null }),
    ]);
    const big = 'x'.repeat(300_000);
    await store.saveStepLogs('r1', [
      { digest: 'd1', text: `line 1\n${big}`, droppedBytes: 0 },
      { digest: 'd2', text: 'tail', droppedBytes: 123 },
    ]);

    expect(await store.stepLog('r1', 'd1')).toEqual({ digest: 'd1', text: `line 1\n${big}`, droppedBytes: 0 });
    expect(await store.stepLog('r1', 'd2')).toEqual({ digest: 'd2', text: 'tail', droppedBytes: 123 });
    expect(await store.stepLog('r1', 'd3')).toBeUndefined();
    expect(await store.stepLog('r2', 'd1')).toBeUndefined();
    expect(Object.fromEntries(await store.stageDurations(['r1', 'r2', 'none']))).toEqual({
      r1: { build: 1500, runtime: 200 },
      r2: {},
      none: {},
    });
  });

  it('keeps steps in first-seen order and updates them in place', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('r'));

    await store.saveSteps([step('r', 'sha256:1'), step('r', 'sha256:2')]);
    await store.saveSteps([
      step('r', 'sha256:2', { completedAt: '2026-11-23T10:00:02.000Z', durationMs: 2000, logTail: 'ok\n' }),
      step('r', 'sha256:3', { cached: true, missReason: null, platform: null }),
      step('r', 'sha256:1', { error: 'exit code 2', missReason: { kind: 'instruction-changed', before: 'RUN a', after: 'RUN b' } }),
    ]);

    const saved = await store.listSteps('r');
    expect(saved.map(s => s.digest)).toEqual(['sha256:1', 'sha256:2', 'sha256:3']);
    expect(saved[0]).toMatchObject({ error: 'exit code 2', missReason: { kind: 'instruction-changed' } });
    expect(saved[1]).toMatchObject({ durationMs: 2000, logTail: 'ok\n', completedAt: '2026-11-23T10:00:02.000Z' });
    expect(saved[2].cached).toBe(true);
  });

  it('finds how long each step took when it last ran uncached', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('r1'));
    await store.createRun(newRun('r2'));
    await store.saveSteps([
      step('r1', 'sha256:a', { durationMs: 1000, completedAt: '2026-11-23T10:00:01.000Z' }),
      step('r1', 'sha256:b', { durationMs: 50, cached: true, completedAt: '2026-11-23T10:00:01.000Z' }),
    ]);
    await store.saveSteps([step('r2', 'sha256:a', { durationMs: 3000, completedAt: '2026-11-23T11:00:03.000Z' })]);

    const durations = await store.uncachedDurations(['sha256:a', 'sha256:b', 'sha256:c']);

    expect([...durations]).toEqual([['sha256:a', 3000]]);
  });

  it('stores context digests in batches and reads them back', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('r'));
    const files = Array.from({ length: 1234 }, (_, i) => ({ path: `src/f${i}.c`, digest: `sha256:${i}`, size: i }));

    await store.saveContextFiles('r', files);

    const read = await store.contextFiles('r');
    expect(read.size).toBe(1234);
    expect(read.get('src/f1000.c')).toBe('sha256:1000');
  });

  it('lists runs of a set of entities, and every entity that has runs', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('a'));
    await store.createRun(newRun('b', { entityRef: 'component:default/other' }));
    await store.createRun(newRun('c', { entityRef: 'component:default/third' }));

    expect(await store.entityRefsWithRuns()).toEqual(['component:default/hello-c', 'component:default/other', 'component:default/third']);
    expect((await store.listRuns({ entityRefs: ['component:default/other', 'component:default/third'] })).map(r => r.id).sort()).toEqual(['b', 'c']);
    expect(await store.listRuns({ entityRefs: [] })).toEqual([]);
  });

  it('counts unfinished runs of an entity and of a user', async () => {
    const { store } = await createStore();
    await store.createRun(newRun('q'));
    await store.createRun(newRun('r'));
    await store.createRun(newRun('s', { entityRef: 'component:default/other', requestedBy: 'user:default/joe' }));
    await store.createRun(newRun('t'));
    await store.updateRun('r', { status: 'running' });
    await store.updateRun('t', { status: 'cancelled' });

    expect(await store.countUnfinishedRuns({ entityRef: 'component:default/hello-c' })).toBe(2);
    expect(await store.countUnfinishedRuns({ requestedBy: 'user:default/jane' })).toBe(2);
    expect(await store.countUnfinishedRuns({ requestedBy: 'user:default/joe' })).toBe(1);
    expect(await store.countUnfinishedRuns({ requestedBy: 'user:default/nobody' })).toBe(0);
  });

  it('migrates down and up again, one migration at a time', async () => {
    const { knex } = await createStore();
    const directory = require('node:path').resolve(__dirname, '../../migrations');
    const tables = ['multistage_build_configs', 'multistage_build_runs', 'multistage_build_steps', 'multistage_build_context_files'];

    const workspace = ['multistage_build_config_versions', 'multistage_dockerfile_versions', 'multistage_build_step_logs'];
    // A stored configuration starts its history when the workspace migration runs again.
    await knex('multistage_build_configs').insert({ entity_ref: 'component:default/kept', version: 3, config_json: '{}', updated_by: null, updated_at: new Date() });
    const fleet = ['multistage_entities', 'multistage_entity_rule_findings', 'multistage_build_day_rollups', 'multistage_rollup_state'];
    for (const table of fleet) expect(await knex.schema.hasTable(table)).toBe(true);
    expect(await knex.schema.hasTable('multistage_build_events')).toBe(true);
    expect(await knex.schema.hasColumn('multistage_build_runs', 'pushed_json')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await knex.schema.hasColumn('multistage_build_runs', 'pushed_json')).toBe(false);
    expect(await knex.schema.hasColumn('multistage_build_steps', 'platform')).toBe(false);
    expect(await knex.schema.hasTable('multistage_build_events')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await knex.schema.hasTable('multistage_build_events')).toBe(false);
    expect(await knex.schema.hasColumn('multistage_build_runs', 'claimed_by')).toBe(false);
    for (const table of fleet) expect(await knex.schema.hasTable(table)).toBe(true);
    await knex.migrate.down({ directory });
    for (const table of fleet) expect(await knex.schema.hasTable(table)).toBe(false);
    await knex.migrate.down({ directory });
    for (const table of workspace) expect(await knex.schema.hasTable(table)).toBe(false);
    expect(await knex.schema.hasColumn('multistage_build_runs', 'finding_errors')).toBe(false);
    await knex.migrate.up({ directory });
    expect((await knex('multistage_build_config_versions')).map(r => [r.entity_ref, r.version])).toEqual([['component:default/kept', 3]]);
    await knex('multistage_build_configs').delete();
    await knex.migrate.down({ directory });
    await knex.migrate.down({ directory });
    expect(await knex.schema.hasColumn('multistage_build_runs', 'default_build_args_json')).toBe(false);
    expect(await knex.schema.hasTable('multistage_build_runs')).toBe(true);
    await knex.migrate.down({ directory });
    for (const table of tables) expect(await knex.schema.hasTable(table)).toBe(false);
    expect(await knex.schema.hasTable('multistage_dockerfile_snapshots')).toBe(true);
    await knex.migrate.up({ directory });
    for (const table of tables) expect(await knex.schema.hasTable(table)).toBe(true);
    await knex.migrate.up({ directory });
    expect(await knex.schema.hasColumn('multistage_build_runs', 'default_build_args_json')).toBe(true);
    await knex.migrate.up({ directory });
    for (const table of workspace) expect(await knex.schema.hasTable(table)).toBe(true);
    await knex.migrate.up({ directory });
    for (const table of fleet) expect(await knex.schema.hasTable(table)).toBe(true);
    await knex.migrate.up({ directory });
    expect(await knex.schema.hasTable('multistage_build_events')).toBe(true);
    expect(await knex.schema.hasColumn('multistage_build_runs', 'claimed_by')).toBe(true);
    await knex.migrate.up({ directory });
    expect(await knex.schema.hasColumn('multistage_build_runs', 'pushed_json')).toBe(true);
    expect(await knex.schema.hasColumn('multistage_build_steps', 'platform')).toBe(true);
  });
});
