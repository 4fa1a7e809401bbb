/*
 * bench/fleet: the org-wide build analytics page under realistic load, on
 * SQLite and PostgreSQL. For each database:
 *   1. a fresh database, with the fleet of bench/fleet-generate.ts: N annotated
 *      entities (a catalog location under .cache/bench-fleet/catalog, ~10%
 *      restricted to their owners) and M runs over 180 days with their steps,
 *      written straight into the plugin's tables;
 *   2. the day rollup, timed one closed day at a time (DailyRollup, as the
 *      scheduled task runs it, straight on the database);
 *   3. the real backend (packages/backend, the portal's permission policy) on
 *      port 7107 with that database and catalog location; once the catalog has
 *      every entity and the plugin's refresh has read every Dockerfile, the
 *      page's API calls as the guest, K samples each after 2 warm-up calls,
 *      with multistageBuild.analytics.visibilityCacheSeconds 0: the visibility
 *      filter (a catalog query and a permission batch over every entity) runs
 *      on every request. The refresh and rollup tasks are scheduled every 10
 *      hours and the refresh is triggered through the scheduler's endpoint
 *      until every entity is in, so neither runs while the calls are timed
 *      (the catalog's own processing loop does, as in production).
 * Targets (the issue): the page's API calls p95 under 300 ms on PostgreSQL and
 * under 1 s on SQLite; the fleet table's first page under 300 ms; the rollup
 * of one day under 10 s. Prints numbers next to them; asserts nothing, but
 * fails when the backend does not come up or never has every entity.
 *
 *   yarn bench:fleet [--db sqlite|postgres|both] [--entities N] [--runs M] [--samples K]
 *                    [--days D] [--seed S] [--fill-timeout MINUTES] [--keep] [--permission-batching]
 *
 * PostgreSQL comes from scripts/services/postgres.sh (STAGECRAFT_TEST_PG_URL
 * wins); the bench's databases are named stagecraft_bench_* and dropped first.
 * --keep leaves the databases (and the SQLite files) behind for a look.
 * --permission-batching sets permission.EXPERIMENTAL_enableBatchedRequests (one
 * item per permission with all refs, instead of one per entity), to compare;
 * the plugin sends its per-entity authorize calls 250 entities at a time, below
 * the permission backend's 100 kB body limit (over it, a 413).
 */
import type { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import type { FleetSummary } from '@stagecraft/plugin-multistage-build-common';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { RollupStore } from '../plugins/multistage-build-backend/src/database/RollupStore';
import { DailyRollup } from '../plugins/multistage-build-backend/src/fleet/DailyRollup';
import { addDays, dayStart, utcDay } from '../plugins/multistage-build-backend/src/fleet/totals';
import { migratePlugin, parseArgs, planFleet, positiveInt, seedRuns, writeCatalog, type FleetPlan } from './fleet-generate';

const root = join(__dirname, '..');
const work = join(root, '.cache', 'bench-fleet');
const port = 7107;
const backendUrl = `http://localhost:${port}`;
const api = `${backendUrl}/api/multistage-build`;
const pgPrefix = 'stagecraft_bench_';
const pluginDatabase = `${pgPrefix}multistage-build`;
const targets = { sqlite: 1000, postgres: 300 } as const;
const firstPageTarget = 300;
const rollupDayTarget = 10_000;

type Db = 'sqlite' | 'postgres';
const label: Record<Db, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const seconds = (ms: number) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
const pad = (s: string | number, n: number) => String(s).padStart(n);
const padEnd = (s: string, n: number) => s.padEnd(n);

// ----------------------------------------------------------------- databases

interface PreparedDatabase {
  /** The plugin's database, for seeding, rollups and polling. */
  knex: Knex;
  /** backend.database for the overlay config. */
  backendDatabase: Record<string, unknown>;
  version: string;
  cleanup: () => Promise<void>;
}

async function prepareSqlite(): Promise<PreparedDatabase> {
  const directory = join(work, 'sqlite');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  // One file per plugin in the directory, as the backend makes them.
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(directory, 'multistage-build.sqlite') }, useNullAsDefault: true });
  const [{ version }] = await knex.raw('select sqlite_version() as version');
  return {
    knex,
    backendDatabase: { client: 'better-sqlite3', connection: { directory } },
    version: `SQLite ${version} (better-sqlite3)`,
    cleanup: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

function pgConnection(url: string, database: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database };
}

