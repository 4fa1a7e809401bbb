/*
 * Two backend replicas against one PostgreSQL, and two Docker engines on this
 * machine (the second on tcp with TLS client certificates): builds submitted
 * through both run exactly once within each engine's limit; a stream on one
 * replica follows a build the other runs and resumes with Last-Event-ID; a
 * cancel on one stops the build on the other's engine; a replica killed with
 * SIGKILL loses its builds to recovery with nothing left running; a stopped
 * engine fails its builds with a clear reason and gets no new ones.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { guestToken, startBackend, type Backend } from './backend.ts';
import { root } from './portal.ts';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const postgres = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const two = {
  socket: process.env.STAGECRAFT_ENGINE_TWO_SOCKET,
  tcp: process.env.STAGECRAFT_ENGINE_TWO_TCP,
  certs: process.env.STAGECRAFT_ENGINE_TWO_CERTS,
};
const leaseSeconds = 3;
const perEngine = 2;

const prefix = `scale${Date.now().toString(36)}_`;
const work = mkdtempSync(join(tmpdir(), 'stagecraft-scale-'));
let a: Backend;
let b: Backend;
let token: string;
let db: Knex;

interface RunRow {
  id: string;
  status: string;
  engine: string | null;
  claimed_by: string | null;
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  entity_ref: string;
}

/** A component whose Dockerfile is `dockerfile`, in the test's catalog. */
function component(name: string, dockerfile: string): string {
  mkdirSync(join(work, name));
  writeFileSync(join(work, name, 'Dockerfile'), dockerfile);
  return [
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    stagecraft.io/dockerfile: ${name}/Dockerfile`,
    'spec: { type: service, owner: group:default/platform, lifecycle: experimental }',
    '',
  ].join('\n');
}

const quick = 'ARG BASE=busybox\nFROM ${BASE}\nARG N=0\nRUN echo "$N" > /n\n';
const slow = 'ARG BASE=busybox\nFROM ${BASE}\nARG PAUSE=0\nRUN sleep $PAUSE\n';

function overlay(port: number) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: { baseUrl: `http://localhost:${port}`, listen: { port }, database: { client: 'pg', connection: postgres, prefix } },
    catalog: { locations: [{ type: 'file', target: join(work, 'catalog-info.yaml'), rules: [{ allow: ['Component'] }] }] },
    multistageBuild: {
      allowedRoots: [work],
      builders: [
        { name: 'one', host: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock', concurrency: perEngine },
        { name: 'two', host: two.tcp, tls: { ca: join(two.certs!, 'ca.pem'), cert: join(two.certs!, 'cert.pem'), key: join(two.certs!, 'key.pem') }, concurrency: perEngine },
      ],
      builds: {
        concurrency: 4,
        leaseSeconds,
        claimPollMs: 200,
        healthCheckSeconds: 2,
        shutdownGraceSeconds: 2,
        measureStageSizes: false,
        maxUnfinishedPerEntity: 500,
        maxUnfinishedPerUser: 500,
        buildArgs: { BASE: 'stagecraft/busybox:1.35' },
      },
      events: { flushMs: 50, pollMs: 500 },
      analytics: { refreshMinutes: 600, rollupMinutes: 600 },
    },
  };
}

async function api<T>(backend: Backend, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${backend.url}/api/multistage-build${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as T };
}

const build = async (backend: Backend, name: string, buildArgs: Record<string, string>) => {
  const started = await api<{ id: string }>(backend, `/entities/component/default/${name}/builds`, { method: 'POST', body: JSON.stringify({ buildArgs }) });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return started.body.id;
};

const run = async (id: string) => (await db<RunRow>('multistage_build_runs').where({ id }).first())!;

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** Whether a process with exactly this command line runs (RUN steps run as host processes). */
const processRunning = (commandLine: string) =>
  execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).split('\n').some(line => line.trim() === commandLine);

/** Which replica a claim names (`<host>:<pid>`), by the process groups of the two. */
function replicaOf(claimedBy: string | null): Backend | undefined {
  const pid = Number(claimedBy?.split(':').pop());
  return [a, b].find(backend => backend.pids().includes(pid));
}

/** The most builds that ran at once on each engine, from the stored start and end times. */
function peakPerEngine(rows: RunRow[]): Map<string, number> {
  const peaks = new Map<string, number>();
  for (const engine of new Set(rows.map(r => r.engine!))) {
    const moments = rows
      .filter(r => r.engine === engine)
      .flatMap(r => [
        { at: new Date(r.started_at!).getTime(), change: 1 },
        { at: new Date(r.finished_at!).getTime(), change: -1 },
      ])
      .sort((x, y) => x.at - y.at || x.change - y.change);
    let running = 0;
    let peak = 0;
    for (const { change } of moments) peak = Math.max(peak, (running += change));
    peaks.set(engine, peak);
  }
  return peaks;
}

