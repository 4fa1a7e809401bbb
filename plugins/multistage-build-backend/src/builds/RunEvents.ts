/*
 * Live events of builds, on every replica. The replica that executes a run
 * stores its events in batches (every `flushMs`); the store numbers them. A
 * stream anywhere subscribes from a sequence number and gets every later event
 * exactly once, in order: from this replica's own flushes at once, from other
 * replicas when PostgreSQL notifies (a dedicated LISTEN connection), and by
 * polling the store every `pollMs` (SQLite, a lost connection, a missed
 * notification). A subscriber never sees a gap: an event that does not follow
 * the last one delivered waits for a read of the store.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BuildEvent } from '@stagecraft/plugin-multistage-build-common';
import { eventsChannel, type RunEventStore, type StoredEvent } from '../database/RunEventStore';

export type EventListener = (stored: StoredEvent) => void;

interface Subscriber {
  last: number;
  listener: EventListener;
}

interface RawListenConnection {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
  removeAllListeners(): void;
}

export interface RunEventsOptions {
  store: RunEventStore;
  logger?: LoggerService;
  /** Milliseconds between stores of a run's buffered events. Default 100. */
  flushMs?: number;
  /** Milliseconds between polls of the store for subscribed runs. Default 1000. */
  pollMs?: number;
}

export class RunEvents {
  private readonly pending = new Map<string, BuildEvent[]>();
  private readonly flushTimers = new Map<string, NodeJS.Timeout>();
  /** Per run, the store writes and reads in flight, chained so they happen in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private pollTimer: NodeJS.Timeout | undefined;
  private connection: RawListenConnection | undefined;
  private closed = false;

  constructor(private readonly options: RunEventsOptions) {}

  /** Queues `event` for the run's next store; subscribers get it once stored. */
  publish(runId: string, event: BuildEvent): void {
    const list = this.pending.get(runId) ?? [];
    list.push(event);
    this.pending.set(runId, list);
    if (!this.flushTimers.has(runId)) {
      const timer = setTimeout(() => {
        this.flush(runId).catch(e => this.options.logger?.warn(`Could not store events of build ${runId}: ${e}`));
      }, this.options.flushMs ?? 100);
      timer.unref();
      this.flushTimers.set(runId, timer);
    }
  }

  /** Stores the run's buffered events now, and delivers them here. */
  flush(runId: string): Promise<void> {
    clearTimeout(this.flushTimers.get(runId));
    this.flushTimers.delete(runId);
    return this.chain(runId, async () => {
      const batch = this.pending.get(runId);
      if (!batch || batch.length === 0) return;
      this.pending.delete(runId);
      let stored: StoredEvent[];
      try {
        stored = await this.options.store.append(runId, batch);
      } catch (e) {
        // Kept for the next flush, ahead of anything published since, and tried again: a run's
        // `finished` event must not stay in memory.
        this.pending.set(runId, [...batch, ...(this.pending.get(runId) ?? [])]);
        if (!this.closed && !this.flushTimers.has(runId)) {
          const timer = setTimeout(() => {
            this.flush(runId).catch(err => this.options.logger?.warn(`Could not store events of build ${runId}: ${err}`));
          }, 1000);
          timer.unref();
          this.flushTimers.set(runId, timer);
        }
        throw e;
      }
      this.deliver(runId, stored);
    });
  }

  /**
   * Calls `listener` with every event of the run numbered after `afterSeq`, in
   * order, until the returned function is called. Events stored before the
   * call are read from the store first.
   */
  subscribe(runId: string, afterSeq: number, listener: EventListener): () => void {
    const subscriber: Subscriber = { last: afterSeq, listener };
    const set = this.subscribers.get(runId) ?? new Set();
    set.add(subscriber);
    this.subscribers.set(runId, set);
    this.ensurePolling();
    void this.read(runId);
    return () => {
      set.delete(subscriber);
      // Idempotent: a later subscription of the run has a set of its own.
      if (set.size === 0 && this.subscribers.get(runId) === set) this.subscribers.delete(runId);
    };
  }

