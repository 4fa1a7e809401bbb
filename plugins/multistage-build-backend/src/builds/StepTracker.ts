/*
 * Folds BuildKit's status messages into the run's steps: one step per vertex,
 * updated as it starts, completes, hits the cache or fails, with the tail of
 * its output. Vertex inputs are kept (in memory) so cache misses can be
 * traced to the earlier step that caused them.
 */
import type { BuildStep } from '@stagecraft/plugin-multistage-build-common';
import type { BuildkitStatus } from '../engine/buildkitTrace';
import { vertexPlace } from '../engine/vertexNames';

/** Keep this much of each step's output: enough to show why it failed. */
export const logTailBytes = 8 * 1024;

export interface StepChanges {
  steps: BuildStep[];
  logs: { digest: string; stage: string | null; text: string }[];
}

export class StepTracker {
  private readonly byDigest = new Map<string, BuildStep>();
  private readonly inputsByDigest = new Map<string, string[]>();

  /**
   * @param singleStageName - what to call the stage of a single-stage file,
   * whose vertex names BuildKit leaves without one (`stage-0` when unnamed)
   */
  constructor(
    private readonly runId: string,
    private readonly singleStageName = 'stage-0',
    /** Applied to every vertex name, error and log line before it is kept or passed on: masks secret values. */
    private readonly redact: (text: string) => string = text => text,
  ) {}

  /** Applies one status message; returns the steps it changed and the log lines it carried. */
  apply(status: BuildkitStatus): StepChanges {
    const changed = new Map<string, BuildStep>();
    for (const vertex of status.vertexes) {
      // BuildKit names a RUN vertex by its command with the build args expanded.
      const name = this.redact(vertex.name);
      const place = vertexPlace(name);
      const before = this.byDigest.get(vertex.digest);
      const startedAt = vertex.started?.toISOString() ?? before?.startedAt ?? null;
      const completedAt = vertex.completed?.toISOString() ?? before?.completedAt ?? null;
      const step: BuildStep = {
        runId: this.runId,
        digest: vertex.digest,
        name,
        stage: place ? place.stage ?? this.singleStageName : null,
        step: place?.step ?? null,
        instruction: place?.instruction ?? null,
        cached: vertex.cached || (before?.cached ?? false),
        startedAt,
        completedAt,
        durationMs: startedAt && completedAt ? Date.parse(completedAt) - Date.parse(startedAt) : null,
        error: (vertex.error ? this.redact(vertex.error) : vertex.error) ?? before?.error ?? null,
        logTail: before?.logTail ?? '',
        missReason: before?.missReason ?? null,
      };
      this.byDigest.set(vertex.digest, step);
      if (vertex.inputs.length > 0) this.inputsByDigest.set(vertex.digest, vertex.inputs);
      changed.set(vertex.digest, step);
    }
    const logs: StepChanges['logs'] = [];
    for (const log of status.logs) {
      const step = this.byDigest.get(log.vertex);
      if (!step) continue;
      const text = this.redact(log.text);
      const tail = step.logTail + text;
      step.logTail = tail.length > logTailBytes ? tail.slice(tail.length - logTailBytes) : tail;
      changed.set(step.digest, step);
      logs.push({ digest: step.digest, stage: step.stage, text });
    }
    return { steps: [...changed.values()], logs };
  }

  /**
   * Ends every step that started and never completed (the build was
   * cancelled, timed out or failed elsewhere), at `at`, with `reason` as its
   * error; returns them. A step never left "running" forever.
   */
  closeOpen(options: { at: Date; reason: string }): BuildStep[] {
    const closed: BuildStep[] = [];
    for (const step of this.byDigest.values()) {
      if (!step.startedAt || step.completedAt) continue;
      step.completedAt = options.at.toISOString();
      step.durationMs = Math.max(0, options.at.getTime() - Date.parse(step.startedAt));
      step.error ??= options.reason;
      closed.push(step);
    }
    return closed;
  }

  /** Every step, in the order BuildKit first reported them. */
  steps(): BuildStep[] {
    return [...this.byDigest.values()];
  }

  inputsOf(digest: string): string[] {
    return this.inputsByDigest.get(digest) ?? [];
  }

  step(digest: string): BuildStep | undefined {
    return this.byDigest.get(digest);
  }
}
