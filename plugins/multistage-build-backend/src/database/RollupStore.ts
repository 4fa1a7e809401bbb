/*
 * The day rollups of runs, and the reads of runs they are made from. A day is
 * rolled up once it is over and its runs have finished; the watermark says
 * which days are, so a window reads closed days here and the rest live.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { BuildRunStatus, CacheMissReason, MissReasonKind } from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import { durationBucketCount, sizeBucketCount } from '../fleet/buckets';
import { emptyTotals, missKindOf, type RunFacts, type Totals } from '../fleet/totals';
import { migratedClient } from './migrate';
import { batchSize, whereInBatches } from './whereInBatches';

const rollups = 'multistage_build_day_rollups';
const state = 'multistage_rollup_state';
const runs = 'multistage_build_runs';
const steps = 'multistage_build_steps';
const stepLogs = 'multistage_build_step_logs';
const contextFiles = 'multistage_build_context_files';

const pad = (i: number) => String(i).padStart(2, '0');
const durationColumns = Array.from({ length: durationBucketCount }, (_, i) => `d${pad(i)}`);
const sizeColumns = Array.from({ length: sizeBucketCount }, (_, i) => `s${pad(i)}`);
/** The rollup column of each miss cause. */
const missColumns: Record<MissReasonKind, string> = {
  'instruction-changed': 'miss_instruction',
  'context-files-changed': 'miss_files',
  'base-image-changed': 'miss_base',
  'build-arg-changed': 'miss_arg',
  'first-build': 'miss_first',
  'earlier-step-missed': 'miss_earlier',
  'cache-disabled': 'miss_disabled',
  unknown: 'miss_unknown',
};
const summedColumns = [
  'runs',
  'succeeded',
  'failed',
  'cancelled',
  'duration_count',
  'duration_ms_sum',
  ...durationColumns,
  'cache_hits',
  'cache_misses',
  'time_saved_ms',
  'size_count',
  ...sizeColumns,
  ...Object.values(missColumns),
];

type Row = Record<string, string | number | null>;

function rowOf(day: string, entityRef: string, totals: Totals): Row {
  const row: Row = {
    day,
    entity_ref: entityRef,
    runs: totals.runs,
    succeeded: totals.succeeded,
    failed: totals.failed,
    cancelled: totals.cancelled,
    duration_count: totals.durationCount,
    duration_ms_sum: totals.durationMsSum,
    cache_hits: totals.cacheHits,
    cache_misses: totals.cacheMisses,
    time_saved_ms: totals.timeSavedMs,
    size_count: totals.sizeCount,
    last_image_size: totals.lastImageSize,
  };
  durationColumns.forEach((column, i) => (row[column] = totals.durations[i]));
  sizeColumns.forEach((column, i) => (row[column] = totals.sizes[i]));
  for (const [kind, column] of Object.entries(missColumns)) row[column] = totals.misses[kind as MissReasonKind];
  return row;
}

/** A stored or summed row as totals (PostgreSQL answers sums of integers as strings). */
function totalsOf(row: Row): Totals {
  const n = (column: string) => Number(row[column] ?? 0);
  const totals = emptyTotals();
  totals.runs = n('runs');
  totals.succeeded = n('succeeded');
  totals.failed = n('failed');
  totals.cancelled = n('cancelled');
  totals.durationCount = n('duration_count');
  totals.durationMsSum = n('duration_ms_sum');
  totals.durations = durationColumns.map(n);
  totals.cacheHits = n('cache_hits');
  totals.cacheMisses = n('cache_misses');
  totals.timeSavedMs = n('time_saved_ms');
  totals.sizeCount = n('size_count');
  totals.sizes = sizeColumns.map(n);
  totals.lastImageSize = row.last_image_size === undefined || row.last_image_size === null ? null : Number(row.last_image_size);
  for (const [kind, column] of Object.entries(missColumns)) totals.misses[kind as MissReasonKind] = n(column);
  return totals;
}

const toDate = (value: Date | string | number | null) => (value === null ? null : new Date(value));

/** Which days and entities a read covers; days inclusive, YYYY-MM-DD. */
export interface RollupRange {
  from: string;
  to: string;
  /** Only these entities; all when absent. */
  entityRefs?: string[];
}

