/*
 * The build queue, shared by every replica through the database. A queued run
 * is a row; a replica with room claims the oldest one it can place, choosing
 * the builder in the same transaction that counts each builder's running
 * builds, so no two replicas can overfill a builder. The claim records the
 * replica, the builder and a lease that the replica keeps renewing; recovery
 * takes over runs whose lease expired.
 *
 * On PostgreSQL the claims are serialised by a transaction-scoped advisory
 * lock (counting and claiming must be one step; SKIP LOCKED alone would let
 * two replicas both see the last free slot). SQLite serialises writers anyway.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { defaultBuildConfig, type BuildConfig, type BuildRun } from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import type { EngineCandidate } from '../engine/Builders';
import { chooseEngine } from '../builds/chooseEngine';
import { runFromRow, runsTable, type RawRunRow } from './BuildRunStore';
import { migratedClient } from './migrate';

/** A run this replica now executes. */
export interface ClaimedRun {
  run: BuildRun;
  entity: Entity;
  /** 1 for the first claim; more after the run was queued again. */
  attempt: number;
}

/** A run whose replica stopped renewing its lease. */
export interface ExpiredClaim {
  id: string;
  entityRef: string;
  claimedBy: string | null;
  engine: string | null;
  /** Set once the engine was asked to build: the run then cannot be taken back. */
  engineBuildId: string | null;
  attempts: number;
}

/** Any number will do, as long as no other code in the database takes the same advisory lock. */
const claimLockKey = 727_401_015;
/** Queued runs read at a time while looking for one a builder can take now. */
const candidatesPerPage = 50;
/** Pages looked at per claim: runs no builder can place now (a platform that is full) must not block the ones behind them, but a claim must stay short. */
const pagesPerClaim = 40;

export interface ClaimOptions {
  replica: string;
  leaseMs: number;
  engines: EngineCandidate[];
  /** The builders a run may go to; null or undefined: any. */
  buildersFor?: (config: BuildConfig, entityRef: string) => string[] | null;
}