before(async () => {
  assert.ok(postgres, 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set (scripts/test.sh sets it)');
  assert.ok(two.tcp && two.certs, 'the second engine is not set (scripts/services/second-engine.sh; scripts/test.sh runs it)');
  const names = ['scale-0', 'scale-1', 'scale-2', 'scale-3'];
  writeFileSync(
    join(work, 'catalog-info.yaml'),
    [...names.map(n => component(n, quick)), component('scale-slow', slow), component('scale-stop', slow), component('scale-after', quick)].join(''),
  );
  // One after the other: Backstage's plugins migrate their databases at start-up, and two
  // replicas migrating a new database at once fail with "Migration table is already locked".
  a = await startBackend({ name: 'replica-a', port: 7211, overlay: overlay(7211) });
  b = await startBackend({ name: 'replica-b', port: 7212, overlay: overlay(7212) });
  token = await guestToken(a.url);
  // The plugin's own database (Backstage gives each plugin one, named with the prefix).
  const url = new URL(postgres!);
  url.pathname = `/${prefix}multistage-build`;
  db = knexFactory({ client: 'pg', connection: url.toString() });
  // The catalog reads the location in the background.
  await until('the catalog to hold the test components', async () => {
    const response = await fetch(`${a.url}/api/catalog/entities/by-name/component/default/scale-after`, { headers: { authorization: `Bearer ${token}` } });
    return response.ok;
  }, 120_000);
});

after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.destroy();
  // Each run makes a database per plugin under its own prefix: drop them.
  const admin = knexFactory({ client: 'pg', connection: postgres });
  const names: { datname: string }[] = await admin('pg_database').where('datname', 'like', `${prefix}%`).select('datname');
  for (const { datname } of names) await admin.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
  await admin.destroy();
  // The engine test below stops engine two; start it again for whoever comes next.
  execFileSync('bash', [join(root, 'scripts/services/second-engine.sh')], { stdio: 'ignore' });
});

test('100 builds through both replicas: each runs once, no engine over its limit, both engines used', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 100; i += 10) {
    ids.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => build((i + j) % 2 ? b : a, `scale-${(i + j) % 4}`, { N: String(i + j) })))));
  }
  const rows = await until('all 100 builds to end', async () => {
    const all = await db<RunRow>('multistage_build_runs').whereIn('id', ids);
    return all.every(r => ['succeeded', 'failed', 'cancelled'].includes(r.status)) && all;
  }, 300_000);
  assert.equal(rows.length, 100);
  assert.deepEqual(rows.filter(r => r.status !== 'succeeded').map(r => `${r.id}: ${r.status} ${r.error}`), []);
  // Claimed once each, never queued again.
  assert.deepEqual([...new Set(rows.map(r => r.attempts))], [1]);
  const peaks = peakPerEngine(rows);
  assert.deepEqual([...peaks.keys()].sort(), ['one', 'two'], 'both engines ran builds');
  for (const [engine, peak] of peaks) assert.ok(peak <= perEngine, `${engine} ran ${peak} builds at once (limit ${perEngine})`);
  // Both replicas executed builds.
  const executors = new Set(rows.map(r => replicaOf(r.claimed_by)));
  assert.equal(executors.size, 2, 'both replicas executed builds');
});

test('a stream on one replica follows a build the other runs, resumes with Last-Event-ID, and its cancel stops the build there', async () => {
  const id = await build(a, 'scale-slow', { PAUSE: '4174' });
  const claimed = await until('the slow build to start', async () => {
    const row = await run(id);
    return row.status === 'running' && row.claimed_by ? row : undefined;
  }, 60_000);
  const executor = replicaOf(claimed.claimed_by)!;
  const watcher = executor === a ? b : a;

  const seen: { id: number; type: string; event: any }[] = [];
  const follow = async (lastEventId: number | undefined, stopWhen: (e: { type: string; event: any }) => boolean) => {
    const controller = new AbortController();
    const response = await fetch(`${watcher.url}/api/multistage-build/builds/${id}/events`, {
      headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const idLine = /^id: (\d+)$/m.exec(block);
          const type = /^event: (\w+)$/m.exec(block)?.[1];
          if (!idLine || !type) continue;
          const message = { id: Number(idLine[1]), type, event: JSON.parse(/^data: (.*)$/m.exec(block)![1]) };
          seen.push(message);
          if (stopWhen(message)) return;
        }
      }
    } finally {
      controller.abort();
    }
  };
  // Live: the sleeping step arrives through the other replica's stored events.
  await follow(undefined, m => m.type === 'step' && m.event.step.name.includes('RUN sleep') && Boolean(m.event.step.startedAt));
  // BuildKit reports the step started a moment before its process runs.
  await until('the sleeping step to run on the engine', async () => processRunning('sleep 4174'), 30_000);
  const before = seen.length;
  // Disconnected; resumed after the last event seen, then cancelled through this replica.
  const resumed = follow(seen[seen.length - 1].id, m => m.type === 'finished');
  await sleep(300);
  const cancelledAt = Date.now();
  const cancel = await api<{ status: string }>(watcher, `/builds/${id}/cancel`, { method: 'POST' });
  assert.equal(cancel.status, 200);
  await resumed;
  assert.ok(seen.length > before, 'the resumed stream delivered the rest');
  assert.deepEqual(seen.map(m => m.id), seen.map((_, i) => i + 1), 'event ids run from 1 without gaps or repeats across both connections');
  assert.equal(seen[seen.length - 1].event.run.status, 'cancelled');
  await until('the engine build to stop', async () => !processRunning('sleep 4174'), 15_000);
  assert.ok(Date.now() - cancelledAt < 15_000);
  assert.equal((await run(id)).error, 'cancelled while running');
  // The executing replica stored the build's steps with the cancel, none left open, and announced no second end.
  await until('the executing replica to store the steps', async () => {
    const steps = await db('multistage_build_steps').where({ run_id: id });
    return steps.length > 0 && steps.every((s: { started_at: Date | null; completed_at: Date | null }) => !s.started_at || s.completed_at);
  }, 30_000);
  await sleep(1000);
  const stored = await db('multistage_build_events').where({ run_id: id }).select('event_json');
  assert.equal(stored.filter((e: { event_json: string }) => JSON.parse(e.event_json).type === 'finished').length, 1, 'one finished event');
});

