/*
 * The scheduled rollup: sums each closed UTC day's runs per entity into the
 * day rollups, oldest first, then deletes runs older than the retention
 * period (only from days already rolled up, so no figure is lost).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RollupStore } from '../database/RollupStore';
import { addDays, dayStart, sumRuns, utcDay } from './totals';

export interface DailyRollupOptions {
  rollups: RollupStore;
  logger: LoggerService;
  /** Runs older than this many days are deleted once rolled up; null keeps them. */
  retentionDays: number | null;
  /**
   * A day whose runs are still queued or running this long after it ended is
   * rolled up anyway (those runs count as they stand): a run left unfinished by
   * a crash must not hold every later day back.
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
  async rollClosedDays(): Promise<string[]> {
    const { rollups } = this.options;
    const now = this.now();
    const today = utcDay(now);
    const watermark = await rollups.watermark();
    let day = watermark ? addDays(watermark, 1) : await rollups.earliestRunDay();
    const rolled: string[] = [];
    while (day && day < today) {
      const start = dayStart(day);
      const end = dayStart(addDays(day, 1));
      const graceOver = now.getTime() - end.getTime() > this.options.unfinishedGraceMs;
      if (!graceOver && (await rollups.hasUnfinishedRuns(start, end))) break;
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

  /** The scheduled task's body. */
  async run(): Promise<void> {
    const started = Date.now();
    const rolled = await this.rollClosedDays();
    const deleted = await this.applyRetention();
    if (rolled.length > 0 || deleted > 0) {
      this.options.logger.info(
        `Build analytics: rolled up ${rolled.length} day(s)${rolled.length ? ` (${rolled[0]}…${rolled[rolled.length - 1]})` : ''}, deleted ${deleted} run(s) past retention, in ${Date.now() - started} ms`,
      );
    }
  }
}
