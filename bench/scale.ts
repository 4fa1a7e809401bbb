/*
 * bench/scale: builds across replicas and engines, with real engines and a
 * real PostgreSQL. Two BuildService replicas (as two backend processes would
 * run them) share one fresh database; the engines are this machine's dockerd
 * and the second one scripts/services/second-engine.sh starts (tcp with TLS).
 *   - throughput of a batch of small builds with 1 engine and with 2 engines, once with a
 *     step that waits and once with one that computes (both engines share this machine's
 *     cores: a second engine helps builds that wait, not builds that compute)
 *   - claim latency: how long one claim transaction takes under both replicas' load, p50/p95
 *   - event delivery between replicas (LISTEN/NOTIFY): publish on one, received on the other, p50/p95 (target < 250 ms)
 *   - cancel across replicas: cancel on one replica until the build's process on the other's engine is gone, p50/p95 (target < 2 s)
 *   - what a warm layer cache is worth: an unchanged rebuild on the engine that built it last against the same build on a cold engine
 *
 *   yarn bench:scale [builds per batch, default 40]
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { buildStores } from '../plugins/multistage-build-backend/src/__testUtils__/buildStores';
import { BuildService } from '../plugins/multistage-build-backend/src/builds/BuildService';
import { RunEvents } from '../plugins/multistage-build-backend/src/builds/RunEvents';
import { Builders } from '../plugins/multistage-build-backend/src/engine/Builders';
import type { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';
import { BuildContextSource } from '../plugins/multistage-build-backend/src/source/BuildContextSource';
import { DockerfileSource } from '../plugins/multistage-build-backend/src/source/DockerfileSource';
import { AnalysisPool } from '../plugins/multistage-build-node/src';

const quiet: LoggerService = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet };
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const processRunning = (commandLine: string) =>
  execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).split('\n').some(line => line.trim() === commandLine);

const root = mkdtempSync(join(tmpdir(), 'stagecraft-scale-'));
const postgres = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?? execFileSync('bash', [resolve(__dirname, '../scripts/services/postgres.sh')], { encoding: 'utf8' }).trim();
const second = Object.fromEntries(
  execFileSync('bash', [resolve(__dirname, '../scripts/services/second-engine.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(line => line.split('=') as [string, string]),
);
const engineSettings = {
  one: { name: 'one', host: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock', platforms: [], concurrency: 2 },
  two: {
    name: 'two',
    host: second.STAGECRAFT_ENGINE_TWO_TCP,
    tls: { ca: join(second.STAGECRAFT_ENGINE_TWO_CERTS, 'ca.pem'), cert: join(second.STAGECRAFT_ENGINE_TWO_CERTS, 'cert.pem'), key: join(second.STAGECRAFT_ENGINE_TWO_CERTS, 'key.pem') },
    platforms: [],
    concurrency: 2,
  },
};

function component(name: string, dockerfile: string): Entity {
  mkdirSync(join(root, name), { recursive: true });
  writeFileSync(join(root, name, 'Dockerfile'), dockerfile);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: { 'backstage.io/managed-by-location': `file:${join(root, name, 'catalog-info.yaml')}` } },
    spec: {},
  };
}

/** A fresh database on the server, dropped at the end. */
async function freshDatabase(name: string): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  const admin = knexFactory({ client: 'pg', connection: postgres });
  await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
  await admin.raw('CREATE DATABASE ??', [name]);
  const url = new URL(postgres);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 10 } });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await admin.destroy();
    },
  };
}

