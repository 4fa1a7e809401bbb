/*
 * Folds BuildKit's status messages into the run's steps: one step per vertex,
 * updated as it starts, completes, hits the cache or fails, with the tail of
 * its output. Vertex inputs are kept (in memory) so cache misses can be
 * traced to the earlier step that caused them.
 */
import type { BuildStep, CacheMissReason } from '@stagecraft/plugin-multistage-build-common';
import type { BuildkitStatus } from '../engine/buildkitTrace';
import { SecretMasking } from './secretMasking';

/** Keep this much of each step's output with the step: enough to show why it failed. */
export const logTailBytes = 8 * 1024;

/** How much of each step's whole output is kept for the run page, unless configured. */
export const defaultStepLogBytes = 1024 * 1024;

export interface StepChanges {
  /** Steps whose state changed (not only their output): what `step` events announce. */
  steps: BuildStep[];
  /** Output the message carried, in order: what `log` events announce and what moves a step's log tail. */
  logs: { digest: string; stage: string | null; text: string }[];
}

export class StepTracker {
  private readonly byDigest = new Map<string, BuildStep>();
  private readonly inputsByDigest = new Map<string, string[]>();
  /** Each step's output, newest last, cut from the start beyond `stepLogBytes`. */
  private readonly outputs = new Map<string, { chunks: Buffer[]; bytes: number; dropped: number }>();
  /** The platform being built, in a run of several: new steps are recorded as its. */
  platform: string | null = null;

  /**
   * @param singleStageName - what to call the stage of a single-stage file,
   * whose vertex names BuildKit leaves without one (`stage-0` when unnamed)
   */
  constructor(
    private readonly runId: string,
    private readonly singleStageName = 'stage-0',
    /** Masks secret values in every vertex name, error and log chunk before it is kept or passed on. */
    private readonly secrets: SecretMasking = new SecretMasking([]),
    /** How much of each step's whole output to keep (bytes, UTF-8). */
    private readonly stepLogBytes = defaultStepLogBytes,
  ) {}

  /** Applies one status message; returns the steps it changed and the log lines it carried. */
  apply(status: BuildkitStatus): StepChanges {
    const changed = new Map<string, BuildStep>();
    for (const vertex of status.vertexes) {
      // BuildKit names a RUN vertex by its command with the build args expanded.
      const name = this.secrets.mask(vertex.name);
      const { place } = vertex;
      const before = this.byDigest.get(vertex.digest);
      const startedAt = vertex.started?.toISOString() ?? before?.startedAt ?? null;
      const completedAt = vertex.completed?.toISOString() ?? before?.completedAt ?? null;
      const step: BuildStep = {
        runId: this.runId,
        digest: vertex.digest,
        name,
        stage: place ? place.stage ?? this.singleStageName : null,
        step: place?.step ?? null,
        instruction: place ? this.secrets.mask(place.instruction) : null,
        cached: vertex.cached || (before?.cached ?? false),
        startedAt,
        completedAt,
        durationMs: startedAt && completedAt ? Date.parse(completedAt) - Date.parse(startedAt) : null,
        error: this.secrets.mask(vertex.error) ?? before?.error ?? null,
        logTail: before?.logTail ?? '',
        missReason: before?.missReason ?? null,
        platform: before?.platform ?? this.platform,
      };
      this.byDigest.set(vertex.digest, step);
      if (vertex.inputs.length > 0) this.inputsByDigest.set(vertex.digest, vertex.inputs);
      changed.set(vertex.digest, step);
    }
    const logs: StepChanges['logs'] = [];
    for (const log of status.logs) {
      const step = this.byDigest.get(log.vertex);
      if (!step) continue;
      const text = this.secrets.chunk(step.digest, log.text);
      if (text === '') continue;
      this.appendLog(step, text);
      logs.push({ digest: step.digest, stage: step.stage, text });
    }
    // A completed step says no more: what its stream held back is kept now.
    for (const vertex of status.vertexes) {
      const step = this.byDigest.get(vertex.digest)!;
      if (!step.completedAt) continue;
      const rest = this.secrets.flush(step.digest);
      if (rest === '') continue;
      this.appendLog(step, rest);
      logs.push({ digest: step.digest, stage: step.stage, text: rest });
    }
    return { steps: [...changed.values()], logs };
  }

  /** A cache-miss reason with secret values masked in the text it quotes. */
  maskReason(reason: CacheMissReason | null): CacheMissReason | null {
    if (!reason) return reason;
    if (reason.kind === 'instruction-changed') return { ...reason, before: this.secrets.mask(reason.before) };
    if (reason.kind === 'base-image-changed') return { ...reason, before: this.secrets.mask(reason.before) ?? null, after: this.secrets.mask(reason.after) ?? null };
    return reason;
  }

  /** Keeps what every stream still held back (at the end of a build). */
  flushLogs(): StepChanges['logs'] {
    const logs: StepChanges['logs'] = [];
    for (const step of this.byDigest.values()) {
      const rest = this.secrets.flush(step.digest);
      if (rest === '') continue;
      this.appendLog(step, rest);
      logs.push({ digest: step.digest, stage: step.stage, text: rest });
    }
    return logs;
  }

  private appendLog(step: BuildStep, text: string): void {
    const tail = step.logTail + text;
    step.logTail = tail.length > logTailBytes ? tail.slice(tail.length - logTailBytes) : tail;
    const output = this.outputs.get(step.digest) ?? { chunks: [], bytes: 0, dropped: 0 };
    this.outputs.set(step.digest, output);
    // PostgreSQL's text refuses NUL; nothing a person reads is lost without it.
    const chunk = Buffer.from(text.split('\u0000').join(''), 'utf8');
    output.chunks.push(chunk);
    output.bytes += chunk.length;
    // Whole chunks go first; the last one left over the limit is cut when read.
    while (output.bytes - output.chunks[0].length >= this.stepLogBytes) {
      const first = output.chunks.shift()!;
      output.bytes -= first.length;
      output.dropped += first.length;
    }
  }

  /** Every step's kept output, each cut to its last `stepLogBytes` bytes (UTF-8). */
  outputsOf(): { digest: string; text: string; droppedBytes: number }[] {
    return [...this.outputs].map(([digest, output]) => {
      const all = Buffer.concat(output.chunks);
      const over = Math.max(0, all.length - this.stepLogBytes);
      // A cut inside a character would leave half of it: start at the next whole one.
      let start = over;
      while (start < all.length && (all[start] & 0xc0) === 0x80) start += 1;
      return { digest, text: all.subarray(start).toString('utf8'), droppedBytes: output.dropped + start };
    });
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
