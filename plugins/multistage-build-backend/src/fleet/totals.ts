/*
 * Sums of runs: what a day rollup stores for one entity, and what the live
 * part of a window (the days not rolled up yet) is computed into, so both
 * halves of a window add up the same way. docs/build-analytics.md defines
 * each figure.
 */
import {
  missReasonKinds,
  type BuildRunStatus,
  type CacheMissReason,
  type MissReasonCounts,
  type MissReasonKind,
} from '@stagecraft/plugin-multistage-build-common';
import { bucketOf, durationBounds, durationBucketCount, sizeBounds, sizeBucketCount } from './buckets';

export interface Totals {
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Succeeded runs with a start and an end, and their summed duration. */
  durationCount: number;
  durationMsSum: number;
  /** Succeeded runs' durations, counted per bucket of `durationBounds`. */
  durations: number[];
  cacheHits: number;
  cacheMisses: number;
  timeSavedMs: number;
  /** Succeeded runs' final image sizes, counted per bucket of `sizeBounds`. */
  sizeCount: number;
  sizes: number[];
  /** The final image size of the last succeeded run summed in. */
  lastImageSize: number | null;
  misses: MissReasonCounts;
}

/** What a run contributes. */
export interface RunFacts {
  id: string;
  entityRef: string;
  status: BuildRunStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  imageSize: number | null;
  cacheHits: number;
  cacheMisses: number;
  timeSavedMs: number;
}

export function emptyMisses(): MissReasonCounts {
  // A literal, not built from missReasonKinds: made thousands of times a request.
  return {
    'instruction-changed': 0,
    'context-files-changed': 0,
    'base-image-changed': 0,
    'build-arg-changed': 0,
    'first-build': 0,
    'earlier-step-missed': 0,
    'cache-disabled': 0,
    unknown: 0,
  };
}

export function emptyTotals(): Totals {
  return {
    runs: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    durationCount: 0,
    durationMsSum: 0,
    durations: new Array(durationBucketCount).fill(0),
    cacheHits: 0,
    cacheMisses: 0,
    timeSavedMs: 0,
    sizeCount: 0,
    sizes: new Array(sizeBucketCount).fill(0),
    lastImageSize: null,
    misses: emptyMisses(),
  };
}

/** The cause a stored miss reason counts under; anything unrecognised is `unknown`. */
export function missKindOf(reason: CacheMissReason | null): MissReasonKind {
  const kind = reason?.kind as MissReasonKind | undefined;
  return kind && missReasonKinds.includes(kind) ? kind : 'unknown';
}

/** Adds one run (runs must come oldest first for `lastImageSize`) and the causes of its missed steps. */
export function addRun(totals: Totals, run: RunFacts, missKinds: readonly MissReasonKind[] = []): Totals {
  totals.runs += 1;
  if (run.status === 'succeeded') totals.succeeded += 1;
  if (run.status === 'failed') totals.failed += 1;
  if (run.status === 'cancelled') totals.cancelled += 1;
  if (run.status === 'succeeded' && run.startedAt && run.finishedAt) {
    const duration = Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime());
    totals.durationCount += 1;
    totals.durationMsSum += duration;
    totals.durations[bucketOf(durationBounds, duration)] += 1;
  }
  if (run.status === 'succeeded' && run.imageSize !== null) {
    totals.sizeCount += 1;
    totals.sizes[bucketOf(sizeBounds, run.imageSize)] += 1;
    totals.lastImageSize = run.imageSize;
  }
  totals.cacheHits += run.cacheHits;
  totals.cacheMisses += run.cacheMisses;
  totals.timeSavedMs += run.timeSavedMs;
  for (const kind of missKinds) totals.misses[kind] += 1;
  return totals;
}

/** `later` added into `into`; `later`'s last image size wins when it has one. */
export function mergeTotals(into: Totals, later: Totals): Totals {
  into.runs += later.runs;
  into.succeeded += later.succeeded;
  into.failed += later.failed;
  into.cancelled += later.cancelled;
  into.durationCount += later.durationCount;
  into.durationMsSum += later.durationMsSum;
  later.durations.forEach((n, i) => (into.durations[i] += n));
  into.cacheHits += later.cacheHits;
  into.cacheMisses += later.cacheMisses;
  into.timeSavedMs += later.timeSavedMs;
  into.sizeCount += later.sizeCount;
  later.sizes.forEach((n, i) => (into.sizes[i] += n));
  if (later.lastImageSize !== null) into.lastImageSize = later.lastImageSize;
  for (const kind of missReasonKinds) into.misses[kind] += later.misses[kind];
  return into;
}

/** A new sum of `parts` in order (missing ones add nothing); the parts are left as they are. */
export function sumOf(...parts: (Totals | undefined)[]): Totals {
  return parts.reduce<Totals>((sum, part) => (part ? mergeTotals(sum, part) : sum), emptyTotals());
}

/** `part` taken out of `from` (a sum less some of what it summed); not for `lastImageSize`. */
export function subtractTotals(from: Totals, part: Totals): Totals {
  const result = sumOf(from);
  result.runs -= part.runs;
  result.succeeded -= part.succeeded;
  result.failed -= part.failed;
  result.cancelled -= part.cancelled;
  result.durationCount -= part.durationCount;
  result.durationMsSum -= part.durationMsSum;
  part.durations.forEach((n, i) => (result.durations[i] -= n));
  result.cacheHits -= part.cacheHits;
  result.cacheMisses -= part.cacheMisses;
  result.timeSavedMs -= part.timeSavedMs;
  result.sizeCount -= part.sizeCount;
  part.sizes.forEach((n, i) => (result.sizes[i] -= n));
  for (const kind of missReasonKinds) result.misses[kind] -= part.misses[kind];
  return result;
}

/** Cached steps ÷ (cached + missed steps); null when no step counted. */
export function cacheHitRatio(totals: Totals): number | null {
  const steps = totals.cacheHits + totals.cacheMisses;
  return steps > 0 ? totals.cacheHits / steps : null;
}

/** succeeded ÷ (succeeded + failed); null when none finished. */
export function successRate(totals: Totals): number | null {
  const finished = totals.succeeded + totals.failed;
  return finished > 0 ? totals.succeeded / finished : null;
}

/** The UTC day of a time, YYYY-MM-DD. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** The UTC midnight that starts `day`. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(dayStart(day).getTime() + days * 86_400_000));
}

/** Runs (oldest first) summed per key, e.g. per entity or per day. */
export function sumRuns(
  runs: readonly RunFacts[],
  misses: ReadonlyMap<string, readonly MissReasonKind[]>,
  keyOf: (run: RunFacts) => string,
): Map<string, Totals> {
  const result = new Map<string, Totals>();
  for (const run of runs) {
    const key = keyOf(run);
    const totals = result.get(key) ?? emptyTotals();
    result.set(key, addRun(totals, run, misses.get(run.id)));
  }
  return result;
}
