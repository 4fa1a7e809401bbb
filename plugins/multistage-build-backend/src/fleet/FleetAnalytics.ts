/*
 * The org-wide page's figures: closed days from the day rollups, the rest of
 * the window (today, and any day not rolled up yet) live from the runs, both
 * summed the same way (totals.ts). Only the entities passed as visible count,
 * always named (never "all"): runs of entities that left the catalog must not
 * show up in anybody's sums.
 */
import {
  missReasonKinds,
  type FleetDay,
  type FleetEntity,
  type FleetEntityPage,
  type FleetQuery,
  type FleetRankedEntity,
  type FleetSummary,
  type FleetWindow,
} from '@stagecraft/plugin-multistage-build-common';
import type { FleetEntityStore, StoredFleetEntity } from '../database/FleetEntityStore';
import type { RollupStore } from '../database/RollupStore';
import { durationBounds, percentileOf, sizeBounds } from './buckets';
import { fleetCsv } from './fleetCsv';
import { filterFleet, sortFleet } from './fleetOrder';
import { RolledSums } from './RolledSums';
import { addDays, cacheHitRatio, dayStart, successRate, sumOf, sumRuns, utcDay, type Totals } from './totals';

/** A fleet row with the totals behind it, for the rankings. */
export interface FleetRow extends FleetEntity {
  totals: Totals;
}

/** Entities ranked by a cache hit ratio need this many steps in the window: two cached steps of two say little. */
const minStepsForRatio = 10;
const rankingSize = 10;

export class FleetAnalytics {
  private readonly now: () => Date;
  private readonly rolled: RolledSums;

  constructor(
    private readonly deps: { rollups: RollupStore; entities: FleetEntityStore; now?: () => Date },
  ) {
    this.now = deps.now ?? (() => new Date());
    this.rolled = new RolledSums(deps.rollups);
  }

  /** The window's days, the rolled-up part of it, and where the live part starts. */
  private async window(days: FleetWindow) {
    const today = utcDay(this.now());
    const from = addDays(today, -(days - 1));
    const watermark = await this.deps.rollups.watermark();
    // Rollups of days before the window do not count; a watermark at today (clocks apart) stops at yesterday.
    const yesterday = addDays(today, -1);
    let rolledTo: string | null = null;
    if (watermark && watermark >= from) rolledTo = watermark < today ? watermark : yesterday;
    const liveFrom = dayStart(rolledTo ? addDays(rolledTo, 1) : from);
    const dayList = Array.from({ length: days }, (_, i) => addDays(from, i));
    return { from, rolledTo, liveFrom, dayList };
  }

  /** Live runs of the window, or none before `liveFrom`; the end is open so a run created this instant counts. */
  private async live(liveFrom: Date, entityRefs: string[], misses: boolean) {
    return this.deps.rollups.runFacts(liveFrom, new Date(8.64e15), entityRefs, { misses });
  }

  /** Every visible entity's row, unfiltered and unsorted, with its window totals. */
  private async rows(days: FleetWindow, visible: string[], misses = false): Promise<{ rows: FleetRow[]; live: Awaited<ReturnType<FleetAnalytics['live']>>; window: Awaited<ReturnType<FleetAnalytics['window']>> }> {
    const window = await this.window(days);
    const { from, rolledTo, liveFrom } = window;
    const none = { totals: new Map<string, Totals>(), firstSizes: new Map<string, number>() };
    const [entities, { totals: rolled, firstSizes }, lastRuns, latestSizes, live] = await Promise.all([
      this.deps.entities.list(visible),
      rolledTo ? this.rolled.byEntity(from, rolledTo, visible) : Promise.resolve(none),
      this.deps.entities.lastRuns(visible),
      this.deps.entities.latestImageSizes(visible),
      this.live(liveFrom, visible, misses),
    ]);
    const liveTotals = sumRuns(live.runs, live.misses, run => run.entityRef);
    // For entities with no size rolled up: as a rollup keeps it, the last size of their first live day with one.
    const firstLiveSizes = new Map<string, { day: string; size: number }>();
    for (const run of live.runs) {
      if (run.status !== 'succeeded' || run.imageSize === null) continue;
      const day = utcDay(run.createdAt);
      const first = firstLiveSizes.get(run.entityRef);
      if (!first || first.day === day) firstLiveSizes.set(run.entityRef, { day, size: run.imageSize });
    }
    const rows = entities.map(entity => {
      const totals = sumOf(rolled.get(entity.entityRef), liveTotals.get(entity.entityRef));
      const imageSize = latestSizes.get(entity.entityRef) ?? null;
      const first = firstSizes.get(entity.entityRef) ?? firstLiveSizes.get(entity.entityRef)?.size;
      return rowOf(entity, totals, {
        lastBuild: lastRuns.get(entity.entityRef) ?? null,
        imageSize,
        imageSizeChange: imageSize !== null && first !== undefined ? imageSize - first : null,
      });
    });
    return { rows, live, window };
  }