/** Two replicas on one database, each with its own builders over `engines`. */
async function replicas(knex: Knex, engines: (typeof engineSettings)[keyof typeof engineSettings][], claimTimes: number[]) {
  const database = { getClient: async () => knex, migrations: { skip: false } } as never;
  const stores = await buildStores(database);
  // Every claim transaction, timed.
  const claim = stores.queue.claim.bind(stores.queue);
  stores.queue.claim = async options => {
    const t = performance.now();
    try {
      return await claim(options);
    } finally {
      claimTimes.push(performance.now() - t);
    }
  };
  const urlReader = {} as never;
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const make = async (name: string) => {
    const builders = Builders.fromSettings(engines);
    await builders.checkAll();
    return new BuildService({
      ...stores,
      analysis: new AnalysisPool(),
      builders,
      replica: name,
      dockerfiles: new DockerfileSource({ urlReader, integrations, allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
      contexts: new BuildContextSource({ urlReader, integrations, allowedRoots: [root] }),
      logger: quiet,
      concurrency: 4,
      measureStageSizes: false,
      claimPollMs: 200,
      maxUnfinishedPerEntity: 1000,
      maxUnfinishedPerUser: 1000,
      defaultBuildArgs: { BASE: 'stagecraft/busybox:1.35' },
    });
  };
  const a = await make('replica-a');
  const b = await make('replica-b');
  await Promise.all([a.events.listen(), b.events.listen()]);
  return { a, b, stores };
}

/** A step that waits a second (I/O-like), or one that computes for about a second on one core. */
const batchSteps = {
  waits: 'RUN echo "$N" > /n && sleep 1',
  computes: 'RUN i=0; while [ $i -lt 700000 ]; do i=$((i+1)); done; echo "$N $i" > /n',
};

async function throughput(label: string, engines: (typeof engineSettings)[keyof typeof engineSettings][], count: number, claimTimes: number[], step: keyof typeof batchSteps) {
  const db = await freshDatabase(`stagecraft_bench_scale_${label}`);
  const { a, b, stores } = await replicas(db.knex, engines, claimTimes);
  const entities = [0, 1, 2, 3].map(i => component(`batch-${step}-${i}`, `ARG BASE=busybox\nFROM \${BASE}\nARG N=0\n${batchSteps[step]}\n`));
  const t = performance.now();
  const ids = await Promise.all(
    Array.from({ length: count }, (_, i) => (i % 2 ? b : a).start({ entity: entities[i % 4], requestedBy: null, buildArgs: { N: `${label}-${i}` } }).then(r => r.id)),
  );
  await a.idle(200);
  const seconds = (performance.now() - t) / 1000;
  const runs = await Promise.all(ids.map(id => stores.runs.getRun(id)));
  const failed = runs.filter(r => r?.status !== 'succeeded');
  const perEngine = new Map<string, number>();
  for (const run of runs) perEngine.set(run!.engine ?? '?', (perEngine.get(run!.engine ?? '?') ?? 0) + 1);
  await Promise.all([a.shutdown(0), b.shutdown(0)]);
  await db.drop();
  if (failed.length > 0) throw new Error(`${failed.length} builds did not succeed: ${failed[0]?.error}`);
  return { seconds, perMinute: (count / seconds) * 60, perEngine };
}

async function eventLatency(samples: number) {
  const db = await freshDatabase('stagecraft_bench_scale_events');
  const database = { getClient: async () => db.knex, migrations: { skip: false } } as never;
  const stores = await buildStores(database);
  const runId = '00000000-0000-4000-8000-000000000001';
  await stores.runs.createRun({ id: runId, entityRef: 'component:default/x', target: null, config: { target: null, buildArgs: {}, platforms: [], cache: { from: [], to: [], disabled: false }, stageOverrides: {}, secrets: [], ssh: [], push: null }, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
  // The defaults: events stored every 100 ms, polling every second; LISTEN/NOTIFY carries them sooner.
  const writer = new RunEvents({ store: stores.eventStore });
  const reader = new RunEvents({ store: stores.eventStore });
  await reader.listen();
  const latencies: number[] = [];
  const sent = new Map<string, number>();
  reader.subscribe(runId, 0, ({ event }) => {
    if (event.type !== 'log') return;
    const at = sent.get(event.text);
    if (at !== undefined) latencies.push(performance.now() - at);
  });
  for (let i = 0; i < samples; i++) {
    const text = `line ${i}\n`;
    sent.set(text, performance.now());
    writer.publish(runId, { type: 'log', digest: 'sha256:x', stage: 'build', text });
    // Output arrives unevenly: bursts and pauses.
    await sleep(i % 10 === 0 ? 150 : 7);
  }
  await sleep(1500);
  await writer.close();
  await reader.close();
  await db.drop();
  return latencies;
}

async function cancelLatency(rounds: number) {
  const db = await freshDatabase('stagecraft_bench_scale_cancel');
  const { a, b, stores } = await replicas(db.knex, [engineSettings.one], []);
  const entity = component('slow', 'ARG BASE=busybox\nFROM ${BASE}\nARG PAUSE=0\nRUN sleep $PAUSE\n');
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const pause = String(4300 + i);
    const queued = await a.start({ entity, requestedBy: null, buildArgs: { PAUSE: pause } });
    for (let waited = 0; !processRunning(`sleep ${pause}`); waited += 50) {
      if (waited > 60_000) throw new Error('the slow step never started');
      await sleep(50);
    }
    const run = await stores.runs.getRun(queued.id);
    // Cancel through the replica that does not run it.
    const other = a.running > 0 ? b : a;
    if (run?.status !== 'running' || other.running > 0) throw new Error('expected one replica to run the build');
    const t = performance.now();
    await other.cancel(queued.id);
    while (processRunning(`sleep ${pause}`)) await sleep(10);
    latencies.push(performance.now() - t);
    await a.idle(100);
  }
  await Promise.all([a.shutdown(0), b.shutdown(0)]);
  await db.drop();
  return latencies;
}

/** The same unchanged build: on the engine that built it (warm), and on one whose cache was pruned (cold). */
async function warmAgainstCold(rounds: number) {
  const db = await freshDatabase('stagecraft_bench_scale_warm');
  const database = { getClient: async () => db.knex, migrations: { skip: false } } as never;
  const stores = await buildStores(database);
  const urlReader = {} as never;
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  // A "compile" step of a few seconds of CPU, then a small runtime stage: what most services' builds look like, scaled down.
  const entity = component('warm', 'ARG BASE=busybox\nFROM ${BASE} AS build\nRUN i=0; while [ $i -lt 1500000 ]; do i=$((i+1)); done; echo $i > /out\nFROM ${BASE}\nCOPY --from=build /out /out\n');
  const timed = async (engine: (typeof engineSettings)[keyof typeof engineSettings]) => {
    const builders = Builders.fromSettings([engine]);
    await builders.checkAll();
    const service = new BuildService({
      ...stores,
      analysis: new AnalysisPool(),
      builders,
      dockerfiles: new DockerfileSource({ urlReader, integrations, allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
      contexts: new BuildContextSource({ urlReader, integrations, allowedRoots: [root] }),
      logger: quiet,
      concurrency: 1,
      measureStageSizes: false,
      claimPollMs: 100,
      defaultBuildArgs: { BASE: 'stagecraft/busybox:1.35' },
    });
    const t = performance.now();
    const queued = await service.start({ entity, requestedBy: null });
    await service.idle(50);
    const took = performance.now() - t;
    const run = await stores.runs.getRun(queued.id);
    await service.shutdown(0);
    if (run?.status !== 'succeeded') throw new Error(`warm/cold build failed: ${run?.error}`);
    return took;
  };
  const warm: number[] = [];
  const cold: number[] = [];
  const two = Builders.fromSettings([engineSettings.two]).get('two')!;
  await timed(engineSettings.one);
  for (let i = 0; i < rounds; i++) {
    warm.push(await timed(engineSettings.one));
    // The built image keeps its layers in the cache: remove untagged images, then the cache.
    await (two.engine as DockerEngine).docker.pruneImages();
    await two.engine.pruneBuildCache();
    cold.push(await timed(engineSettings.two));
  }
  await db.drop();
  return { warm, cold };
}

async function main() {
  const count = Number(process.argv[2] ?? 40);
  console.log(`bench/scale: 2 replicas on one PostgreSQL, engines on this machine (${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores); batches of ${count} builds whose step waits 1 s, then whose step computes ~1 s`);
  const claimTimes: number[] = [];
  for (const step of ['waits', 'computes'] as const) {
    const oneEngine = await throughput(`one_${step}`, [engineSettings.one], count, claimTimes, step);
    const twoEngines = await throughput(`two_${step}`, [engineSettings.one, engineSettings.two], count, claimTimes, step);
    for (const [label, r] of [['1 engine (limit 2)', oneEngine], ['2 engines (limit 2 each)', twoEngines]] as const) {
      console.log(`throughput, a step that ${step}, ${label}: ${count} builds in ${r.seconds.toFixed(1)} s = ${r.perMinute.toFixed(1)} builds/min; per engine ${[...r.perEngine].map(([e, n]) => `${e} ${n}`).join(', ')}`);
    }
    console.log(`  2 engines against 1: ${(twoEngines.perMinute / oneEngine.perMinute).toFixed(2)}x`);
  }
  console.log(`claim latency (${claimTimes.length} claim transactions, both replicas): p50 ${ms(percentile(claimTimes, 50))}, p95 ${ms(percentile(claimTimes, 95))}, max ${ms(Math.max(...claimTimes))}`);
  const events = await eventLatency(300);
  console.log(`event delivery between replicas (${events.length} events, flush every 100 ms, LISTEN/NOTIFY): p50 ${ms(percentile(events, 50))}, p95 ${ms(percentile(events, 95))}, max ${ms(Math.max(...events))} (target p95 < 250 ms)`);
  const cancels = await cancelLatency(5);
  console.log(`cancel across replicas until the engine's build process is gone (${cancels.length} rounds): p50 ${ms(percentile(cancels, 50))}, p95 ${ms(percentile(cancels, 95))} (target < 2000 ms)`);
  const { warm, cold } = await warmAgainstCold(3);
  console.log(`an unchanged rebuild: warm engine p50 ${ms(percentile(warm, 50))}, cold engine p50 ${ms(percentile(cold, 50))} (${(percentile(cold, 50) / percentile(warm, 50)).toFixed(1)}x): why a build waits for the engine that built it last only while it has room`);
  rmSync(root, { recursive: true, force: true });
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