async function dropBenchDatabases(admin: Knex): Promise<void> {
  const rows: { datname: string }[] = (await admin.raw(`select datname from pg_database where datname like ?`, [`${pgPrefix.replace(/_/g, '\\_')}%`])).rows;
  for (const { datname } of rows) {
    if (!datname.startsWith(pgPrefix)) continue; // never anything but the bench's own
    await admin.raw('drop database if exists ?? with (force)', [datname]);
  }
}

async function preparePostgres(): Promise<PreparedDatabase> {
  const url = execFileSync('bash', [join(root, 'scripts/services/postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const admin = knexFactory({ client: 'pg', connection: pgConnection(url, new URL(url).pathname.slice(1) || 'postgres'), pool: { min: 0, max: 1 } });
  let version: string;
  try {
    await dropBenchDatabases(admin);
    await admin.raw('create database ??', [pluginDatabase]);
    version = (await admin.raw('show server_version')).rows[0].server_version;
  } finally {
    await admin.destroy();
  }
  const knex = knexFactory({ client: 'pg', connection: pgConnection(url, pluginDatabase), pool: { min: 0, max: 2 } });
  return {
    knex,
    backendDatabase: { client: 'pg', connection: url, prefix: pgPrefix },
    version: `PostgreSQL ${version}`,
    cleanup: async () => {
      const again = knexFactory({ client: 'pg', connection: pgConnection(url, new URL(url).pathname.slice(1) || 'postgres'), pool: { min: 0, max: 1 } });
      try {
        await dropBenchDatabases(again);
      } finally {
        await again.destroy();
      }
    },
  };
}

// ------------------------------------------------------------------- rollups

const quietLogger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietLogger } as unknown as LoggerService;

/** Rolls up every closed day, one call of rollClosedDays per day (its clock set to just after that day), timing each. */
async function timeRollups(knex: Knex): Promise<{ days: number; times: number[] }> {
  const database = { getClient: async () => knex, migrations: { skip: true } } as unknown as DatabaseService;
  const rollups = await RollupStore.create({ database });
  const today = utcDay(new Date());
  const times: number[] = [];
  let day = await rollups.earliestRunDay();
  while (day && day < today) {
    const clock = new Date(dayStart(addDays(day, 1)).getTime() + 1);
    // The backend's grace for unfinished runs (twice the default build time limit): the day's runs are checked as it does.
    const rollup = new DailyRollup({ rollups, logger: quietLogger, retentionDays: null, unfinishedGraceMs: 2 * 3600 * 1000, now: () => clock });
    const started = performance.now();
    const rolled = await rollup.rollClosedDays();
    times.push(performance.now() - started);
    if (rolled.length !== 1 || rolled[0] !== day) throw new Error(`rolling up ${day} rolled ${JSON.stringify(rolled)}`);
    day = addDays(day, 1);
  }
  return { days: times.length, times };
}

// ------------------------------------------------------------------- backend

interface Backend {
  stop: () => Promise<void>;
  log: string;
}

function writeOverlay(db: Db, database: Record<string, unknown>, location: string, catalogDir: string, permissionBatching: boolean): string {
  const file = join(work, `app-config.${db}.yaml`);
  // JSON is YAML: no quoting questions for paths.
  const config = {
    backend: {
      baseUrl: backendUrl,
      listen: { port },
      cors: { origin: backendUrl, methods: ['GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'DELETE'], credentials: true },
      database,
    },
    // The permission client's batched format: one item per permission with every resourceRef, not one item per ref.
    ...(permissionBatching ? { permission: { EXPERIMENTAL_enableBatchedRequests: true } } : {}),
    catalog: {
      locations: [{ type: 'file', target: location, rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }] }],
    },
    multistageBuild: {
      allowedRoots: [catalogDir],
      analytics: {
        // Refreshed on demand here (the scheduler's trigger) until every entity is in, so no refresh runs while we measure.
        refreshMinutes: 600,
        scanRequestsPerSecond: 200,
        rollupMinutes: 600,
        visibilityCacheSeconds: 0,
      },
    },
  };
  writeFileSync(file, `# Written by bench/fleet.ts\n${JSON.stringify(config, null, 2)}\n`);
  return file;
}

async function startBackend(db: Db, overlay: string): Promise<Backend> {
  try {
    await fetch(`${backendUrl}/api/multistage-build/health`);
    throw new Error(`something already answers on port ${port}; stop it first`);
  } catch (e) {
    if ((e as Error).message.includes('already answers')) throw e;
  }
  const log = join(work, `backend-${db}.log`);
  const out = createWriteStream(log);
  const child: ChildProcess = spawn('yarn', ['workspace', 'backend', 'start', '--config', '../../app-config.yaml', '--config', overlay], {
    cwd: root,
    detached: true, // a process group of its own: stopping it stops the CLI's child too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise(r => child.once('exit', r));
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (groupAlive()) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await Promise.race([exited, sleep(30_000)]);
    const deadline = Date.now() + 30_000;
    while (groupAlive() && Date.now() < deadline) await sleep(200);
    if (groupAlive()) process.kill(-child.pid!, 'SIGKILL');
  };
  const deadline = Date.now() + 5 * 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the backend exited with ${child.exitCode}; see ${log}`);
      if (Date.now() > deadline) throw new Error(`the backend did not answer on ${backendUrl} within 5 minutes; see ${log}`);
      try {
        if ((await fetch(`${api}/health`)).ok) break;
      } catch {
        // not up yet
      }
      await sleep(1000);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop, log };
}

async function guestToken(): Promise<string> {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`);
  if (!response.ok) throw new Error(`guest sign-in: ${response.status} ${(await response.text()).slice(0, 300)}`);
  const body = (await response.json()) as { backstageIdentity?: { token?: string } };
  if (!body.backstageIdentity?.token) throw new Error('guest sign-in answered no token');
  return body.backstageIdentity.token;
}

interface TaskState {
  taskId: string;
  taskState: { status: 'running' | 'idle'; lastRunEndedAt?: string; lastRunError?: string } | null;
}

async function tasks(token: string): Promise<Map<string, TaskState>> {
  const response = await fetch(`${api}/.backstage/scheduler/v1/tasks`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`scheduler tasks: ${response.status}`);
  const body = (await response.json()) as { tasks: TaskState[] };
  return new Map(body.tasks.map(t => [t.taskId, t]));
}

const refreshTask = 'multistage-build-fleet-refresh';
const rollupTask = 'multistage-build-day-rollup';

/**
 * Waits until the plugin's entity table has every entity, each with its
 * Dockerfile read: the catalog has ingested them all and a refresh ran after.
 * Triggers the refresh (the scheduler's endpoint) whenever it is idle and the
 * table is not complete yet.
 */
async function waitForFleet(knex: Knex, token: string, expected: number, timeoutMs: number): Promise<{ ms: number; refreshes: number; scanErrors: number; sampleError: string | null }> {
  const started = Date.now();
  let lastTrigger = 0;
  let refreshes = 0;
  let lastReport = 0;
  for (;;) {
    const [row] = await knex('multistage_entities').count({ total: '*' }).count({ scanned: 'scanned_at' });
    const total = Number(row.total);
    const scanned = Number(row.scanned);
    const state = (await tasks(token)).get(refreshTask)?.taskState;
    if (total === expected && scanned === expected && state?.status === 'idle') {
      const errors = await knex('multistage_entities').whereNotNull('scan_error').select('entity_ref', 'scan_error');
      return { ms: Date.now() - started, refreshes, scanErrors: errors.length, sampleError: errors[0] ? `${errors[0].entity_ref}: ${errors[0].scan_error}` : null };
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`after ${seconds(timeoutMs)} the plugin has ${total} of ${expected} entities (${scanned} read); the catalog or the refresh is stuck (see the backend's log)`);
    }
    if (Date.now() - lastReport > 30_000) {
      console.log(`  … ${seconds(Date.now() - started)}: ${total} of ${expected} entities in the plugin's table, ${scanned} read; refresh ${state?.status ?? 'not scheduled yet'}`);
      lastReport = Date.now();
    }
    // The first refresh runs 10 s after start; then on demand, at most every 20 s.
    if (state?.status === 'idle' && state.lastRunEndedAt && (total < expected || scanned < expected) && Date.now() - lastTrigger > 20_000) {
      const response = await fetch(`${api}/.backstage/scheduler/v1/tasks/${refreshTask}/trigger`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      if (response.ok) refreshes += 1;
      else if (response.status !== 409) throw new Error(`triggering the refresh: ${response.status}`);
      lastTrigger = Date.now();
    }
    await sleep(3000);
  }
}

/** Waits until the rollup task has run once (20 s after start; nothing left to roll) and neither task is running. */
async function waitForQuiet(token: string): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const all = await tasks(token);
    const rollup = all.get(rollupTask)?.taskState;
    const refresh = all.get(refreshTask)?.taskState;
    if (rollup?.status === 'idle' && rollup.lastRunEndedAt && refresh?.status === 'idle') return;
    if (Date.now() > deadline) throw new Error('the scheduled tasks did not settle within 5 minutes');
    await sleep(2000);
  }
}

