import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  BuildConfig,
  BuildRun,
  BuildRunStatus,
  BuildStep,
  BuildStepLog,
  CacheMissReason,
  FindingCounts,
  PushedImage,
} from '@stagecraft/plugin-multistage-build-common';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import { migratedClient } from './migrate';
import { batchSize, whereInBatches } from './whereInBatches';

export interface NewBuildRun {
  id: string;
  entityRef: string;
  target: string | null;
  config: BuildConfig;
  /** Names of the app-config default build args the run uses; never their values. */
  defaultBuildArgs?: string[];
  requestedBy: string | null;
  dockerfilePath: string;
  dockerfileDigest: string;
  /** Findings of the Dockerfile for the run's target. */
  findings?: FindingCounts;
  /** The entity as requested: whichever replica claims the run builds from it. */
  entity?: Entity;
}

/** Which runs to list, newest first. */
export interface RunFilter {
  entityRef?: string;
  /** Only runs of these entities (the ones a caller may see). */
  entityRefs?: string[];
  status?: BuildRunStatus[];
  /** Only runs of this target; null for runs of the last stage. */
  target?: string | null;
  limit?: number;
  /** Runs to skip, for paging. */
  offset?: number;
}

export type BuildRunUpdate = Partial<
  Pick<
    BuildRun,
    | 'status'
    | 'startedAt'
    | 'finishedAt'
    | 'imageId'
    | 'imageSize'
    | 'stageSizes'
    | 'error'
    | 'cacheHits'
    | 'cacheMisses'
    | 'timeSavedMs'
    | 'pushed'
  >
>;

export interface ContextFile {
  path: string;
  digest: string;
  size: number;
}

/** Unfinished runs of the new run's entity and requester, for a cap to judge before the run is stored. */
export interface UnfinishedCounts {
  ofEntity: number;
  ofUser: number;
}

/** Build runs, their steps and their context file digests. */
export interface BuildRunStore {
  /**
   * Stores a queued run. With `withinCaps`, the entity's and the requester's
   * unfinished runs are counted and judged (it throws to refuse) in the same
   * transaction as the insert, under a lock per entity and per user on
   * PostgreSQL: requests on different replicas cannot all pass one count.
   */
  createRun(run: NewBuildRun, withinCaps?: (counts: UnfinishedCounts) => void): Promise<BuildRun>;
  updateRun(id: string, update: BuildRunUpdate): Promise<BuildRun>;
  /**
   * Writes `update` only while the run's status is one of `from`, in one
   * conditional statement: a run another replica cancelled, or that already
   * ended, is never overwritten. With `claimedBy`, only while that replica
   * still holds the run's claim; with `leaseExpiredBy`, only while its lease
   * is still expired at that time. A run that ends loses its lease. Answers the
   * run as stored and whether the update was applied.
   */
  transitionRun(
    id: string,
    from: BuildRunStatus[],
    update: BuildRunUpdate,
    options?: { claimedBy?: string; leaseExpiredBy?: Date },
  ): Promise<{ run: BuildRun; applied: boolean }>;
  getRun(id: string): Promise<BuildRun | undefined>;
  /** Newest first. */
  listRuns(filter: RunFilter): Promise<BuildRun[]>;
  /** How many runs `listRuns` would return without its limit and offset. */
  countRuns(filter: RunFilter): Promise<number>;
  /** How many runs each status has, among those `filter` matches (one grouped query). */
  countRunsByStatus(filter: RunFilter): Promise<Partial<Record<BuildRunStatus, number>>>;
  /** Every entity that has runs, each once. */
  entityRefsWithRuns(): Promise<string[]>;
  /** The newest finished run of the same entity and target created before `before`. */
  previousRun(filter: { entityRef: string; target: string | null; before: string }): Promise<BuildRun | undefined>;
  saveSteps(steps: BuildStep[]): Promise<void>;
  listSteps(runId: string): Promise<BuildStep[]>;
  /** Stores each step's whole output (already cut to the configured size). */
  saveStepLogs(runId: string, logs: BuildStepLog[]): Promise<void>;
  /** One step's stored output; undefined when none was stored. */
  stepLog(runId: string, digest: string): Promise<BuildStepLog | undefined>;
  /** Per run, the summed step durations of each stage, in one query. */
  stageDurations(runIds: string[]): Promise<Map<string, Record<string, number>>>;
  saveContextFiles(runId: string, files: ContextFile[]): Promise<void>;
  contextFiles(runId: string): Promise<Map<string, string>>;
  /**
   * For each digest, how long the step took the last time it ran uncached
   * (in any run): what a cache hit on it saves.
   */
  uncachedDurations(digests: string[]): Promise<Map<string, number>>;
  /** How many runs are queued or running, of one entity or requested by one user. */
  countUnfinishedRuns(filter: { entityRef: string } | { requestedBy: string }): Promise<number>;
}

