/*
 * The scheduled rollup: sums each closed UTC day's runs per entity into the
 * day rollups, oldest first, then deletes runs older than the retention
 * period (only from days already rolled up, so no figure is lost).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RollupStore } from '../database/RollupStore';
import { addDays, dayStart, sumRuns, utcDay } from './totals';

/** How long after midnight a day is left alone before it is rolled up. */
const settleMs = 10 * 60_000;

export interface DailyRollupOptions {
  rollups: RollupStore;
  logger: LoggerService;
  /** Runs older than this many days are deleted once rolled up; null keeps them. */
  retentionDays: number | null;
  /**
   * A run still "running" this long after it started was left by a crash (no
   * build outlives its time limit): it does not hold its day back, and counts
   * as it stands. A queued run always holds its day back.
   */
  unfinishedGraceMs: number;
  now?: () => Date;
}

export class DailyRollup {
  private readonly now: () => Date;

  constructor(private readonly options: DailyRollupOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Rolls up every closed day after the watermark; answers the days rolled. */
  async rollClosedDays(signal?: { aborted: boolean }): Promise<string[]> {
    const { rollups } = this.options;
    const now = this.now();
    const today = utcDay(now);
    const watermark = await rollups.watermark();
    let day = watermark ? addDays(watermark, 1) : await rollups.earliestRunDay();
    const rolled: string[] = [];
    while (day && day < today && !signal?.aborted) {
      const start = dayStart(day);
      const end = dayStart(addDays(day, 1));
      // A run inserted just before midnight may commit just after it, or on a replica whose clock is a little behind.
      if (now.getTime() - end.getTime() < settleMs) break;
      if (await rollups.hasUnfinishedRuns(start, end, new Date(now.getTime() - this.options.unfinishedGraceMs))) break;
      const { runs, misses } = await rollups.runFacts(start, end);
      await rollups.writeDay(day, sumRuns(runs, misses, run => run.entityRef));
      rolled.push(day);
      day = addDays(day, 1);
    }
    return rolled;
  }

  /** Deletes runs past the retention period; answers how many. */
  async applyRetention(): Promise<number> {
    if (this.options.retentionDays === null) return 0;
    const before = dayStart(addDays(utcDay(this.now()), -this.options.retentionDays));
    return this.options.rollups.deleteRolledUpRunsBefore(before);
  }

  /** The scheduled task's body; stops between days when the scheduler aborts it (its timeout). */
  async run(signal?: { aborted: boolean }): Promise<void> {
    const started = Date.now();
    const rolled = await this.rollClosedDays(signal);
    const deleted = await this.applyRetention();
    if (rolled.length > 0 || deleted > 0) {
      this.options.logger.info(
        `Build analytics: rolled up ${rolled.length} day(s)${rolled.length ? ` (${rolled[0]}…${rolled[rolled.length - 1]})` : ''}, deleted ${deleted} run(s) past retention, in ${Date.now() - started} ms`,
      );
    }
  }
}
