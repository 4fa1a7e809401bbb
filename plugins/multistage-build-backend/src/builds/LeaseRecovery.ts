/*
 * Takes over runs whose replica stopped renewing its lease (it crashed, was
 * killed, or lost the database). Runs once across replicas (a global scheduled
 * task). A run the engine was never asked to build is queued again, so
 * nothing is lost; one the engine was building is failed, saying the replica
 * was lost, and its engine build is stopped, since no replica can follow it
 * any more. A run lost three times is failed rather than queued a fourth time.
 * It also removes the events of runs that ended a while ago.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BuildRunStore } from '../database/BuildRunStore';
import type { RunEventStore } from '../database/RunEventStore';
import type { RunQueueStore } from '../database/RunQueueStore';
import type { Builders } from '../engine/Builders';
import type { RunEvents } from './RunEvents';

export const maxAttempts = 3;

export interface RecoveryResult {
  requeued: string[];
  failed: string[];
  removedEvents: number;
}

export class LeaseRecovery {
  constructor(
    private readonly options: {
      queue: RunQueueStore;
      runs: BuildRunStore;
      events: RunEvents;
      eventStore: RunEventStore;
      builders: Builders;
      logger: LoggerService;
      /** Events of runs that ended longer ago than this are removed. */
      eventRetentionMs: number;
    },
  ) {}

  async run(signal?: AbortSignal): Promise<RecoveryResult> {
    const { queue, runs, events, builders, logger } = this.options;
    const now = new Date();
    const result: RecoveryResult = { requeued: [], failed: [], removedEvents: 0 };
    for (const lost of await queue.expired(now)) {
      if (signal?.aborted) break;
      const replica = lost.claimedBy ?? 'an unknown replica';
      if (!lost.engineBuildId && lost.attempts < maxAttempts) {
        if (await queue.requeue(lost.id, { claimedBy: lost.claimedBy, expiredBy: now })) {
          result.requeued.push(lost.id);
          const run = await runs.getRun(lost.id);
          if (run) events.publish(lost.id, { type: 'status', run });
          await events.flush(lost.id).catch(() => undefined);
        }
        continue;
      }
      const error = lost.engineBuildId
        ? `the backend replica running this build (${replica}) stopped renewing its claim, so its progress was lost; the engine build was stopped. Start it again`
        : `the backend replicas that claimed this build stopped before it started, ${lost.attempts} times; start it again`;
      // Only while the lease is still over: a replica that renewed meanwhile keeps its build.
      const { run, applied } = await runs.transitionRun(lost.id, ['running'], { status: 'failed', error, finishedAt: now.toISOString() }, {
        claimedBy: lost.claimedBy ?? undefined,
        leaseExpiredBy: now,
      });
      if (!applied) continue;
      result.failed.push(lost.id);
      await queue.closeOpenSteps(lost.id, 'the replica running the build was lost while this step ran');
      const builder = builders.get(lost.engine);
      if (builder && lost.engineBuildId) {
        await builder.engine
          .cancelBuild(lost.engineBuildId)
          .catch(e => logger.warn(`Could not stop the engine build of lost run ${lost.id} on ${builder.name}: ${e}`));
      }
      events.publish(lost.id, { type: 'finished', run });
      await events.flush(lost.id).catch(() => undefined);
    }
    if (result.requeued.length + result.failed.length > 0) {
      logger.warn(
        `Recovered builds of lost replicas: ${result.requeued.length} queued again, ${result.failed.length} failed (${[...result.requeued, ...result.failed].join(', ')})`,
      );
    }
    result.removedEvents = await this.options.eventStore.removeEventsOfRunsEndedBefore(
      new Date(now.getTime() - this.options.eventRetentionMs),
    );
    return result;
  }
}