// ---------------------------------------------------------------- measuring

interface Call {
  name: string;
  path: string;
  firstPage?: boolean;
}

interface Measured extends Call {
  p50: number;
  p95: number;
  max: number;
  bytes: number;
}

async function measure(token: string, calls: Call[], samples: number): Promise<Measured[]> {
  const results: Measured[] = [];
  for (const call of calls) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples + 2; i++) {
      const started = performance.now();
      const response = await fetch(`${api}${call.path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.arrayBuffer();
      const ms = performance.now() - started;
      if (!response.ok) throw new Error(`GET ${call.path}: ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}${hint(response.status)}`);
      bytes = body.byteLength;
      if (i >= 2) times.push(ms); // two warm-up calls
    }
    results.push({ ...call, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), bytes });
  }
  return results;
}

const hint = (status: number) =>
  status === 413
    ? '\n(413: a batch call the page makes over every visible entity, usually POST /api/permission/authorize, is over the 100 kB JSON body limit of the backend it calls; see the backend log. --permission-batching sends it in the smaller batched format.)'
    : '';

async function getJson<T>(token: string, path: string): Promise<T> {
  const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${(await response.text()).slice(0, 300)}${hint(response.status)}`);
  return (await response.json()) as T;
}

function calls(plan: FleetPlan): Call[] {
  // A name fragment some visible entities have, and a team that owns some of them.
  const visible = plan.entities.filter(e => !e.restricted);
  const fragment = visible[0].name.split('-')[0];
  const owner = 'group:default/team-03';
  return [
    { name: 'summary, 7 days', path: '/fleet/summary?days=7' },
    { name: 'summary, 30 days', path: '/fleet/summary?days=30' },
    { name: 'summary, 90 days', path: '/fleet/summary?days=90' },
    { name: 'fleet table, first page', path: '/fleet/entities?days=30', firstPage: true },
    { name: 'fleet table, by p95 duration', path: '/fleet/entities?days=30&sort=durationP95&order=desc' },
    { name: `fleet table, owner ${owner.replace('group:default/', '')}`, path: `/fleet/entities?days=30&owner=${encodeURIComponent(owner)}` },
    { name: `fleet table, search "${fragment}"`, path: `/fleet/entities?days=30&search=${encodeURIComponent(fragment)}` },
    { name: 'fleet table, rule install-without-lockfile', path: '/fleet/entities?days=30&rule=install-without-lockfile' },
    { name: 'CSV of the fleet table', path: '/fleet/entities.csv?days=30' },
  ];
}