export interface RawRunRow {
  id: string;
  entity_ref: string;
  status: BuildRunStatus;
  target: string | null;
  config_json: string;
  default_build_args_json: string;
  requested_by: string | null;
  dockerfile_path: string;
  dockerfile_digest: string;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  image_id: string | null;
  image_size: number | string | null;
  stage_sizes_json: string;
  error: string | null;
  cache_hits: number;
  cache_misses: number;
  time_saved_ms: number | string;
  finding_errors: number | null;
  finding_warnings: number | null;
  finding_infos: number | null;
  engine: string | null;
  claimed_by: string | null;
  lease_expires_at: Date | string | null;
  engine_build_id: string | null;
  entity_json: string | null;
  attempts: number;
  events_seq: number;
  pushed_json: string | null;
}

interface RawStepRow {
  run_id: string;
  digest: string;
  position: number;
  name: string;
  stage: string | null;
  step: number | null;
  instruction: string | null;
  cached: boolean | number;
  started_at: Date | string | null;
  completed_at: Date | string | null;
  duration_ms: number | null;
  error: string | null;
  log_tail: string;
  miss_reason_json: string | null;
  platform: string | null;
}

export const runsTable = 'multistage_build_runs';
const runs = runsTable;
const steps = 'multistage_build_steps';
const contextFiles = 'multistage_build_context_files';
const stepLogs = 'multistage_build_step_logs';

const ended = new Set<BuildRunStatus>(['succeeded', 'failed', 'cancelled']);
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const date = (value: string | null | undefined) => (value ? new Date(value) : null);