  /** Stored events of the run after `afterSeq` (a resuming stream of an ended run). */
  stored(runId: string, afterSeq: number): Promise<StoredEvent[]> {
    return this.options.store.since(runId, afterSeq);
  }

  /** Starts following other replicas' notifications (PostgreSQL only; elsewhere polling does it). */
  async listen(): Promise<void> {
    if (!this.options.store.isPostgres || this.closed) return;
    const client = this.options.store.knex.client as { acquireRawConnection(): Promise<RawListenConnection>; destroyRawConnection(c: RawListenConnection): Promise<void> };
    let connection: RawListenConnection | undefined;
    try {
      connection = await client.acquireRawConnection();
      if (this.closed) {
        await client.destroyRawConnection(connection).catch(() => undefined);
        return;
      }
      const listening = connection;
      connection.on('notification', message => this.notified(message.payload));
      const lost = (error?: Error) => {
        if (this.connection !== listening) return;
        this.connection = undefined;
        listening.removeAllListeners();
        client.destroyRawConnection(listening).catch(() => undefined);
        if (this.closed) return;
        this.options.logger?.warn(`Lost the LISTEN connection for build events (${error?.message ?? 'closed'}); polling until it is back`);
        setTimeout(() => void this.listen(), 1000).unref();
      };
      connection.on('error', lost);
      connection.on('end', lost);
      await connection.query(`LISTEN ${eventsChannel}`);
      this.connection = connection;
    } catch (e) {
      if (connection && this.connection !== connection) {
        connection.removeAllListeners();
        await client.destroyRawConnection(connection).catch(() => undefined);
      }
      this.options.logger?.warn(`Could not LISTEN for build events (${(e as Error).message}); polling every ${this.options.pollMs ?? 1000} ms`);
      if (!this.closed) setTimeout(() => void this.listen(), 5000).unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    await Promise.all([...this.flushTimers.keys()].map(runId => this.flush(runId).catch(() => undefined)));
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      connection.removeAllListeners();
      const client = this.options.store.knex.client as { destroyRawConnection(c: RawListenConnection): Promise<void> };
      await client.destroyRawConnection(connection).catch(() => undefined);
    }
  }

  private notified(payload: string | undefined): void {
    const [runId, last] = (payload ?? '').split(' ');
    const set = this.subscribers.get(runId);
    if (!set) return;
    if ([...set].some(s => s.last < Number(last))) void this.read(runId);
  }

  /** Reads what the run's subscribers have not had yet from the store, and delivers it. */
  private read(runId: string): Promise<void> {
    return this.chain(runId, async () => {
      for (;;) {
        const set = this.subscribers.get(runId);
        if (!set || set.size === 0) return;
        const from = Math.min(...[...set].map(s => s.last));
        const events = await this.options.store.since(runId, from);
        this.deliver(runId, events, true);
        if (events.length < 1000) return;
      }
    }).catch(e => this.options.logger?.warn(`Could not read events of build ${runId}: ${e}`));
  }

  /** `fromStore`: the store has nothing in between, so a jump (events removed by retention) is no gap. */
  private deliver(runId: string, events: StoredEvent[], fromStore = false): void {
    const set = this.subscribers.get(runId);
    if (!set) return;
    let gap = false;
    for (const subscriber of [...set]) {
      for (const stored of events) {
        if (stored.seq <= subscriber.last) continue;
        if (stored.seq !== subscriber.last + 1 && !fromStore) {
          gap = true;
          break;
        }
        subscriber.last = stored.seq;
        try {
          subscriber.listener(stored);
        } catch (e) {
          this.options.logger?.warn(`A build event listener failed: ${e}`);
        }
      }
    }
    // Another replica stored events in between: they come from the store, in order.
    if (gap) setImmediate(() => void this.read(runId));
  }

  private chain(runId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(runId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.chains.set(runId, tail);
    void tail.then(() => {
      if (this.chains.get(runId) === tail) this.chains.delete(runId);
    });
    return next;
  }

  private ensurePolling(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setInterval(() => {
      if (this.subscribers.size === 0) {
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
        return;
      }
      for (const runId of this.subscribers.keys()) void this.read(runId);
    }, this.options.pollMs ?? 1000);
    this.pollTimer.unref();
  }
}