export class RunQueueStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    return new RunQueueStore(await migratedClient(options));
  }

  private constructor(private readonly knex: Knex) {}

  private get isPostgres(): boolean {
    return this.knex.client.config.client === 'pg';
  }

  /**
   * Claims the oldest queued run that a builder in `engines` can take now, for
   * `replica`, with a lease of `leaseMs`. Undefined when none can be placed.
   */
  async claim(options: ClaimOptions): Promise<ClaimedRun | undefined> {
    if (options.engines.length === 0) return undefined;
    return this.knex.transaction(async tx => {
      if (this.isPostgres) await tx.raw('SELECT pg_advisory_xact_lock(?)', [claimLockKey]);
      const running = await runningPerEngine(tx);
      // Every builder full: nothing to look for.
      if (options.engines.every(e => (running.get(e.name) ?? 0) >= e.concurrency)) return undefined;
      for (let page = 0; page < pagesPerClaim; page++) {
        const candidates: RawRunRow[] = await tx(runsTable)
          .where({ status: 'queued' })
          .orderBy('created_at', 'asc')
          .orderBy('id', 'asc')
          .offset(page * candidatesPerPage)
          .limit(candidatesPerPage);
        const claimed = await this.claimFrom(tx, candidates, running, options);
        if (claimed) return claimed;
        if (candidates.length < candidatesPerPage) return undefined;
      }
      return undefined;
    });
  }

  /** The first of `candidates` a builder can take now, claimed; undefined when none fits. */
  private async claimFrom(
    tx: Knex.Transaction,
    candidates: RawRunRow[],
    running: Map<string, number>,
    options: ClaimOptions,
  ): Promise<ClaimedRun | undefined> {
    if (candidates.length === 0) return undefined;
    const last = await lastEngines(tx, [...new Set(candidates.map(c => c.entity_ref))]);
    for (const row of candidates) {
      const config = JSON.parse(row.config_json) as Partial<BuildConfig>;
      const platforms = config.platforms ?? [];
      // Some runs may go only to some builders (an SSH agent configured per builder).
      const allowed = options.buildersFor?.({ ...defaultBuildConfig, ...config }, row.entity_ref) ?? null;
      const engines = allowed ? options.engines.filter(e => allowed.includes(e.name)) : options.engines;
      const engine = chooseEngine({ platforms, lastEngine: last.get(row.entity_ref) ?? null }, engines, running);
      if (!engine) continue;
      const now = new Date();
      const changed = await tx(runsTable)
        .where({ id: row.id, status: 'queued' })
        .update({
          status: 'running',
          started_at: now,
          engine,
          claimed_by: options.replica,
          lease_expires_at: new Date(now.getTime() + options.leaseMs),
          engine_build_id: null,
          attempts: row.attempts + 1,
        });
      if (Number(changed) === 0) continue;
      const claimed = (await tx<RawRunRow>(runsTable).where({ id: row.id }).first())!;
      if (!row.entity_json) {
        // Stored before runs carried their entity: nothing can build it now.
        await tx(runsTable).where({ id: row.id }).update({
          status: 'failed',
          finished_at: now,
          lease_expires_at: null,
          error: 'this run was queued by an older version that did not store its entity; start it again',
        });
        continue;
      }
      return { run: runFromRow(claimed), entity: JSON.parse(row.entity_json) as Entity, attempt: claimed.attempts };
    }
    return undefined;
  }

  /**
   * Extends the lease of each run in `ids` that `replica` still holds while it
   * runs. Answers the ones it holds: the others were cancelled, or taken over.
   */
  async renew(replica: string, ids: string[], leaseMs: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    await this.knex(runsTable)
      .whereIn('id', ids)
      .where({ claimed_by: replica, status: 'running' })
      .update({ lease_expires_at: new Date(Date.now() + leaseMs) });
    const held: { id: string }[] = await this.knex(runsTable)
      .whereIn('id', ids)
      .where({ claimed_by: replica, status: 'running' })
      .select('id');
    return new Set(held.map(r => r.id));
  }

  /** Records the build id before the engine is asked, while `replica` holds the run; false when it does not. */
  async setEngineBuildId(id: string, replica: string, buildId: string): Promise<boolean> {
    const changed = await this.knex(runsTable)
      .where({ id, claimed_by: replica, status: 'running' })
      .update({ engine_build_id: buildId });
    return Number(changed) > 0;
  }

  /** Whether `replica` still holds the run's claim (whatever its status: a cancel elsewhere keeps the claim). */
  async holds(id: string, replica: string): Promise<boolean> {
    const row = await this.knex(runsTable).where({ id, claimed_by: replica }).first('id');
    return Boolean(row);
  }

  /** The build id the engine was given for the run, once it was asked. */
  async engineBuildId(id: string): Promise<string | undefined> {
    const row = await this.knex(runsTable).where({ id }).first('engine_build_id');
    return row?.engine_build_id ?? undefined;
  }

  /** Builds running on each builder, across every replica. */
  async runningPerEngine(): Promise<Map<string, number>> {
    return runningPerEngine(this.knex);
  }

  async queuedCount(): Promise<number> {
    const [{ count }] = await this.knex(runsTable).where({ status: 'queued' }).count({ count: '*' });
    return Number(count);
  }

  /** Running runs whose lease ended before `now`. */
  async expired(now: Date): Promise<ExpiredClaim[]> {
    const rows: RawRunRow[] = await this.knex(runsTable)
      .where({ status: 'running' })
      .where(q => q.where('lease_expires_at', '<', now).orWhereNull('lease_expires_at'))
      .orderBy('created_at', 'asc');
    return rows.map(r => ({
      id: r.id,
      entityRef: r.entity_ref,
      claimedBy: r.claimed_by,
      engine: r.engine,
      engineBuildId: r.engine_build_id,
      attempts: r.attempts,
    }));
  }

  /**
   * Puts a running run back in the queue, unless it changed since it was
   * read (`claimedBy` and, for recovery, a lease still expired at `expiredBy`).
   * The steps of the attempt go; its events stay, and later ones follow them.
   */
  async requeue(id: string, condition: { claimedBy: string | null; expiredBy?: Date }): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const query = tx(runsTable).where({ id, status: 'running', claimed_by: condition.claimedBy });
      if (condition.expiredBy) {
        const by = condition.expiredBy;
        query.where(q => q.where('lease_expires_at', '<', by).orWhereNull('lease_expires_at'));
      }
      const changed = await query.update({
        status: 'queued',
        started_at: null,
        engine: null,
        claimed_by: null,
        lease_expires_at: null,
        engine_build_id: null,
      });
      if (Number(changed) === 0) return false;
      await tx('multistage_build_steps').where({ run_id: id }).delete();
      return true;
    });
  }

  /**
   * Closes the steps a lost run left open, saying why: no step of an ended
   * run stays running.
   */
  async closeOpenSteps(id: string, reason: string): Promise<void> {
    await this.knex('multistage_build_steps')
      .where({ run_id: id })
      .whereNull('completed_at')
      .update({ completed_at: new Date(), error: reason });
  }
}

async function runningPerEngine(knex: Knex | Knex.Transaction): Promise<Map<string, number>> {
  const rows: { engine: string; count: number | string }[] = await knex(runsTable)
    .where({ status: 'running' })
    .whereNotNull('engine')
    .groupBy('engine')
    .select('engine')
    .count({ count: '*' });
  return new Map(rows.map(r => [r.engine, Number(r.count)]));
}

/** The builder of each entity's latest run that had one. */
async function lastEngines(knex: Knex.Transaction, entityRefs: string[]): Promise<Map<string, string>> {
  const rows: { entity_ref: string; engine: string }[] = await knex(`${runsTable} as r`)
    .whereIn('r.entity_ref', entityRefs)
    .whereNotNull('r.engine')
    .where(
      'r.created_at',
      knex(`${runsTable} as l`)
        .max('l.created_at')
        .whereRaw('l.entity_ref = r.entity_ref')
        .whereNotNull('l.engine'),
    )
    .select('r.entity_ref', 'r.engine');
  return new Map(rows.map(r => [r.entity_ref, r.engine]));
}