export class RollupStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    return new RollupStore(await migratedClient(options));
  }

  private constructor(private readonly knex: Knex) {}

  /** The last day rolled up, or null before the first rollup. */
  async watermark(): Promise<string | null> {
    const row = await this.knex(state).where({ name: 'rolled_through' }).first();
    return row ? (row.value as string) : null;
  }

  /** The UTC day of the oldest run, or null when there is none. */
  async earliestRunDay(): Promise<string | null> {
    const row = await this.knex(runs).min({ first: 'created_at' }).first();
    const first = toDate(row?.first ?? null);
    return first ? first.toISOString().slice(0, 10) : null;
  }

  /**
   * Whether a run created in [from, to) is still queued, or running and
   * started at or after `staleBefore` (one started before was left by a crash:
   * no build outlives its time limit).
   */
  async hasUnfinishedRuns(from: Date, to: Date, staleBefore: Date): Promise<boolean> {
    const row = await this.knex(runs)
      .where('created_at', '>=', from)
      .andWhere('created_at', '<', to)
      .andWhere(q =>
        q
          .where('status', 'queued')
          .orWhere(r => r.where('status', 'running').andWhere(s => s.whereNull('started_at').orWhere('started_at', '>=', staleBefore))),
      )
      .first('id');
    return row !== undefined;
  }

  /**
   * Runs created in [from, to), oldest first, with the causes of their missed
   * steps: what a rollup sums, and what the live part of a window is computed from.
   */
  async runFacts(
    from: Date,
    to: Date,
    entityRefs?: string[],
    options: { misses?: boolean } = {},
  ): Promise<{ runs: RunFacts[]; misses: Map<string, MissReasonKind[]> }> {
    let query = this.knex(runs)
      .where('created_at', '>=', from)
      .andWhere('created_at', '<', to)
      .select('id', 'entity_ref', 'status', 'created_at', 'started_at', 'finished_at', 'image_size', 'cache_hits', 'cache_misses', 'time_saved_ms')
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    if (entityRefs) query = whereInBatches(query, 'entity_ref', entityRefs);
    const rows = await query;
    const facts: RunFacts[] = rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      status: row.status as BuildRunStatus,
      createdAt: toDate(row.created_at)!,
      startedAt: toDate(row.started_at),
      finishedAt: toDate(row.finished_at),
      imageSize: row.image_size === null ? null : Number(row.image_size),
      cacheHits: Number(row.cache_hits),
      cacheMisses: Number(row.cache_misses),
      timeSavedMs: Number(row.time_saved_ms),
    }));
    const misses = new Map<string, MissReasonKind[]>();
    // The steps' miss reasons only for those who count them (the table's rows have no use for them).
    const ids = options.misses === false ? [] : facts.map(f => f.id);
    for (let i = 0; i < ids.length; i += batchSize) {
      const missed = await this.knex(steps)
        .whereIn('run_id', ids.slice(i, i + batchSize))
        .whereNotNull('miss_reason_json')
        .select('run_id', 'miss_reason_json');
      for (const step of missed) {
        let reason: CacheMissReason | null = null;
        try {
          reason = JSON.parse(step.miss_reason_json);
        } catch {
          // counted as unknown: a reason that cannot be read explains nothing
        }
        misses.set(step.run_id, [...(misses.get(step.run_id) ?? []), missKindOf(reason)]);
      }
    }
    return { runs: facts, misses };
  }

  /**
   * Replaces `day`'s rollups and moves the watermark to it, in one
   * transaction; refused when the watermark is already there or past it (a
   * second rollup on another replica got there first), so it never moves back.
   */
  async writeDay(day: string, totals: Map<string, Totals>): Promise<void> {
    await this.knex.transaction(async tx => {
      const current = await tx(state).where({ name: 'rolled_through' }).first();
      if (current && current.value >= day) throw new Error(`day ${day} is already rolled up (through ${current.value})`);
      await tx(rollups).where({ day }).delete();
      const rows = [...totals].map(([entityRef, t]) => rowOf(day, entityRef, t));
      // ~70 columns a row: 100 rows stay far below the bind-parameter limits.
      for (let i = 0; i < rows.length; i += 100) await tx(rollups).insert(rows.slice(i, i + 100));
      await tx(state).insert({ name: 'rolled_through', value: day }).onConflict('name').merge();
    });
  }

  private summed(range: RollupRange, groupBy: 'entity_ref' | 'day') {
    let query = this.knex(rollups)
      .where('day', '>=', range.from)
      .andWhere('day', '<=', range.to)
      .groupBy(groupBy)
      .select(groupBy);
    for (const column of summedColumns) query = query.sum({ [column]: column });
    if (range.entityRefs) query = whereInBatches(query, 'entity_ref', range.entityRefs);
    return query;
  }

  /** The rolled-up days of `range`, summed per entity. */
  async sumByEntity(range: RollupRange): Promise<Map<string, Totals>> {
    if (range.entityRefs?.length === 0) return new Map();
    const rows: Row[] = await this.summed(range, 'entity_ref');
    return new Map(rows.map(row => [row.entity_ref as string, totalsOf(row)]));
  }

  /** The rolled-up days of `range`, summed per day. */
  async sumByDay(range: RollupRange): Promise<Map<string, Totals>> {
    if (range.entityRefs?.length === 0) return new Map();
    const rows: Row[] = await this.summed(range, 'day');
    return new Map(rows.map(row => [row.day as string, totalsOf(row)]));
  }

  /** Each entity's final image size on its first rolled-up day of `range` that has one. */
  async firstImageSizes(range: RollupRange): Promise<Map<string, number>> {
    if (range.entityRefs?.length === 0) return new Map();
    let first = this.knex(rollups)
      .where('day', '>=', range.from)
      .andWhere('day', '<=', range.to)
      .whereNotNull('last_image_size')
      .groupBy('entity_ref')
      .select('entity_ref')
      .min({ day: 'day' });
    if (range.entityRefs) first = whereInBatches(first, 'entity_ref', range.entityRefs);
    const rows = await this.knex(rollups)
      .join(first.as('f'), builder => builder.on('f.entity_ref', `${rollups}.entity_ref`).andOn('f.day', `${rollups}.day`))
      .select(`${rollups}.entity_ref as entity_ref`, `${rollups}.last_image_size as size`);
    return new Map(rows.map(row => [row.entity_ref as string, Number(row.size)]));
  }

  /** Per entity and day of `range`: the mean duration of that day's succeeded runs. */
  async dailyMeanDurations(range: RollupRange & { entityRefs: string[] }): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>();
    if (range.entityRefs.length === 0) return result;
    const rows = await whereInBatches(
      this.knex(rollups)
        .where('day', '>=', range.from)
        .andWhere('day', '<=', range.to)
        .where('duration_count', '>', 0)
        .select('entity_ref', 'day', 'duration_count', 'duration_ms_sum'),
      'entity_ref',
      range.entityRefs,
    );
    for (const row of rows) {
      const days = result.get(row.entity_ref) ?? new Map<string, number>();
      days.set(row.day, Number(row.duration_ms_sum) / Number(row.duration_count));
      result.set(row.entity_ref, days);
    }
    return result;
  }

  /** Ids of each entity's newest run, and of its newest succeeded run with an image size: what the fleet table shows. */
  private async newestRunIds(): Promise<Set<string>> {
    const newest = (succeededWithSize: boolean) => {
      let latest = this.knex(runs).groupBy('entity_ref').select('entity_ref').max({ created_at: 'created_at' });
      if (succeededWithSize) latest = latest.where({ status: 'succeeded' }).whereNotNull('image_size');
      let query = this.knex(`${runs} as r`)
        .join(latest.as('l'), b => b.on('l.entity_ref', 'r.entity_ref').andOn('l.created_at', 'r.created_at'))
        .select('r.id');
      if (succeededWithSize) query = query.where('r.status', 'succeeded').whereNotNull('r.image_size');
      return query;
    };
    const [last, sized] = await Promise.all([newest(false), newest(true)]);
    return new Set([...last, ...sized].map((r: { id: string }) => r.id));
  }

  /**
   * Deletes runs created before `before` on days already rolled up, with their
   * steps, step logs and context file digests, `batch` runs per transaction so
   * no lock is held long; each entity's newest run and newest succeeded run
   * with an image size stay (the fleet table's last build and image size).
   * Answers how many runs went.
   */
  async deleteRolledUpRunsBefore(before: Date, batch = batchSize): Promise<number> {
    const watermark = await this.watermark();
    if (!watermark) return 0;
    const rolledUntil = new Date(new Date(`${watermark}T00:00:00.000Z`).getTime() + 86_400_000);
    const cutoff = before < rolledUntil ? before : rolledUntil;
    const keep = await this.newestRunIds();
    const ids: string[] = (await this.knex(runs).where('created_at', '<', cutoff).orderBy('created_at').select('id'))
      .map((r: { id: string }) => r.id)
      .filter(id => !keep.has(id));
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch);
      await this.knex.transaction(async tx => {
        // Children first: SQLite enforces the foreign keys' cascades only when told to.
        for (const table of [stepLogs, steps, contextFiles]) await tx(table).whereIn('run_id', chunk).delete();
        await tx(runs).whereIn('id', chunk).delete();
      });
    }
    return ids.length;
  }
}