test('kill -9 of a replica running builds: after the lease and a recovery round its builds are failed, nothing stays running', async () => {
  const ids = [await build(a, 'scale-slow', { PAUSE: '4175' }), await build(b, 'scale-slow', { PAUSE: '4176' })];
  const rows = await until('both slow builds to be at the engine', async () => {
    const all = await Promise.all(ids.map(run));
    return all.every(r => r.status === 'running') && processRunning('sleep 4175') && processRunning('sleep 4176') && all;
  }, 60_000);
  const victim = replicaOf(rows[0].claimed_by)!;
  const lost = rows.filter(r => replicaOf(r.claimed_by) === victim);
  const kept = rows.filter(r => replicaOf(r.claimed_by) !== victim);
  victim.kill();
  for (const r of lost) {
    const ended = await until(`recovery of ${r.id}`, async () => {
      const row = await run(r.id);
      return row.status !== 'running' && row;
    }, 120_000);
    assert.equal(ended.status, 'failed');
    assert.match(ended.error ?? '', /^the backend replica running this build \(.+\) stopped renewing its claim, so its progress was lost; the engine build was stopped/);
  }
  for (const r of lost) {
    const pause = r.id === ids[0] ? '4175' : '4176';
    await until(`the engine build of ${r.id} to stop`, async () => !processRunning(`sleep ${pause}`), 30_000);
  }
  const survivor = victim === a ? b : a;
  for (const r of kept) await api(survivor, `/builds/${r.id}/cancel`, { method: 'POST' });
  await until('nothing to be running', async () => (await db('multistage_build_runs').where({ status: 'running' })).length === 0, 60_000);
  // The survivor takes the next build.
  if (victim === a) a = survivor;
  else b = survivor;
});

test('an engine that stops: its build fails saying so, new builds go to the other engine, the engines view says why', async () => {
  const survivor = a;
  const ids = [];
  for (const pause of ['4177', '4178', '4179']) ids.push(await build(survivor, 'scale-stop', { PAUSE: pause }));
  const rows = await until('the three builds to run', async () => {
    const all = await Promise.all(ids.map(run));
    return all.every(r => r.status === 'running') && ['4177', '4178', '4179'].every(p => processRunning(`sleep ${p}`)) && all;
  }, 60_000);
  const onTwo = rows.filter(r => r.engine === 'two');
  assert.ok(onTwo.length >= 1, `a build ran on engine two (${rows.map(r => r.engine).join(', ')})`);
  execFileSync('bash', [join(root, 'scripts/services/second-engine.sh'), 'stop']);
  for (const r of onTwo) {
    const ended = await until(`the build on engine two to end`, async () => {
      const row = await run(r.id);
      return row.status !== 'running' && row;
    }, 60_000);
    assert.equal(ended.status, 'failed');
    assert.match(ended.error ?? '', /^the connection to the engine broke during the build .*\(builder two at tcp:\/\/127\.0\.0\.1:23760\)$/);
  }
  const engines = await api<{ engines: { name: string; healthy: boolean; reason: string | null }[] }>(survivor, '/engines');
  assert.equal(engines.status, 200);
  const stopped = engines.body.engines.find(e => e.name === 'two')!;
  assert.equal(stopped.healthy, false);
  assert.match(stopped.reason ?? '', /^no Docker engine answers at tcp:\/\/127\.0\.0\.1:23760/);
  for (const r of rows.filter(row => row.engine !== 'two')) await api(survivor, `/builds/${r.id}/cancel`, { method: 'POST' });
  const next = await build(survivor, 'scale-after', { N: 'after' });
  const done = await until('the build after the stop to end', async () => {
    const row = await run(next);
    return ['succeeded', 'failed'].includes(row.status) && row;
  }, 60_000);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.engine, 'one');
});