  async summary(days: FleetWindow, visible: string[]): Promise<FleetSummary> {
    // The summary ranks cache-miss reasons: it needs the live steps' reasons too.
    const { rows, live, window } = await this.rows(days, visible, true);
    const { from, rolledTo, dayList } = window;
    const [rolledDays, findingsByRule] = await Promise.all([
      rolledTo ? this.rolled.byDay(from, rolledTo, visible) : Promise.resolve(new Map<string, Totals>()),
      this.deps.entities.ruleCounts(visible, rankingSize),
    ]);
    const liveDays = sumRuns(live.runs, live.misses, run => utcDay(run.createdAt));
    const perDay = dayList.map(day => sumOf(rolledDays.get(day), liveDays.get(day)));
    const all = sumOf(...perDay);

    const sizes = rows.map(r => r.imageSize).filter((s): s is number => s !== null).sort((a, b) => a - b);
    const openFindings = { error: 0, warning: 0, info: 0 };
    for (const row of rows) {
      openFindings.error += row.openFindings?.error ?? 0;
      openFindings.warning += row.openFindings?.warning ?? 0;
      openFindings.info += row.openFindings?.info ?? 0;
    }
    const daily: FleetDay[] = dayList.map((day, i) => ({
      day,
      succeeded: perDay[i].succeeded,
      failed: perDay[i].failed,
      cancelled: perDay[i].cancelled,
      cacheHitRatio: cacheHitRatio(perDay[i]),
      timeSavedMs: perDay[i].timeSavedMs,
      medianImageSize: percentileOf(sizeBounds, perDay[i].sizes, 50),
    }));
    const ranked = (list: FleetRow[], value: (r: FleetRow) => number | null, order: 'asc' | 'desc'): FleetRankedEntity[] =>
      list
        .map(r => ({ entityRef: r.entityRef, title: r.title, value: value(r) }))
        .filter((r): r is FleetRankedEntity => r.value !== null)
        .sort((a, b) => (order === 'desc' ? b.value - a.value : a.value - b.value) || a.entityRef.localeCompare(b.entityRef))
        .slice(0, rankingSize);
    const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
    return {
      days,
      from,
      generatedAt: this.now().toISOString(),
      headline: {
        builds: all.runs,
        succeeded: all.succeeded,
        failed: all.failed,
        cancelled: all.cancelled,
        successRate: successRate(all),
        durationP50Ms: percentileOf(durationBounds, all.durations, 50),
        durationP95Ms: percentileOf(durationBounds, all.durations, 95),
        cacheHitRatio: cacheHitRatio(all),
        timeSavedMs: all.timeSavedMs,
        totalImageSize: sizes.reduce((sum, s) => sum + s, 0),
        medianImageSize: sizes.length ? sizes[Math.ceil(sizes.length / 2) - 1] : null,
        openFindings,
        entities: rows.length,
        builtEntities: rows.filter(r => r.builds > 0).length,
        neverBuiltEntities: rows.filter(r => r.lastBuild === null).length,
      },
      daily,
      rankings: {
        slowest: ranked(rows, r => r.durationP95Ms, 'desc'),
        largestImages: ranked(rows, r => r.imageSize, 'desc'),
        lowestCacheHitRatio: ranked(
          rows.filter(r => r.totals.cacheHits + r.totals.cacheMisses >= minStepsForRatio),
          r => r.cacheHitRatio,
          'asc',
        ),
        findingsByRule,
        missReasons: missReasonKinds
          .map(reason => ({ reason, count: all.misses[reason] }))
          .filter(r => r.count > 0)
          .sort((a, b) => b.count - a.count),
      },
      facets: {
        owners: distinct(rows.map(r => r.owner)),
        systems: distinct(rows.map(r => r.system)),
        lifecycles: distinct(rows.map(r => r.lifecycle)),
        kinds: distinct(rows.map(r => r.kind)),
        types: distinct(rows.map(r => r.type)),
      },
    };
  }