export class DatabaseBuildRunStore implements BuildRunStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    return new DatabaseBuildRunStore(await migratedClient(options));
  }

  private constructor(private readonly knex: Knex) {}

  async createRun(run: NewBuildRun, withinCaps?: (counts: UnfinishedCounts) => void): Promise<BuildRun> {
    await this.knex.transaction(async tx => {
      if (withinCaps) {
        const keys = [`entity:${run.entityRef}`, ...(run.requestedBy ? [`user:${run.requestedBy}`] : [])].sort();
        if (this.knex.client.config.client === 'pg') {
          for (const key of keys) await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`multistage-build:${key}`]);
        }
        const unfinished = (where: object) =>
          tx(runs).where(where).whereIn('status', ['queued', 'running']).count({ count: '*' }).then(([r]) => Number(r.count));
        withinCaps({
          ofEntity: await unfinished({ entity_ref: run.entityRef }),
          ofUser: run.requestedBy ? await unfinished({ requested_by: run.requestedBy }) : 0,
        });
      }
      await tx<RawRunRow>(runs).insert({
      id: run.id,
      entity_ref: run.entityRef,
      status: 'queued',
      target: run.target,
      config_json: JSON.stringify(run.config),
      default_build_args_json: JSON.stringify(run.defaultBuildArgs ?? []),
      requested_by: run.requestedBy,
      dockerfile_path: run.dockerfilePath,
      dockerfile_digest: run.dockerfileDigest,
      created_at: new Date(),
      stage_sizes_json: '{}',
      finding_errors: run.findings?.error ?? null,
      finding_warnings: run.findings?.warning ?? null,
      finding_infos: run.findings?.info ?? null,
      entity_json: run.entity ? JSON.stringify(run.entity) : null,
      });
    });
    return (await this.getRun(run.id))!;
  }

  async updateRun(id: string, update: BuildRunUpdate): Promise<BuildRun> {
    const row = rowOfUpdate(update);
    if (Object.keys(row).length > 0) await this.knex<RawRunRow>(runs).where({ id }).update(row);
    const run = await this.getRun(id);
    if (!run) throw new Error(`build run ${id} does not exist`);
    return run;
  }

  async transitionRun(
    id: string,
    from: BuildRunStatus[],
    update: BuildRunUpdate,
    options: { claimedBy?: string; leaseExpiredBy?: Date } = {},
  ): Promise<{ run: BuildRun; applied: boolean }> {
    const row = rowOfUpdate(update);
    if (update.status && ended.has(update.status)) row.lease_expires_at = null;
    const query = this.knex<RawRunRow>(runs).where({ id }).whereIn('status', from);
    if (options.claimedBy) query.where({ claimed_by: options.claimedBy });
    const expiredBy = options.leaseExpiredBy;
    if (expiredBy) query.where(q => q.where('lease_expires_at', '<', expiredBy).orWhereNull('lease_expires_at'));
    const changed = await query.update(row);
    const run = await this.getRun(id);
    if (!run) throw new Error(`build run ${id} does not exist`);
    return { run, applied: Number(changed) > 0 };
  }

  async getRun(id: string): Promise<BuildRun | undefined> {
    const row = await this.knex<RawRunRow>(runs).where({ id }).first();
    return row ? runFromRow(row) : undefined;
  }

  async listRuns(filter: RunFilter): Promise<BuildRun[]> {
    if (filter.entityRefs?.length === 0) return [];
    const rows = await this.filtered(filter)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0);
    return rows.map(runFromRow);
  }

  async countRuns(filter: RunFilter): Promise<number> {
    if (filter.entityRefs?.length === 0) return 0;
    const [{ count }] = await this.filtered(filter).count({ count: '*' });
    return Number(count);
  }

  async countRunsByStatus(filter: RunFilter): Promise<Partial<Record<BuildRunStatus, number>>> {
    if (filter.entityRefs?.length === 0) return {};
    const rows: { status: BuildRunStatus; count: number | string }[] = await this.filtered(filter)
      .groupBy('status')
      .select('status')
      .count({ count: '*' });
    return Object.fromEntries(rows.map(r => [r.status, Number(r.count)]));
  }

  private filtered(filter: RunFilter) {
    let query = this.knex<RawRunRow>(runs);
    if (filter.entityRef) query = query.where({ entity_ref: filter.entityRef });
    if (filter.entityRefs) query = whereInBatches(query, 'entity_ref', filter.entityRefs);
    if (filter.status) query = query.whereIn('status', filter.status);
    if (filter.target !== undefined) {
      const target = filter.target;
      query = query.where(q => (target === null ? q.whereNull('target') : q.where({ target })));
    }
    return query;
  }

  async entityRefsWithRuns(): Promise<string[]> {
    const rows = await this.knex(runs).distinct('entity_ref').orderBy('entity_ref');
    return rows.map((r: { entity_ref: string }) => r.entity_ref);
  }

  async previousRun(filter: { entityRef: string; target: string | null; before: string }) {
    const row = await this.knex<RawRunRow>(runs)
      .where({ entity_ref: filter.entityRef })
      .andWhere(q => (filter.target === null ? q.whereNull('target') : q.where({ target: filter.target })))
      .whereIn('status', ['succeeded', 'failed'])
      .where('created_at', '<', new Date(filter.before))
      .orderBy('created_at', 'desc')
      .first();
    return row ? runFromRow(row) : undefined;
  }

  async saveSteps(list: BuildStep[]): Promise<void> {
    if (list.length === 0) return;
    const existing = await this.knex<RawStepRow>(steps)
      .where({ run_id: list[0].runId })
      .max({ position: 'position' })
      .first();
    let next = Number(existing?.position ?? -1) + 1;
    const rows: RawStepRow[] = list.map(step => ({
      run_id: step.runId,
      digest: step.digest,
      position: next++,
      name: step.name,
      stage: step.stage,
      step: step.step,
      instruction: step.instruction,
      cached: step.cached,
      started_at: date(step.startedAt),
      completed_at: date(step.completedAt),
      duration_ms: step.durationMs,
      error: step.error,
      log_tail: step.logTail,
      miss_reason_json: step.missReason ? JSON.stringify(step.missReason) : null,
      platform: step.platform,
    }));
    for (let i = 0; i < rows.length; i += batchSize) {
      // A step seen again keeps its first position: only its state changes.
      await this.knex<RawStepRow>(steps)
        .insert(rows.slice(i, i + batchSize))
        .onConflict(['run_id', 'digest'])
        .merge([
          'name',
          'stage',
          'step',
          'instruction',
          'cached',
          'started_at',
          'completed_at',
          'duration_ms',
          'error',
          'log_tail',
          'miss_reason_json',
        ]);
    }
  }

  async listSteps(runId: string): Promise<BuildStep[]> {
    const rows = await this.knex<RawStepRow>(steps).where({ run_id: runId }).orderBy('position');
    return rows.map(stepFromRow);
  }

  async saveStepLogs(runId: string, logs: BuildStepLog[]): Promise<void> {
    const rows = logs.map(l => ({ run_id: runId, digest: l.digest, log: l.text, dropped_bytes: l.droppedBytes }));
    // Logs can be large: a few rows per statement.
    for (let i = 0; i < rows.length; i += 20) {
      await this.knex(stepLogs).insert(rows.slice(i, i + 20)).onConflict(['run_id', 'digest']).merge();
    }
  }

  async stepLog(runId: string, digest: string): Promise<BuildStepLog | undefined> {
    const row: { digest: string; log: string; dropped_bytes: number | string } | undefined = await this.knex(stepLogs)
      .where({ run_id: runId, digest })
      .first();
    return row ? { digest: row.digest, text: row.log, droppedBytes: Number(row.dropped_bytes) } : undefined;
  }

  async stageDurations(runIds: string[]): Promise<Map<string, Record<string, number>>> {
    const result = new Map<string, Record<string, number>>(runIds.map(id => [id, {}]));
    for (let i = 0; i < runIds.length; i += batchSize) {
      const rows: { run_id: string; stage: string; total: number | string }[] = await this.knex(steps)
        .whereIn('run_id', runIds.slice(i, i + batchSize))
        .whereNotNull('stage')
        .whereNotNull('duration_ms')
        .groupBy('run_id', 'stage')
        .select('run_id', 'stage')
        .sum({ total: 'duration_ms' });
      for (const row of rows) result.get(row.run_id)![row.stage] = Number(row.total);
    }
    return result;
  }

  async saveContextFiles(runId: string, files: ContextFile[]): Promise<void> {
    const rows = files.map(f => ({ run_id: runId, path: f.path, digest: f.digest, size: f.size }));
    for (let i = 0; i < rows.length; i += batchSize) {
      await this.knex(contextFiles).insert(rows.slice(i, i + batchSize)).onConflict(['run_id', 'path']).merge();
    }
  }

  async contextFiles(runId: string): Promise<Map<string, string>> {
    const rows: { path: string; digest: string }[] = await this.knex(contextFiles)
      .where({ run_id: runId })
      .select('path', 'digest');
    return new Map(rows.map(r => [r.path, r.digest]));
  }

  async uncachedDurations(digests: string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (let i = 0; i < digests.length; i += batchSize) {
      const rows: { digest: string; duration_ms: number; completed_at: Date | string }[] = await this.knex(steps)
        .whereIn('digest', digests.slice(i, i + batchSize))
        .where({ cached: false })
        .whereNotNull('duration_ms')
        .select('digest', 'duration_ms', 'completed_at')
        .orderBy('completed_at', 'asc');
      // Ascending, so the latest run's duration is the one that stays.
      for (const row of rows) result.set(row.digest, row.duration_ms);
    }
    return result;
  }

  async countUnfinishedRuns(filter: { entityRef: string } | { requestedBy: string }): Promise<number> {
    const where = 'entityRef' in filter ? { entity_ref: filter.entityRef } : { requested_by: filter.requestedBy };
    const [{ count }] = await this.knex(runs).where(where).whereIn('status', ['queued', 'running']).count({ count: '*' });
    return Number(count);
  }

}

