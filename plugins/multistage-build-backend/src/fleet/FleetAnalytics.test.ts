/*
 * The org-wide figures on SQLite and PostgreSQL: what they sum, that a window
 * read live from runs and the same window read from day rollups agree, that
 * retention deletes runs without changing a figure, and that entities outside
 * the visible set count nowhere.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { FleetEntityStore } from '../database/FleetEntityStore';
import { RollupStore } from '../database/RollupStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { catalogEntity, insertRuns, type SeedRun } from '../__testUtils__/fleetSeed';
import { DailyRollup } from './DailyRollup';
import { FleetAnalytics } from './FleetAnalytics';

const { databases, ids } = createTestDatabases();

const now = new Date('2026-12-03T12:00:00.000Z');
const at = (daysAgo: number, hour: number) => new Date(Date.UTC(2026, 11, 3 - daysAgo, hour)).toISOString();

const api = 'component:default/api';
const web = 'component:default/web';
const docs = 'component:default/docs'; // never built
const secret = 'component:default/secret'; // built, but not visible

const seed: SeedRun[] = [
  // Two days ago: api builds twice (one miss each), web fails.
  { id: 'a1', entityRef: api, status: 'succeeded', createdAt: at(2, 9), seconds: 100, imageSize: 50_000_000, cacheHits: 2, cacheMisses: 8, misses: [{ kind: 'first-build' }] },
  { id: 'a2', entityRef: api, status: 'succeeded', createdAt: at(2, 15), seconds: 40, imageSize: 52_000_000, cacheHits: 8, cacheMisses: 2, timeSavedMs: 30_000, misses: [{ kind: 'context-files-changed', paths: ['src/a.c'], more: 0 }] },
  { id: 'w1', entityRef: web, status: 'failed', createdAt: at(2, 10), seconds: 20, cacheHits: 1, cacheMisses: 3, misses: [{ kind: 'instruction-changed', before: 'RUN a', after: 'RUN b' }] },
  // Yesterday: api builds from cache, web is cancelled, the invisible entity builds a giant.
  { id: 'a3', entityRef: api, status: 'succeeded', createdAt: at(1, 11), seconds: 10, imageSize: 48_000_000, cacheHits: 10, cacheMisses: 0, timeSavedMs: 90_000 },
  { id: 'w2', entityRef: web, status: 'cancelled', createdAt: at(1, 12) },
  { id: 's1', entityRef: secret, status: 'succeeded', createdAt: at(1, 13), seconds: 5000, imageSize: 9_000_000_000, cacheHits: 0, cacheMisses: 50 },
  // Today: web succeeds, its base image moved.
  { id: 'w3', entityRef: web, status: 'succeeded', createdAt: at(0, 8), seconds: 300, imageSize: 200_000_000, cacheHits: 5, cacheMisses: 5, timeSavedMs: 1_000, misses: [{ kind: 'base-image-changed', before: 'a', after: 'b' }] },
];

describe.each(ids)('FleetAnalytics on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const entities = await FleetEntityStore.create({ database });
    const rollups = await RollupStore.create({ database });
    await entities.upsert(
      [
        catalogEntity('api', { title: 'Public API', owner: 'group:default/team-a' }),
        catalogEntity('web', { owner: 'group:default/team-b', system: 'storefront', lifecycle: 'experimental' }),
        catalogEntity('docs', { kind: 'Component', type: 'website' }),
        catalogEntity('secret'),
      ],
      now,
    );
    await insertRuns(knex, seed);
    const fleet = new FleetAnalytics({ rollups, entities, now: () => now });
    const rollup = new DailyRollup({ rollups, logger: mockServices.logger.mock(), retentionDays: 1, unfinishedGraceMs: 3600_000, now: () => now });
    return { knex, entities, rollups, fleet, rollup };
  }
  const visible = [api, web, docs];

  it('sums the visible entities\' runs of the window, and nothing of the others', async () => {
    const { fleet } = await setup();
    const summary = await fleet.summary(7, visible);

    expect(summary.from).toBe('2026-11-27');
    expect(summary.headline).toMatchObject({
      builds: 6,
      succeeded: 4,
      failed: 1,
      cancelled: 1,
      successRate: 0.8,
      cacheHitRatio: 26 / 44,
      timeSavedMs: 121_000,
      // Latest sizes: api 48 MB, web 200 MB.
      totalImageSize: 248_000_000,
      medianImageSize: 48_000_000,
      entities: 3,
      builtEntities: 2,
      neverBuiltEntities: 1,
    });
    // Durations 10, 40, 100, 300 s: the p50 lies in the (30 s, 45 s] bucket, the p95 in (240 s, 300 s].
    expect(summary.headline.durationP50Ms).toBeGreaterThan(30_000);
    expect(summary.headline.durationP50Ms).toBeLessThanOrEqual(45_000);
    expect(summary.headline.durationP95Ms).toBeGreaterThan(240_000);
    expect(summary.headline.durationP95Ms).toBeLessThanOrEqual(300_000);

    expect(summary.daily).toHaveLength(7);
    expect(summary.daily.at(-3)).toMatchObject({ day: '2026-12-01', succeeded: 2, failed: 1, cacheHitRatio: 11 / 24, timeSavedMs: 30_000 });
    expect(summary.daily.at(-2)).toMatchObject({ day: '2026-12-02', succeeded: 1, cancelled: 1, cacheHitRatio: 1 });
    expect(summary.daily.at(-1)).toMatchObject({ day: '2026-12-03', succeeded: 1 });
    expect(summary.daily[0]).toMatchObject({ succeeded: 0, cacheHitRatio: null, medianImageSize: null });
    // One 200 MB image today: the median is that bucket's estimate, within 12.5%.
    expect(summary.daily.at(-1)!.medianImageSize! / 200_000_000).toBeGreaterThan(0.875);
    expect(summary.daily.at(-1)!.medianImageSize! / 200_000_000).toBeLessThan(1.125);

    expect(summary.rankings.slowest.map(r => r.entityRef)).toEqual([web, api]);
    expect(summary.rankings.largestImages.map(r => [r.entityRef, r.value])).toEqual([[web, 200_000_000], [api, 48_000_000]]);
    expect(summary.rankings.lowestCacheHitRatio.map(r => r.entityRef)).toEqual([web, api]);
    expect(summary.rankings.missReasons).toEqual([
      { reason: 'instruction-changed', count: 1 },
      { reason: 'context-files-changed', count: 1 },
      { reason: 'base-image-changed', count: 1 },
      { reason: 'first-build', count: 1 },
    ]);
    expect(summary.facets.owners).toEqual(['group:default/team-a', 'group:default/team-b']);
    expect(summary.facets.types).toEqual(['service', 'website']);
    expect(JSON.stringify(summary)).not.toContain('secret');
  });

  it('gives the same figures from day rollups as live from the runs, and keeps them when retention deletes the runs', async () => {
    const { fleet, rollup, rollups, knex } = await setup();
    const live = await fleet.summary(7, visible);
    const livePage = await fleet.entities({ days: 7, sort: 'name' }, visible);
    // One visible entity of three with runs: its days are summed from its own rollups, not all less the hidden.
    const liveWeb = await fleet.summary(7, [web]);

    expect(await rollup.rollClosedDays()).toEqual(['2026-12-01', '2026-12-02']);
    expect(await rollups.watermark()).toBe('2026-12-02');
    expect(await rollup.rollClosedDays()).toEqual([]);
    expect(await fleet.summary(7, visible)).toEqual(live);
    expect(await fleet.entities({ days: 7, sort: 'name' }, visible)).toEqual(livePage);
    expect(await fleet.summary(7, [web])).toEqual(liveWeb);

    // Retention of one day: the runs of 1 December go (with their steps), the figures stay.
    expect(await rollup.applyRetention()).toBe(3);
    expect((await knex('multistage_build_runs').select('id').orderBy('id')).map(r => r.id)).toEqual(['a3', 's1', 'w2', 'w3']);
    expect(await knex('multistage_build_steps').whereIn('run_id', ['a1', 'a2', 'w1'])).toEqual([]);
    expect(await fleet.summary(7, visible)).toEqual(live);
  });

  it("keeps each entity's newest run and newest image through retention, so its row does not change", async () => {
    const { fleet, rollup, knex, entities } = await setup();
    await entities.upsert([catalogEntity('legacy')], now);
    const legacy = 'component:default/legacy';
    await insertRuns(knex, [
      { id: 'l1', entityRef: legacy, status: 'succeeded', createdAt: at(2, 1), seconds: 60, imageSize: 70_000_000 },
      { id: 'l2', entityRef: legacy, status: 'failed', createdAt: at(2, 2), seconds: 5 },
      { id: 'l0', entityRef: legacy, status: 'succeeded', createdAt: at(2, 0), seconds: 60, imageSize: 60_000_000 },
    ]);
    const before = (await fleet.entities({ days: 7, search: 'legacy' }, [...visible, legacy])).items[0];
    expect(before).toMatchObject({ lastBuild: { runId: 'l2', status: 'failed' }, imageSize: 70_000_000 });

    await rollup.rollClosedDays();
    // Of 1 December: a1, a2, w1 and l0 go; l1 (newest image) and l2 (newest run) stay.
    expect(await rollup.applyRetention()).toBe(4);
    expect((await knex('multistage_build_runs').where({ entity_ref: legacy }).select('id').orderBy('id')).map(r => r.id)).toEqual(['l1', 'l2']);
    expect((await fleet.entities({ days: 7, search: 'legacy' }, [...visible, legacy])).items[0]).toEqual(before);
  });

  it('waits for a day whose runs are unfinished, unless they were left behind long ago', async () => {
    const { knex, rollups } = await setup();
    await insertRuns(knex, [{ id: 'q1', entityRef: api, status: 'running', createdAt: at(1, 23) }]);
    const rollupAt = (time: string) =>
      new DailyRollup({ rollups, logger: mockServices.logger.mock(), retentionDays: null, unfinishedGraceMs: 2 * 86_400_000, now: () => new Date(time) });
    expect(await rollupAt('2026-12-03T12:00:00.000Z').rollClosedDays()).toEqual(['2026-12-01']);
    expect(await rollups.watermark()).toBe('2026-12-01');

    // Running two days after it started, the run was left behind by a crash; a day is left alone for ten
    // minutes after it ends (a run may commit just after midnight).
    expect(await rollupAt('2026-12-05T00:00:01.000Z').rollClosedDays()).toEqual(['2026-12-02', '2026-12-03']);
    expect(await rollupAt('2026-12-05T00:10:01.000Z').rollClosedDays()).toEqual(['2026-12-04']);
    // A queued run holds its day back however long it waits: it has not started, it will be counted.
    await insertRuns(knex, [{ id: 'q2', entityRef: api, status: 'queued', createdAt: '2026-12-05T23:50:00.000Z' }]);
    expect(await rollupAt('2026-12-20T12:00:00.000Z').rollClosedDays()).toEqual([]);
    // A second rollup of a day already rolled (another replica was first) is refused; the watermark never goes back.
    await expect(rollups.writeDay('2026-12-03', new Map())).rejects.toThrow('day 2026-12-03 is already rolled up (through 2026-12-04)');
    expect(await rollups.watermark()).toBe('2026-12-04');
  });

  it('lists every visible entity, built or not, filtered, searched, sorted and paged', async () => {
    const { fleet } = await setup();
    const all = await fleet.entities({ days: 7 }, visible);
    expect(all.total).toBe(3);
    // By title where there is one: "Public API" sorts between docs and web.
    expect(all.items.map(r => r.name)).toEqual(['docs', 'api', 'web']);

    const api_ = all.items.find(r => r.entityRef === api)!;
    expect(api_).toMatchObject({
      title: 'Public API',
      builds: 3,
      lastBuild: { runId: 'a3', status: 'succeeded' },
      imageSize: 48_000_000,
      // The window started at 52 MB (the last build of its first day with one), the latest is 48 MB.
      imageSizeChange: -4_000_000,
      cacheHitRatio: 20 / 30,
      openFindings: null,
    });
    // One mean duration per day: 70 s two days ago, 10 s yesterday, none today.
    expect(api_.sparkline.slice(-3)).toEqual([70_000, 10_000, null]);
    expect(all.items.find(r => r.entityRef === docs)).toMatchObject({ lastBuild: null, builds: 0, imageSize: null, sparkline: [null, null, null, null, null, null, null] });

    expect((await fleet.entities({ days: 7, state: 'never-built' }, visible)).items.map(r => r.name)).toEqual(['docs']);
    expect((await fleet.entities({ days: 7, owner: 'group:default/team-b' }, visible)).items.map(r => r.name)).toEqual(['web']);
    expect((await fleet.entities({ days: 7, search: 'public' }, visible)).items.map(r => r.name)).toEqual(['api']);
    expect((await fleet.entities({ days: 7, type: 'website' }, visible)).items.map(r => r.name)).toEqual(['docs']);
    const bySize = await fleet.entities({ days: 7, sort: 'imageSize', order: 'desc' }, visible);
    expect(bySize.items.map(r => r.name)).toEqual(['web', 'api', 'docs']);
    const page2 = await fleet.entities({ days: 7, sort: 'imageSize', order: 'desc', offset: 1, limit: 1 }, visible);
    expect(page2).toMatchObject({ total: 3, items: [{ name: 'api' }] });
  });

  it('counts the open findings of the visible entities, by severity and by rule, and lists the entities behind a rule', async () => {
    const { fleet, entities } = await setup();
    const scan = (byRule: { ruleId: string; severity: 'error' | 'warning' | 'info'; count: number }[]) => ({
      digest: 'sha256:1',
      etag: null,
      analysisKey: 'k',
      scannedAt: now,
      findings: {
        error: byRule.filter(r => r.severity === 'error').reduce((n, r) => n + r.count, 0),
        warning: byRule.filter(r => r.severity === 'warning').reduce((n, r) => n + r.count, 0),
        info: byRule.filter(r => r.severity === 'info').reduce((n, r) => n + r.count, 0),
      },
      byRule,
    });
    await entities.saveScan(api, scan([{ ruleId: 'root-final-stage', severity: 'info', count: 1 }, { ruleId: 'end-of-life-base', severity: 'warning', count: 2 }]));
    await entities.saveScan(web, scan([{ ruleId: 'end-of-life-base', severity: 'warning', count: 1 }]));
    await entities.saveScan(secret, scan([{ ruleId: 'secret-in-env', severity: 'error', count: 5 }]));

    const summary = await fleet.summary(7, visible);
    expect(summary.headline.openFindings).toEqual({ error: 0, warning: 3, info: 1 });
    expect(summary.rankings.findingsByRule).toEqual([
      { ruleId: 'end-of-life-base', severity: 'warning', findings: 3, entities: 2 },
      { ruleId: 'root-final-stage', severity: 'info', findings: 1, entities: 1 },
    ]);
    expect((await fleet.entities({ days: 7, rule: 'end-of-life-base' }, visible)).items.map(r => r.name)).toEqual(['api', 'web']);
    expect((await fleet.entities({ days: 7, rule: 'secret-in-env' }, visible)).total).toBe(0);
    const bySeverity = await fleet.entities({ days: 7, sort: 'findings', order: 'desc' }, visible);
    expect(bySeverity.items.map(r => [r.name, r.openFindings])).toEqual([
      ['api', { error: 0, warning: 2, info: 1 }],
      ['web', { error: 0, warning: 1, info: 0 }],
      ['docs', null],
    ]);

    // Counts taken under another severity (a Dockerfile unreadable since the change) add to the same rule.
    await entities.saveScan(docs, scan([{ ruleId: 'end-of-life-base', severity: 'error', count: 1 }]));
    expect((await fleet.summary(7, visible)).rankings.findingsByRule[0]).toEqual({ ruleId: 'end-of-life-base', severity: 'error', findings: 4, entities: 3 });
  });

  it('keeps catalog fields of any length (the catalog sets none)', async () => {
    const { fleet, entities } = await setup();
    const title = 'A very long title '.repeat(20);
    await entities.upsert([catalogEntity('long', { title, owner: `group:default/${'o'.repeat(300)}` })], now);
    expect((await fleet.entities({ days: 7, search: 'very long' }, [...visible, 'component:default/long'])).items[0]).toMatchObject({ title });
  });

  it('marks the entities whose latest run failed as failing', async () => {
    const { fleet, knex } = await setup();
    await insertRuns(knex, [{ id: 'w4', entityRef: web, status: 'failed', createdAt: at(0, 10), seconds: 3 }]);
    expect((await fleet.entities({ days: 7, state: 'failing' }, visible)).items.map(r => r.name)).toEqual(['web']);
  });

  it('exports the matching rows as CSV, every page', async () => {
    const { fleet } = await setup();
    const csv = await fleet.csv({ days: 7, sort: 'name' }, visible);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^entity,title,owner,system,lifecycle,type,last_build_status,/);
    expect(lines).toHaveLength(4);
    expect(lines.find(l => l.startsWith(docs))).toContain(',never built,');
    expect(lines.find(l => l.startsWith(api))).toContain(',48000000,-4000000,');
    expect(csv).not.toContain('secret');
  });
});
