import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { buildStores } from '../__testUtils__/buildStores';
import type { EngineCandidate } from '../engine/Builders';
import knexFactory from 'knex';

const { databases, ids } = createTestDatabases();

const entity = (name: string): Entity => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name, namespace: 'default' } });
const one: EngineCandidate = { name: 'one', platforms: ['linux/amd64'], concurrency: 2 };
const two: EngineCandidate = { name: 'two', platforms: ['linux/amd64', 'linux/arm64'], concurrency: 3 };

describe.each(ids)('RunQueueStore on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const { runs, queue: store } = await buildStores(database);
    /** Queues a run of entity `name`; distinct creation times keep the order of queueing. */
    const add = async (name: string, platforms: string[] = []) => {
      const id = randomUUID();
      await runs.createRun({
        id,
        entityRef: `component:default/${name}`,
        target: null,
        config: { ...defaultBuildConfig, platforms },
        requestedBy: null,
        dockerfilePath: 'Dockerfile',
        dockerfileDigest: 'sha256:x',
        entity: entity(name),
      });
      await new Promise(r => setTimeout(r, 5));
      return id;
    };
    const claim = (replica: string, engines: EngineCandidate[] = [one, two]) => store.claim({ replica, leaseMs: 30_000, engines });
    return { runs, store, add, claim, knex };
  }

  it('claims the oldest run first with the claim recorded, and never more than a builder takes', async () => {
    const { store, add, claim } = await setup();
    const first = await add('a');
    for (let i = 0; i < 6; i++) await add(`e${i}`);
    const got = await claim('r1');
    expect(got?.run).toMatchObject({ id: first, status: 'running', engine: 'one' });
    expect(got?.entity.metadata.name).toBe('a');
    expect(got?.attempt).toBe(1);
    // 5 slots in all (2 + 3): 4 more claims succeed, then none until a build ends.
    const more = [];
    for (let i = 0; i < 6; i++) more.push(await claim(i % 2 ? 'r1' : 'r2'));
    expect(more.filter(Boolean)).toHaveLength(4);
    expect(Object.fromEntries(await store.runningPerEngine())).toEqual({ one: 2, two: 3 });
    expect(await store.queuedCount()).toBe(2);
    expect(await claim('r1', [])).toBeUndefined();
  });

  it('holds each builder to its limit when many claims race, from two replicas at once', async () => {
    const { store, add, claim, knex } = await setup();
    for (let i = 0; i < 12; i++) await add(`r${i}`);
    // On PostgreSQL the second replica has a connection pool of its own: separate sessions racing for
    // real. (SQLite serialises every writer; a second pool on an in-memory file would be another database.)
    const postgres = databaseId.startsWith('POSTGRES');
    const other = postgres ? knexFactory(knex.client.config) : knex;
    const { queue: second } = await buildStores(mockServices.database({ knex: other, migrations: { skip: true } }));
    const claimOn = (i: number) =>
      i % 2 ? claim('a') : second.claim({ replica: 'b', leaseMs: 30_000, engines: [one, two] });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => claimOn(i)));
    const claimed = results.filter(Boolean);
    expect(claimed).toHaveLength(5);
    expect(new Set(claimed.map(c => c!.run.id)).size).toBe(5);
    expect(Object.fromEntries(await store.runningPerEngine())).toEqual({ one: 2, two: 3 });
    if (postgres) await other.destroy();
  });

  it('looks past queued runs no builder can take now, to one that fits', async () => {
    const { add, claim } = await setup();
    for (let i = 0; i < 120; i++) await add(`arm-${i}`, ['linux/arm64']);
    const amd = await add('amd');
    // Only "one" has room, and it builds amd64 only: the 120 arm64 runs ahead wait, the amd64 one goes.
    expect((await claim('r1', [one]))?.run.id).toBe(amd);
  });

  it('sends an entity back to the builder that built it last while it has room, and a platform only where it is built', async () => {
    const { runs, add, claim } = await setup();
    const earlier = await add('warm');
    await claim('r1', [two]);
    await runs.transitionRun(earlier, ['running'], { status: 'succeeded', finishedAt: new Date().toISOString() });
    const again = await add('warm');
    // Both are empty, and "one" would win on name; the warm cache wins.
    expect((await claim('r1'))?.run).toMatchObject({ id: again, engine: 'two' });
    const arm = await add('arm', ['linux/arm64']);
    const amd = await add('amd');
    // Only "two" builds arm64; with "two" left out the arm64 run waits and the next one goes ahead.
    expect((await claim('r1', [one]))?.run.id).toBe(amd);
    expect((await claim('r1'))?.run).toMatchObject({ id: arm, engine: 'two' });
  });

  it('places a run only on the builders it may go to (an SSH agent served per builder)', async () => {
    const { add, store } = await setup();
    const pinned = await add('pinned');
    const other = await add('other');
    const buildersFor = (_config: unknown, entityRef: string) => (entityRef === 'component:default/pinned' ? ['two'] : null);
    // "two" is left out: the pinned run waits and the next goes to "one".
    expect((await store.claim({ replica: 'r1', leaseMs: 30_000, engines: [one], buildersFor }))?.run.id).toBe(other);
    expect((await store.claim({ replica: 'r1', leaseMs: 30_000, engines: [one, two], buildersFor }))?.run).toMatchObject({ id: pinned, engine: 'two' });
  });

  it('renews only leases the replica holds, and hands expired ones to recovery', async () => {
    const { store, runs, add, claim } = await setup();
    const a = await add('a');
    const b = await add('b');
    await claim('r1');
    await claim('r2');
    expect(await store.renew('r1', [a, b], 30_000)).toEqual(new Set([a]));
    await runs.transitionRun(a, ['running'], { status: 'cancelled' });
    expect(await store.renew('r1', [a], 30_000)).toEqual(new Set());
    expect(await store.setEngineBuildId(b, 'r1', 'x')).toBe(false);
    expect(await store.setEngineBuildId(b, 'r2', 'build-b')).toBe(true);
    expect(await store.engineBuildId(b)).toBe('build-b');
    expect(await store.expired(new Date())).toEqual([]);
    const later = new Date(Date.now() + 60_000);
    expect(await store.expired(later)).toEqual([
      { id: b, entityRef: 'component:default/b', claimedBy: 'r2', engine: 'two', engineBuildId: 'build-b', attempts: 1 },
    ]);
  });

  it('queues a run again only while it is still as it was read, dropping the attempt\'s steps', async () => {
    const { store, runs, add, claim } = await setup();
    const a = await add('a');
    await claim('r1');
    await runs.saveSteps([{ runId: a, digest: 'sha256:s', name: 'RUN x', stage: 'build', step: 1, instruction: 'RUN x', cached: false, startedAt: null, completedAt: null, durationMs: null, error: null, logTail: '', missReason: null, platform: null }]);
    expect(await store.requeue(a, { claimedBy: 'r2' })).toBe(false);
    // The lease has not expired by now.
    expect(await store.requeue(a, { claimedBy: 'r1', expiredBy: new Date() })).toBe(false);
    expect(await store.requeue(a, { claimedBy: 'r1', expiredBy: new Date(Date.now() + 60_000) })).toBe(true);
    expect(await runs.getRun(a)).toMatchObject({ status: 'queued', engine: null, startedAt: null });
    expect(await runs.listSteps(a)).toEqual([]);
    expect((await claim('r2'))?.attempt).toBe(2);
  });
});
