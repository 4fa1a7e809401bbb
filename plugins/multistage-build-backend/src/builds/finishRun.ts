/*
 * The end of a build: explains each cache miss against the previous run,
 * totals the cache, stores the steps, their logs and the run's end, and
 * announces it. Nothing is stored unless this replica still holds the run's
 * claim: a run taken over after a lost lease belongs to its new attempt. A run
 * cancelled from another replica keeps its claim and its cancel: its steps are
 * stored with it, its end is not, and its `finished` event is the canceller's.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BuildRun } from '@stagecraft/plugin-multistage-build-common';
import type { BuildRunStore } from '../database/BuildRunStore';
import type { RunQueueStore } from '../database/RunQueueStore';
import { explainCacheMisses, type PreviousBuild } from './explainCacheMisses';
import type { RunEvents } from './RunEvents';
import type { StepTracker } from './StepTracker';

/** How a run ended, as finishRun() stores it. */
export type Outcome = Pick<BuildRun, 'status' | 'imageId' | 'imageSize' | 'stageSizes' | 'error' | 'pushed'>;

export async function finishRun(options: {
  runs: BuildRunStore;
  queue: RunQueueStore;
  events: RunEvents;
  logger: LoggerService;
  replica: string;
  queued: BuildRun;
  tracker: StepTracker;
  contextFiles: { path: string; digest: string }[] | undefined;
  previous: PreviousBuild | undefined;
  outcome: Outcome | Promise<Outcome>;
}): Promise<void> {
  const { runs, events, queued, tracker } = options;
  if (!(await options.queue.holds(queued.id, options.replica))) {
    options.logger.warn(`Build ${queued.id} ended here after another replica took it over; its end is not stored`);
    return;
  }
  for (const log of tracker.flushLogs()) events.publish(queued.id, { type: 'log', ...log });
  const steps = tracker.steps().filter(s => s.stage !== null);
  const currentFiles = options.contextFiles
    ? new Map(options.contextFiles.map(f => [f.path, f.digest]))
    : await runs.contextFiles(queued.id);
  const reasons = explainCacheMisses({ config: queued.config, tracker, contextFiles: currentFiles }, options.previous);
  // A reason quotes the previous run's instruction, which BuildKit wrote with the build args expanded.
  for (const step of tracker.steps()) step.missReason = tracker.maskReason(reasons.get(step.digest) ?? null);
  const hits = steps.filter(s => s.cached);
  const [, , saved, ended] = await Promise.all([
    runs.saveSteps(tracker.steps()),
    // The whole output is a convenience: failing to store it must not leave the run unfinished.
    runs
      .saveStepLogs(queued.id, tracker.outputsOf())
      .catch(e => options.logger.warn(`Could not store the step logs of build ${queued.id}: ${e}`)),
    runs.uncachedDurations(hits.map(s => s.digest)),
    options.outcome,
  ]);
  const { run, applied } = await runs.transitionRun(
    queued.id,
    ['running'],
    {
      ...ended,
      finishedAt: new Date().toISOString(),
      cacheHits: hits.length,
      // Resolving an unchanged base image is neither a hit nor a miss.
      cacheMisses: steps.filter(s => reasons.has(s.digest)).length,
      timeSavedMs: hits.reduce((sum, s) => sum + (saved.get(s.digest) ?? 0), 0),
    },
    { claimedBy: options.replica },
  );
  for (const step of tracker.steps()) if (step.missReason) events.publish(queued.id, { type: 'step', step });
  // Not applied: cancelled elsewhere meanwhile, and the canceller announced the end.
  if (applied) events.publish(queued.id, { type: 'finished', run });
  await events.flush(queued.id);
}
