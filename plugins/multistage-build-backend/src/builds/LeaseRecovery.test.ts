import { mockServices } from '@backstage/backend-test-utils';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { buildStores, refusingBuilders } from '../__testUtils__/buildStores';
import { LeaseRecovery } from './LeaseRecovery';
import { RunEvents } from './RunEvents';

const { databases, ids } = createTestDatabases();

describe.each(ids)('LeaseRecovery on %s', databaseId => {
  it('queues again a lost run the engine never saw, fails one it was building and stops that build, and leaves held runs alone', async () => {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const { runs, queue, eventStore } = await buildStores(database);
    const builders = refusingBuilders(5);
    const cancelBuild = jest.spyOn(builders.primary.engine, 'cancelBuild').mockResolvedValue();
    const add = async () => {
      const id = randomUUID();
      await runs.createRun({ id, entityRef: 'component:default/a', target: null, config: defaultBuildConfig, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x', entity: { apiVersion: 'v1', kind: 'Component', metadata: { name: 'a' } } });
      await new Promise(r => setTimeout(r, 5));
      return id;
    };
    const [notStarted, building, healthy] = [await add(), await add(), await add()];
    const engines = [{ name: 'default', platforms: ['linux/amd64'], concurrency: 5 }];
    // The first two are claimed by a replica with a lease already over; the third by one that holds it.
    await queue.claim({ replica: 'dead', leaseMs: -1000, engines });
    await queue.claim({ replica: 'dead', leaseMs: -1000, engines });
    await queue.claim({ replica: 'alive', leaseMs: 60_000, engines });
    await queue.setEngineBuildId(building, 'dead', 'build-1');
    await runs.saveSteps([{ runId: building, digest: 'sha256:s', name: 'RUN make', stage: 'build', step: 1, instruction: 'RUN make', cached: false, startedAt: new Date().toISOString(), completedAt: null, durationMs: null, error: null, logTail: '', missReason: null, platform: null }]);

    const events = new RunEvents({ store: eventStore });
    const recovery = new LeaseRecovery({ queue, runs, events, eventStore, builders, logger: mockServices.logger.mock(), eventRetentionMs: 3_600_000 });
    const result = await recovery.run();

    expect(result).toMatchObject({ requeued: [notStarted], failed: [building] });
    expect(await runs.getRun(notStarted)).toMatchObject({ status: 'queued', engine: null });
    expect(await runs.getRun(building)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^the backend replica running this build \(dead\) stopped renewing its claim, so its progress was lost; the engine build was stopped/),
    });
    expect(await runs.listSteps(building)).toEqual([
      expect.objectContaining({ completedAt: expect.any(String), error: 'the replica running the build was lost while this step ran' }),
    ]);
    expect(cancelBuild).toHaveBeenCalledWith('build-1');
    expect(await runs.getRun(healthy)).toMatchObject({ status: 'running' });
    // Streams of the failed run end: its finished event is stored.
    expect((await eventStore.since(building, 0)).map(e => e.event.type)).toEqual(['finished']);
    // A second round finds nothing more to do.
    expect(await recovery.run()).toMatchObject({ requeued: [], failed: [] });
    await events.close();
  });

  it('fails a run that was lost before it started three times instead of queueing it a fourth time', async () => {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const { runs, queue, eventStore } = await buildStores(database);
    const id = randomUUID();
    await runs.createRun({ id, entityRef: 'component:default/a', target: null, config: defaultBuildConfig, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x', entity: { apiVersion: 'v1', kind: 'Component', metadata: { name: 'a' } } });
    const events = new RunEvents({ store: eventStore });
    const recovery = new LeaseRecovery({ queue, runs, events, eventStore, builders: refusingBuilders(), logger: mockServices.logger.mock(), eventRetentionMs: 3_600_000 });
    const engines = [{ name: 'default', platforms: [], concurrency: 1 }];
    for (let i = 0; i < 3; i++) {
      expect(await queue.claim({ replica: `dead-${i}`, leaseMs: -1000, engines })).toBeDefined();
      await recovery.run();
    }
    expect(await runs.getRun(id)).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped before it started, 3 times') });
    await events.close();
  });
});