// ---------------------------------------------------------------------- main

interface DbResult {
  db: Db;
  version: string;
  loadMs: number;
  runs: number;
  steps: number;
  rollup: { days: number; times: number[] };
  fillMs: number;
  startMs: number;
  seen: number;
  measured: Measured[];
}

async function benchDatabase(db: Db, plan: FleetPlan, location: string, catalogDir: string, options: { runs: number; days: number; seed: number; samples: number; fillTimeoutMs: number; keep: boolean; permissionBatching: boolean }, onStop: (stop: () => Promise<void>) => void): Promise<DbResult> {
  console.log(`\n== ${label[db]} ==`);
  const prepared = db === 'sqlite' ? await prepareSqlite() : await preparePostgres();
  let backend: Backend | undefined;
  try {
    const { knex } = prepared;
    console.log(`${prepared.version}`);
    let t = performance.now();
    await migratePlugin(knex);
    const migrateMs = performance.now() - t;
    const quarter = Math.ceil(options.runs / 4);
    let nextReport = quarter;
    const seeded = await seedRuns(knex, plan, {
      runs: options.runs,
      days: options.days,
      seed: options.seed,
      onProgress: written => {
        if (written >= nextReport && written < options.runs) {
          console.log(`  … ${written} runs written`);
          nextReport += quarter;
        }
      },
    });
    console.log(`load: ${seeded.runs} runs and ${seeded.steps} steps written in ${seconds(seeded.ms)} (migrations ${seconds(migrateMs)})`);

    const rollup = await timeRollups(knex);
    const total = rollup.times.reduce((s, x) => s + x, 0);
    console.log(
      `rollup: ${rollup.days} closed days, one DailyRollup.rollClosedDays() each: min ${Math.min(...rollup.times).toFixed(0)} ms, median ${percentile(rollup.times, 50).toFixed(0)} ms, max ${Math.max(...rollup.times).toFixed(0)} ms a day; ${seconds(total)} in all  [target: one day < ${rollupDayTarget / 1000} s]`,
    );

    const overlay = writeOverlay(db, prepared.backendDatabase, location, catalogDir, options.permissionBatching);
    t = performance.now();
    backend = await startBackend(db, overlay);
    onStop(backend.stop);
    const startMs = performance.now() - t;
    console.log(`backend up on ${backendUrl} in ${seconds(startMs)} (log: ${backend.log})`);
    const token = await guestToken();
    const fill = await waitForFleet(knex, token, plan.entities.length, options.fillTimeoutMs);
    console.log(`catalog ingested and the plugin's refresh read every Dockerfile: ${plan.entities.length} entities in ${seconds(fill.ms)} (${fill.refreshes} refreshes triggered)`);
    if (fill.scanErrors > 0) console.log(`  WARNING: ${fill.scanErrors} Dockerfiles could not be read, e.g. ${fill.sampleError}`);
    await waitForQuiet(token);

    const page = await getJson<{ total: number }>(token, '/fleet/entities?days=30&limit=1');
    const expectedVisible = plan.entities.length - plan.restricted;
    console.log(
      `visibility: the guest sees ${page.total} of ${plan.entities.length} entities (${plan.restricted} restricted to their owners${page.total === expectedVisible ? ', all hidden' : `; EXPECTED ${expectedVisible}`}); visibilityCacheSeconds 0, so every request asks the catalog and the permission backend`,
    );
    const summary = await getJson<FleetSummary>(token, '/fleet/summary?days=30');
    const h = summary.headline;
    const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(0)}%`);
    console.log(
      `the guest's 30 days: ${h.builds} builds (${pct(h.successRate)} succeeded of those that finished), duration p50 ${seconds(h.durationP50Ms ?? 0)} / p95 ${seconds(h.durationP95Ms ?? 0)}, cache hit ratio ${pct(h.cacheHitRatio)}, median image ${((h.medianImageSize ?? 0) / 2 ** 20).toFixed(0)} MiB, ${h.builtEntities} entities built, ${h.neverBuiltEntities} never; ` +
        `open findings ${h.openFindings.error}/${h.openFindings.warning}/${h.openFindings.info} (errors/warnings/infos) over ${summary.rankings.findingsByRule.length} rules shown; miss reasons ${summary.rankings.missReasons.map(r => `${r.reason} ${r.count}`).join(', ')}`,
    );
    const measured = await measure(token, calls(plan), options.samples);
    printTable(db, measured, options.samples);
    return { db, version: prepared.version, loadMs: seeded.ms, runs: seeded.runs, steps: seeded.steps, rollup, fillMs: fill.ms, startMs, seen: page.total, measured };
  } finally {
    if (backend) await backend.stop();
    await prepared.knex.destroy();
    if (!options.keep) await prepared.cleanup();
  }
}

