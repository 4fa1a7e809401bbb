/*
 * Every live event of a run, stored in order with a sequence number, so a
 * stream on any replica can follow a run another replica executes and resume
 * after a disconnect (Server-Sent Events' Last-Event-ID). The sequence lives on
 * the run's row and is advanced in the same transaction that stores the
 * events, so writers on different replicas never take the same number. On
 * PostgreSQL the transaction also notifies listeners with the run id and the
 * last number; they read the events themselves.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { BuildEvent } from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import { runsTable } from './BuildRunStore';
import { migratedClient } from './migrate';

export interface StoredEvent {
  seq: number;
  event: BuildEvent;
}

const eventsTable = 'multistage_build_events';
/** The channel `LISTEN` subscribes to; its payload is `<run id> <last seq>`. */
export const eventsChannel = 'multistage_build_events';

export class RunEventStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    return new RunEventStore(await migratedClient(options));
  }

  private constructor(readonly knex: Knex) {}

  get isPostgres(): boolean {
    return this.knex.client.config.client === 'pg';
  }

  /** Stores `events` after the run's last one; answers them with their numbers. */
  async append(runId: string, events: BuildEvent[]): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    return this.knex.transaction(async tx => {
      const changed = await tx(runsTable).where({ id: runId }).increment('events_seq', events.length);
      if (Number(changed) === 0) throw new Error(`build run ${runId} does not exist`);
      const { events_seq: last } = (await tx(runsTable).where({ id: runId }).first('events_seq')) as { events_seq: number };
      const first = Number(last) - events.length + 1;
      const stored = events.map((event, i) => ({ seq: first + i, event }));
      const now = new Date();
      // Small batches: a build's output can make one flush large.
      for (let i = 0; i < stored.length; i += 100) {
        await tx(eventsTable).insert(
          stored.slice(i, i + 100).map(s => ({ run_id: runId, seq: s.seq, event_json: JSON.stringify(s.event), created_at: now })),
        );
      }
      if (this.isPostgres) await tx.raw('SELECT pg_notify(?, ?)', [eventsChannel, `${runId} ${last}`]);
      return stored;
    });
  }

  /** Events after `afterSeq`, in order, at most `limit`. */
  async since(runId: string, afterSeq: number, limit = 1000): Promise<StoredEvent[]> {
    const rows: { seq: number; event_json: string }[] = await this.knex(eventsTable)
      .where({ run_id: runId })
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .select('seq', 'event_json');
    return rows.map(r => ({ seq: Number(r.seq), event: JSON.parse(r.event_json) as BuildEvent }));
  }

  /** Removes the events of runs that ended before `before`; answers how many went. */
  async removeEventsOfRunsEndedBefore(before: Date): Promise<number> {
    return this.knex(eventsTable)
      .whereIn(
        'run_id',
        this.knex(runsTable).whereIn('status', ['succeeded', 'failed', 'cancelled']).where('finished_at', '<', before).select('id'),
      )
      .delete();
  }
}
