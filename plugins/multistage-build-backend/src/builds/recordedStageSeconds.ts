/*
 * How long each stage took when it last really ran: the weights the critical
 * path uses once builds exist (the heuristic is only for files never built).
 * From the entity's latest succeeded run: a step's own duration when it ran,
 * and for a cached step the duration it had when it last ran uncached; a
 * stage with a cached step never seen uncached keeps the heuristic.
 */
import type { BuildRunStore } from '../database/BuildRunStore';

/**
 * Seconds per stage, by the name BuildKit gave it (`AS` name or `stage-N`),
 * for the stages the latest succeeded run built; empty without one.
 */
export async function recordedStageSeconds(options: { runs: BuildRunStore; entityRef: string }): Promise<Record<string, number>> {
  const { runs, entityRef } = options;
  const [latest] = await runs.listRuns({ entityRef, status: ['succeeded'], limit: 1 });
  if (!latest) return {};
  const steps = (await runs.listSteps(latest.id)).filter(s => s.stage !== null);
  const earlier = await runs.uncachedDurations(steps.filter(s => s.cached).map(s => s.digest));
  const byStage = new Map<string, number>();
  // A stage with a cached step whose real duration was never seen has no
  // recorded weight: it keeps the heuristic rather than a misleading zero.
  const unknown = new Set<string>();
  for (const step of steps) {
    const ms = step.cached ? earlier.get(step.digest) : step.durationMs ?? 0;
    if (ms === undefined) unknown.add(step.stage!);
    else byStage.set(step.stage!, (byStage.get(step.stage!) ?? 0) + ms);
  }
  unknown.forEach(stage => byStage.delete(stage));
  const seconds: Record<string, number> = {};
  for (const [stage, ms] of byStage) seconds[stage] = Math.round(ms / 100) / 10;
  return seconds;
}