  /** The rows `query` matches, in its order, every page. */
  private async matching(query: FleetQuery, visible: string[]) {
    const result = await this.rows(query.days ?? 30, visible);
    let rows = filterFleet(result.rows, query);
    if (query.rule) {
      const withRule = await this.deps.entities.withRule(query.rule, rows.map(r => r.entityRef));
      rows = rows.filter(r => withRule.has(r.entityRef));
    }
    return { ...result, rows: sortFleet(rows, query) };
  }

  /** A page of the fleet table, with each row's sparkline. */
  async entities(query: FleetQuery, visible: string[]): Promise<FleetEntityPage> {
    const { rows, live, window } = await this.matching(query, visible);
    const offset = query.offset ?? 0;
    const page = rows.slice(offset, offset + (query.limit ?? 25));
    const refs = page.map(r => r.entityRef);
    const rolled = window.rolledTo
      ? await this.deps.rollups.dailyMeanDurations({ from: window.from, to: window.rolledTo, entityRefs: refs })
      : new Map<string, Map<string, number>>();
    const onPage = new Set(refs);
    const liveMeans = new Map<string, Map<string, number>>();
    for (const [key, totals] of sumRuns(
      live.runs.filter(run => onPage.has(run.entityRef)),
      live.misses,
      run => `${run.entityRef}\n${utcDay(run.createdAt)}`,
    )) {
      if (totals.durationCount === 0) continue;
      const [entityRef, day] = key.split('\n');
      const means = liveMeans.get(entityRef) ?? new Map<string, number>();
      means.set(day, totals.durationMsSum / totals.durationCount);
      liveMeans.set(entityRef, means);
    }
    return {
      total: rows.length,
      items: page.map(({ totals: _totals, ...row }) => ({
        ...row,
        sparkline: window.dayList.map(day => {
          const mean = liveMeans.get(row.entityRef)?.get(day) ?? rolled.get(row.entityRef)?.get(day);
          return mean === undefined ? null : Math.round(mean);
        }),
      })),
    };
  }

  /** Every row `query` matches, as CSV. */
  async csv(query: FleetQuery, visible: string[]): Promise<string> {
    const { rows } = await this.matching(query, visible);
    return fleetCsv(rows);
  }
}

function rowOf(
  entity: StoredFleetEntity,
  totals: Totals,
  latest: Pick<FleetEntity, 'lastBuild' | 'imageSize' | 'imageSizeChange'>,
): FleetRow {
  return {
    entityRef: entity.entityRef,
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    title: entity.title,
    owner: entity.owner,
    system: entity.system,
    lifecycle: entity.lifecycle,
    type: entity.type,
    ...latest,
    builds: totals.runs,
    durationP50Ms: percentileOf(durationBounds, totals.durations, 50),
    durationP95Ms: percentileOf(durationBounds, totals.durations, 95),
    cacheHitRatio: cacheHitRatio(totals),
    openFindings: entity.openFindings,
    scannedAt: entity.scannedAt,
    scanError: entity.scanError,
    sparkline: [],
    totals,
  };
}
