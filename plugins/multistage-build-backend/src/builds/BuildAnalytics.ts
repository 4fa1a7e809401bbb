/*
 * Build analytics per entity and across all of them: durations (p50, p95),
 * success rate, cache hit ratio, time saved by the cache, final image size,
 * and per-stage durations over time, from the stored runs and steps.
 */
import type {
  BuildRun,
  EntityBuildHistory,
  RunPoint,
  TargetDurations,
} from '@stagecraft/plugin-multistage-build-common';
import type { BuildRunStore } from '../database/BuildRunStore';
import type { DockerfileSnapshotStore } from '../database/DockerfileSnapshotStore';

export interface EntityBuildStats {
  entityRef: string;
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** succeeded / (succeeded + failed). */
  successRate: number | null;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  /** Cached steps / all stage steps. */
  cacheHitRatio: number | null;
  timeSavedMs: number;
  latestImageSize: number | null;
  /** Per finished run, oldest first: how long each stage's steps took in total. */
  stageDurations: { runId: string; finishedAt: string; stages: Record<string, number> }[];
}

export interface AnalyticsSummary {
  /** Over all entities in scope. */
  totals: Omit<EntityBuildStats, 'entityRef' | 'latestImageSize' | 'stageDurations'>;
  entities: EntityBuildStats[];
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function durationOf(run: BuildRun): number | null {
  return run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
}

function stats(runs: BuildRun[]) {
  const count = (status: string) => runs.filter(r => r.status === status).length;
  const succeeded = count('succeeded');
  const failed = count('failed');
  const durations = runs
    .filter(r => r.status === 'succeeded')
    .map(durationOf)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  const hits = runs.reduce((sum, r) => sum + r.cacheHits, 0);
  const steps = runs.reduce((sum, r) => sum + r.cacheHits + r.cacheMisses, 0);
  return {
    runs: runs.length,
    succeeded,
    failed,
    cancelled: count('cancelled'),
    successRate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
    durationP50Ms: percentile(durations, 50),
    durationP95Ms: percentile(durations, 95),
    cacheHitRatio: steps > 0 ? hits / steps : null,
    timeSavedMs: runs.reduce((sum, r) => sum + r.timeSavedMs, 0),
  };
}

function point(run: BuildRun, stageDurations: Record<string, number>): RunPoint {
  const steps = run.cacheHits + run.cacheMisses;
  return {
    runId: run.id,
    status: run.status,
    target: run.target,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    durationMs: durationOf(run),
    cacheHitRatio: steps > 0 ? run.cacheHits / steps : null,
    imageSize: run.imageSize,
    timeSavedMs: run.timeSavedMs,
    findings: run.findings,
    stageDurations,
  };
}

function byTarget(points: RunPoint[]): TargetDurations[] {
  const groups = new Map<string | null, number[]>();
  for (const p of points) {
    if (p.status !== 'succeeded' || p.durationMs === null) continue;
    groups.set(p.target, [...(groups.get(p.target) ?? []), p.durationMs]);
  }
  return [...groups].map(([target, durations]) => {
    const sorted = durations.sort((a, b) => a - b);
    return { target, runs: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
  });
}

export class BuildAnalytics {
  constructor(
    private readonly runs: BuildRunStore,
    private readonly snapshots?: DockerfileSnapshotStore,
  ) {}

  /**
   * One entity's history, a page at a time (newest runs first, `offset` runs
   * skipped): the runs from one query, their stage durations from one grouped
   * query, counts by status (and so the total) from one grouped query. The caller has checked that
   * the user may read the entity's runs.
   */
  async entityHistory(options: { entityRef: string; limit: number; offset: number }): Promise<EntityBuildHistory> {
    const { entityRef, limit, offset } = options;
    const [page, counts, versions] = await Promise.all([
      this.runs.listRuns({ entityRef, limit, offset }),
      this.runs.countRunsByStatus({ entityRef }),
      this.snapshots?.versions(entityRef) ?? Promise.resolve([]),
    ]);
    // Every run has a status: the total is their sum, not another count.
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const stageDurations = await this.runs.stageDurations(page.map(r => r.id));
    const runs = page.map(run => point(run, stageDurations.get(run.id) ?? {})).reverse();
    return {
      entityRef,
      total,
      offset,
      runs,
      byTarget: byTarget(runs),
      byStatus: counts,
      dockerfileVersions: versions.map(v => ({ digest: v.digest, firstSeenAt: v.firstSeenAt, findings: v.findings })),
    };
  }

  /**
   * Analytics over the latest `limit` runs (per entity when `entityRef` is
   * given), counting only the entities `visible` keeps when it is given.
   */
  async summarize(
    options: { entityRef?: string; limit?: number; visible?: (entityRefs: string[]) => Promise<Set<string>> } = {},
  ): Promise<AnalyticsSummary> {
    // The visible entities first, so the latest runs counted are the caller's latest, not everyone's.
    const candidates = options.entityRef ? [options.entityRef] : await this.runs.entityRefsWithRuns();
    const visible = options.visible ? await options.visible(candidates) : undefined;
    const all = await this.runs.listRuns({
      entityRef: options.entityRef,
      entityRefs: visible ? [...visible] : undefined,
      limit: options.limit ?? 500,
    });
    const byEntity = new Map<string, BuildRun[]>();
    for (const run of all) byEntity.set(run.entityRef, [...(byEntity.get(run.entityRef) ?? []), run]);

    // Each entity's last 20 finished runs, their stage durations from one grouped query (not one per run).
    const sorted = [...byEntity].sort(([a], [b]) => a.localeCompare(b));
    const recent = new Map(sorted.map(([entityRef, runs]) => [entityRef, runs.filter(r => r.status === 'succeeded' || r.status === 'failed').slice(0, 20).reverse()]));
    const durations = await this.runs.stageDurations([...recent.values()].flat().map(r => r.id));
    const entities: EntityBuildStats[] = sorted.map(([entityRef, runs]) => ({
      entityRef,
      ...stats(runs),
      latestImageSize: runs.find(r => r.status === 'succeeded')?.imageSize ?? null,
      stageDurations: recent.get(entityRef)!.map(run => ({ runId: run.id, finishedAt: run.finishedAt!, stages: durations.get(run.id) ?? {} })),
    }));
    return { totals: stats(all), entities };
  }
}
