/*
 * Lays a run's steps out on a time axis: one row per stage (in the order the
 * stages first started), one bar per step from its start to its end, and the
 * chain of steps that bounded the run's wall time (its critical path).
 */
import type { BuildStep } from '@stagecraft/plugin-multistage-build-common';

export interface TimelineBar {
  digest: string;
  stage: string;
  label: string;
  /** Milliseconds from the run's first step start. */
  start: number;
  end: number;
  cached: boolean;
  failed: boolean;
  running: boolean;
  critical: boolean;
}

export interface TimelineLayout {
  stages: string[];
  bars: TimelineBar[];
  /** Milliseconds from the first start to the last end. */
  span: number;
}

/** Steps closer than this are taken as one following the other. */
const touching = 50;

export function layoutTimeline(steps: BuildStep[], now = Date.now()): TimelineLayout {
  const timed = steps.filter(s => s.stage !== null && s.startedAt !== null);
  if (timed.length === 0) return { stages: [], bars: [], span: 0 };
  const origin = Math.min(...timed.map(s => Date.parse(s.startedAt!)));
  const bars: TimelineBar[] = timed
    .map(step => {
      const start = Date.parse(step.startedAt!) - origin;
      const end = (step.completedAt ? Date.parse(step.completedAt) : now) - origin;
      return {
        digest: step.digest,
        // A run of several platforms has a row per stage and platform.
        stage: step.platform ? `${step.stage} (${step.platform})` : step.stage!,
        label: step.instruction ?? step.name,
        start,
        end: Math.max(end, start),
        cached: step.cached,
        failed: step.error !== null,
        running: step.completedAt === null,
        critical: false,
      };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const stages: string[] = [];
  for (const bar of bars) if (!stages.includes(bar.stage)) stages.push(bar.stage);

  // Walk back from the step that ended last: each step waited for the one that
  // ended latest before it started; that chain is what the wall time was spent on.
  let current: TimelineBar | undefined = bars.reduce((a, b) => (b.end > a.end ? b : a));
  const span = current.end;
  while (current) {
    current.critical = true;
    const startedAt: number = current.start;
    const stage: string = current.stage;
    // A predecessor started before this step and ended by the time it started;
    // of those ending at about the same moment, one of the same stage.
    const candidates: TimelineBar[] = bars.filter(b => !b.critical && b.start < startedAt && b.end <= startedAt + touching);
    const latest = Math.max(...candidates.map(b => b.end));
    const near: TimelineBar[] = candidates.filter(b => b.end >= latest - touching);
    current = near.find(b => b.stage === stage) ?? near.find(b => b.end === latest);
  }
  return { stages, bars, span };
}