function printTable(db: Db, measured: Measured[], samples: number) {
  console.log(`\n${label[db]}: the page's API calls as the guest, ${samples} samples each after 2 warm-up calls (ms)`);
  console.log(`  ${padEnd('call', 62)} ${pad('p50', 7)} ${pad('p95', 7)} ${pad('max', 7)} ${pad('bytes', 9)}  target p95`);
  for (const m of measured) {
    const target = m.firstPage ? Math.min(firstPageTarget, targets[db]) : targets[db];
    const verdict = m.p95 < target ? 'ok' : 'OVER';
    console.log(
      `  ${padEnd(`GET ${m.path}`, 62)} ${pad(m.p50.toFixed(0), 7)} ${pad(m.p95.toFixed(0), 7)} ${pad(m.max.toFixed(0), 7)} ${pad(m.bytes, 9)}  < ${target} ms ${verdict}`,
    );
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dbArg = args.db ?? 'both';
  if (!['sqlite', 'postgres', 'both'].includes(dbArg)) throw new Error(`--db must be sqlite, postgres or both, got ${dbArg}`);
  const dbs: Db[] = dbArg === 'both' ? ['sqlite', 'postgres'] : [dbArg as Db];
  const entities = positiveInt(args.entities, 2000, '--entities');
  const runs = positiveInt(args.runs, 200_000, '--runs');
  const samples = positiveInt(args.samples, 20, '--samples');
  const days = positiveInt(args.days, 180, '--days');
  const seed = positiveInt(args.seed, 20261205, '--seed');
  const fillTimeoutMs = positiveInt(args['fill-timeout'], 30, '--fill-timeout') * 60_000;
  const flag = (name: string) => args[name] !== undefined && args[name] !== 'false';
  const keep = flag('keep');
  const permissionBatching = flag('permission-batching');

  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} cores, ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`targets: the page's API calls p95 < ${targets.postgres} ms on PostgreSQL, < ${targets.sqlite} ms on SQLite (visibility filter on every request); the fleet table's first page < ${firstPageTarget} ms; the rollup of one day < ${rollupDayTarget / 1000} s`);
  const started = performance.now();
  mkdirSync(work, { recursive: true });
  const plan = planFleet({ entities, seed });
  const catalogDir = join(work, 'catalog');
  const location = writeCatalog(catalogDir, plan);
  const never = plan.entities.filter(e => e.weight === 0).length;
  if (permissionBatching) console.log('permission.EXPERIMENTAL_enableBatchedRequests: true (--permission-batching)');
  console.log(`fleet: ${entities} components (${plan.restricted} restricted to their owners, ${never} never built), ${plan.groups.length} groups, ${plan.systems.length} systems; ${runs} runs over ${days} days; catalog location ${location}`);

  let stopBackend: (() => Promise<void>) | undefined;
  const interrupt = async () => {
    console.error('\ninterrupted: stopping the backend');
    await stopBackend?.();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const results: DbResult[] = [];
  for (const db of dbs) {
    results.push(await benchDatabase(db, plan, location, catalogDir, { runs, days, seed, samples, fillTimeoutMs, keep, permissionBatching }, stop => (stopBackend = stop)));
  }
  if (results.length > 1) {
    console.log(`\nsummary (p95 ms; ${samples} samples a call)`);
    console.log(`  ${padEnd('', 46)} ${results.map(r => pad(label[r.db], 11)).join(' ')}`);
    console.log(`  ${padEnd('load (runs + steps)', 46)} ${results.map(r => pad(seconds(r.loadMs), 11)).join(' ')}`);
    console.log(`  ${padEnd('rollup, median day', 46)} ${results.map(r => pad(`${percentile(r.rollup.times, 50).toFixed(0)} ms`, 11)).join(' ')}`);
    console.log(`  ${padEnd('rollup, slowest day', 46)} ${results.map(r => pad(`${Math.max(...r.rollup.times).toFixed(0)} ms`, 11)).join(' ')}`);
    for (let i = 0; i < results[0].measured.length; i++) {
      console.log(`  ${padEnd(results[0].measured[i].name, 46)} ${results.map(r => pad(`${r.measured[i].p95.toFixed(0)} ms`, 11)).join(' ')}`);
    }
  }
  console.log(`\nbench:fleet took ${seconds(performance.now() - started)}`);
}

main().catch(e => {
  // Knex puts whole statements in its messages: keep them short.
  console.error(String(e?.stack ?? e).slice(0, 3000));
  process.exit(1);
});