function rowOfUpdate(update: BuildRunUpdate): Partial<RawRunRow> {
  const row: Partial<RawRunRow> = {};
  if (update.status !== undefined) row.status = update.status;
  if (update.startedAt !== undefined) row.started_at = date(update.startedAt);
  if (update.finishedAt !== undefined) row.finished_at = date(update.finishedAt);
  if (update.imageId !== undefined) row.image_id = update.imageId;
  if (update.imageSize !== undefined) row.image_size = update.imageSize;
  if (update.stageSizes !== undefined) row.stage_sizes_json = JSON.stringify(update.stageSizes);
  if (update.error !== undefined) row.error = update.error;
  if (update.cacheHits !== undefined) row.cache_hits = update.cacheHits;
  if (update.cacheMisses !== undefined) row.cache_misses = update.cacheMisses;
  if (update.timeSavedMs !== undefined) row.time_saved_ms = update.timeSavedMs;
  if (update.pushed !== undefined) row.pushed_json = update.pushed === null ? null : JSON.stringify(update.pushed);
  return row;
}

export function runFromRow(row: RawRunRow): BuildRun {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    status: row.status,
    target: row.target,
    // Saved before secrets, SSH and push existed: their defaults.
    config: { ...defaultBuildConfig, ...JSON.parse(row.config_json) },
    defaultBuildArgs: JSON.parse(row.default_build_args_json ?? '[]'),
    requestedBy: row.requested_by,
    dockerfilePath: row.dockerfile_path,
    dockerfileDigest: row.dockerfile_digest,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    imageId: row.image_id,
    imageSize: row.image_size === null ? null : Number(row.image_size),
    stageSizes: JSON.parse(row.stage_sizes_json),
    error: row.error,
    cacheHits: row.cache_hits,
    cacheMisses: row.cache_misses,
    timeSavedMs: Number(row.time_saved_ms),
    findings:
      row.finding_errors === null
        ? null
        : { error: row.finding_errors, warning: Number(row.finding_warnings), info: Number(row.finding_infos) },
    engine: row.engine ?? null,
    pushed: row.pushed_json ? (JSON.parse(row.pushed_json) as PushedImage) : null,
  };
}

function stepFromRow(row: RawStepRow): BuildStep {
  return {
    runId: row.run_id,
    digest: row.digest,
    name: row.name,
    stage: row.stage,
    step: row.step,
    instruction: row.instruction,
    cached: Boolean(row.cached),
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    durationMs: row.duration_ms,
    error: row.error,
    logTail: row.log_tail,
    missReason: row.miss_reason_json ? (JSON.parse(row.miss_reason_json) as CacheMissReason) : null,
    platform: row.platform ?? null,
  };
}
