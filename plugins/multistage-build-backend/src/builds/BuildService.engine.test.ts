/*
 * Build orchestration against the real engine (dockerd with BuildKit) and a
 * real SQLite database: a cold build of the hello-c example, a rebuild after
 * a source edit with every cache miss explained, live events, stage sizes,
 * cancellation and a failing step.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { BuildEvent, BuildRun, BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineForTests, localBaseImages } from '../__testUtils__/engine';
import { localEntity as entityAt } from '../__testUtils__/localEntity';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { buildStores } from '../__testUtils__/buildStores';
import { DockerfileSource } from '../source/DockerfileSource';
import { BuildContextSource } from '../source/BuildContextSource';
import { BuildService } from './BuildService';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const analysis = analysisPoolForTests();

jest.setTimeout(600_000);

const examples = resolve(__dirname, '../../../../examples');
const { databases } = createTestDatabases();

const services: BuildService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map(s => s.shutdown(0)));
});

async function setup(
  options: { measureStageSizes?: boolean; timeoutSeconds?: number; defaultBuildArgs?: Record<string, string> } = {},
) {
  const engine = await engineForTests();
  if (!engine) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-builds-'));
  const knex = await databases.init('SQLITE_3');
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const stores = await buildStores(database);
  const { runs, configs } = stores;
  const urlReader = mockServices.urlReader.mock();
  const logger = mockServices.logger.mock();
  const replica = (name: string) => new BuildService({
    ...stores,
    analysis,
    engine,
    replica: name,
    claimPollMs: 100,
    eventFlushMs: 50,
    eventPollMs: 100,
    dockerfiles: new DockerfileSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
    contexts: new BuildContextSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root] }),
    logger,
    concurrency: 2,
    measureStageSizes: options.measureStageSizes,
    flushIntervalMs: 100,
    timeoutSeconds: options.timeoutSeconds,
    defaultBuildArgs: options.defaultBuildArgs,
    // The concurrency test queues 50 builds of one entity at once.
    maxUnfinishedPerEntity: 100,
    maxUnfinishedPerUser: 100,
  });
  const service = replica('a');
  services.push(service);
  /** A second replica on the same database and engine. */
  const another = () => {
    const b = replica('b');
    services.push(b);
    return b;
  };
  return { engine, root, runs, configs, service, logger, another };
}

/** Whether a process whose command line is exactly this runs on the machine (RUN steps run as host processes). */
function processRunning(commandLine: string): boolean {
  const found = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).split('\n');
  return found.some(line => line.trim() === commandLine);
}

/** Waits until `check` holds, up to `ms`. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise(r => setTimeout(r, 100));
  }
  return check();
}

/** Starts a build and collects its events until it finishes. */
async function buildAndWatch(service: BuildService, start: Parameters<BuildService['start']>[0]) {
  const events: BuildEvent[] = [];
  const queued = await service.start(start);
  const done = new Promise<BuildRun>(resolvePromise => {
    const stop = service.events.subscribe(queued.id, 0, ({ event }) => {
      events.push(event);
      if (event.type === 'finished') {
        stop();
        resolvePromise(event.run);
      }
    });
  });
  return { queued, run: await done, events };
}

const byName = (steps: BuildStep[], prefix: string) => steps.find(s => s.name.startsWith(prefix));

describe('BuildService with the real engine', () => {
  it('applies an operator default that looks secret at build time only: never stored with the run, masked in its logs', async () => {
    const secret = 's3cr3t-registry-token-4711';
    const env = await setup({ measureStageSizes: false, defaultBuildArgs: { NPM_TOKEN: secret, BASE: localBaseImages.BUSYBOX_IMAGE } });
    if (!env) return;
    const dir = join(env.root, 'uses-token');
    require('node:fs').mkdirSync(dir);
    writeFileSync(
      join(dir, 'Dockerfile'),
      `ARG BASE=busybox:1.36\nFROM \${BASE}\nARG NPM_TOKEN\nRUN echo "token: $NPM_TOKEN" && test "$NPM_TOKEN" = "${secret}"\n`,
    );

    const { run, events } = await buildAndWatch(env.service, { entity: entityAt(dir, 'uses-token'), requestedBy: null, noCache: true });

    // The build got the value (its RUN checked it) ...
    expect([run.status, run.error]).toEqual(['succeeded', null]);
    // ... and the run records only that the defaults were used.
    expect(run.config.buildArgs).toEqual({});
    expect(run.defaultBuildArgs.sort()).toEqual(['BASE', 'NPM_TOKEN']);
    const steps = await env.runs.listSteps(run.id);
    const echo = steps.find(s => s.name.includes('RUN echo'));
    expect(echo?.logTail).toContain('token: ••••••');
    // The whole output is stored too, masked the same way.
    const whole = await env.runs.stepLog(run.id, echo!.digest);
    expect(whole?.text).toContain('token: ••••••');
    const stored = JSON.stringify([await env.runs.getRun(run.id), steps, await env.runs.listRuns({}), whole]);
    expect(stored).not.toContain(secret);
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(JSON.stringify(env.logger.info.mock.calls.concat(env.logger.warn.mock.calls, env.logger.error.mock.calls))).not.toContain(secret);
  });

  it('measures stage sizes without leaving the stage images behind', async () => {
    const env = await setup();
    if (!env) return;
    const dir = join(env.root, 'measured');
    cpSync(join(examples, 'hello-c'), dir, { recursive: true });
    await env.configs.save({
      entityRef: 'component:default/measured',
      config: { target: 'runtime', buildArgs: localBaseImages, platforms: [], cache: { from: [], to: [], disabled: false }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });
    const build = jest.spyOn(env.engine, 'build');

    const { run } = await buildAndWatch(env.service, { entity: entityAt(dir, 'measured'), requestedBy: null });
    expect(run.status).toBe('succeeded');

    expect(Object.keys(run.stageSizes).sort()).toEqual(['build', 'runtime', 'test']);
    const images = await Promise.all(build.mock.results.map(r => r.value as Promise<{ imageId: string }>));
    const measured = images.map(i => i.imageId).filter(id => id !== run.imageId);
    expect(measured.length).toBeGreaterThan(0);
    for (const id of measured) {
      await expect(env.engine.docker.getImage(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    }
    await expect(env.engine.docker.getImage(run.imageId!).inspect()).resolves.toMatchObject({ Id: run.imageId });
  });

  it('builds hello-c, then explains each cache miss after a source edit', async () => {
    const env = await setup();
    if (!env) return;
    const dir = join(env.root, 'hello-c');
    cpSync(join(examples, 'hello-c'), dir, { recursive: true });
    const entity = entityAt(dir, 'hello-c');
    await env.configs.save({
      entityRef: 'component:default/hello-c',
      config: { target: 'runtime', buildArgs: localBaseImages, platforms: [], cache: { from: [], to: [], disabled: false }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });

    const first = await buildAndWatch(env.service, { entity, requestedBy: 'user:default/jane' });

    expect(first.run).toMatchObject({ status: 'succeeded', target: 'runtime', error: null, requestedBy: 'user:default/jane' });
    expect(first.run.imageId).toMatch(/^sha256:/);
    expect(first.run.imageSize).toBeGreaterThan(0);
    expect(first.run.stageSizes.build).toBeGreaterThan(first.run.stageSizes.runtime);
    expect(Object.keys(first.run.stageSizes).sort()).toEqual(['build', 'runtime', 'test']);
    expect(first.events.some(e => e.type === 'step' && e.step.stage === 'build')).toBe(true);
    const firstSteps = await env.runs.listSteps(first.run.id);
    expect(byName(firstSteps, '[build 5/5] RUN make wordfreq')).toMatchObject({ stage: 'build', step: 5, instruction: 'RUN make wordfreq' });
    expect(firstSteps.every(s => s.completedAt !== null)).toBe(true);
    const layers = await env.engine.imageLayers(first.run.imageId!);
    expect(layers.some(l => l.createdBy.includes('COPY') && l.sizeBytes > 0)).toBe(true);

    // A one-line source change, new every run (the engine remembers earlier runs' edits):
    // only what depends on src/ may rebuild.
    const source = join(dir, 'src', 'wordfreq.c');
    writeFileSync(source, `${require('node:fs').readFileSync(source, 'utf8')}\n/* edited ${randomUUID()} */\n`);
    const second = await buildAndWatch(env.service, { entity, requestedBy: null });

    expect(second.run.status).toBe('succeeded');
    expect(second.run.cacheHits).toBeGreaterThan(0);
    expect(second.run.cacheMisses).toBeGreaterThan(0);
    const steps = await env.runs.listSteps(second.run.id);
    expect(byName(steps, '[build 3/5] COPY Makefile')).toMatchObject({ cached: true, missReason: null, platform: null });
    expect(byName(steps, '[build 4/5] COPY src')).toMatchObject({
      cached: false,
      missReason: { kind: 'context-files-changed', paths: ['src/wordfreq.c'], more: 0 },
    });
    expect(byName(steps, '[build 5/5] RUN make')).toMatchObject({
      cached: false,
      missReason: { kind: 'earlier-step-missed', step: '[build 4/5] COPY src ./src' },
    });
    expect(byName(steps, '[test 1/1] RUN make test')?.missReason?.kind).toBe('earlier-step-missed');
    expect(second.run.timeSavedMs).toBeGreaterThanOrEqual(0);
  });

  it('fails a build with the engine error of the failing step, and keeps its log', async () => {
    const env = await setup({ measureStageSizes: false });
    if (!env) return;
    const dir = join(env.root, 'broken');
    require('node:fs').mkdirSync(dir);
    writeFileSync(
      join(dir, 'Dockerfile'),
      'ARG BASE=busybox:1.36\nFROM ${BASE} AS build\nRUN echo about to fail && exit 3\n',
    );
    await env.configs.save({
      entityRef: 'component:default/broken',
      config: { target: null, buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, platforms: [], cache: { from: [], to: [], disabled: true }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });

    const { run } = await buildAndWatch(env.service, { entity: entityAt(dir, 'broken'), requestedBy: null });

    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/exit code: 3/);
    const steps = await env.runs.listSteps(run.id);
    const failing = steps.find(s => s.instruction?.startsWith('RUN echo about to fail'));
    expect(failing).toMatchObject({ name: '[2/2] RUN echo about to fail && exit 3', stage: 'build', step: 2 });
    expect(failing?.error).toMatch(/exit code: 3/);
    expect(failing?.logTail).toContain('about to fail');
    expect(failing?.missReason).toEqual({ kind: 'cache-disabled' });
    expect((await env.runs.stepLog(run.id, failing!.digest))?.text).toContain('about to fail');
    // Counted when queued, for the Analytics view's findings chart.
    expect(run.findings).toEqual({ error: expect.any(Number), warning: expect.any(Number), info: expect.any(Number) });
  });

  it('cancels a running build: the engine stops and the run ends cancelled within seconds', async () => {
    const env = await setup({ measureStageSizes: false });
    if (!env) return;
    const dir = join(env.root, 'slow');
    require('node:fs').mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), 'ARG BASE=busybox:1.36\nFROM ${BASE}\nRUN sleep 120\n');
    await env.configs.save({
      entityRef: 'component:default/slow',
      config: { target: null, buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, platforms: [], cache: { from: [], to: [], disabled: true }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });

    const queued = await env.service.start({ entity: entityAt(dir, 'slow'), requestedBy: null });
    const sleeping = new Promise<void>(resolvePromise => {
      const stop = env.service.events.subscribe(queued.id, 0, ({ event }) => {
        if (event.type === 'step' && event.step.name.includes('RUN sleep') && event.step.startedAt) {
          stop();
          resolvePromise();
        }
      });
    });
    await sleeping;
    const cancelledAt = Date.now();
    await env.service.cancel(queued.id);
    await env.service.idle();

    const run = await env.runs.getRun(queued.id);
    expect(run).toMatchObject({ status: 'cancelled', error: 'cancelled while running' });
    expect(Date.parse(run!.finishedAt!) - cancelledAt).toBeLessThan(5000);
    await expect(env.service.cancel(queued.id)).rejects.toThrow(`Build run ${queued.id} already ended (cancelled)`);
    // The step that was running is closed with the reason; none stays open.
    const steps = await env.runs.listSteps(queued.id);
    expect(steps.filter(s => s.startedAt && !s.completedAt)).toEqual([]);
    expect(steps.find(s => s.name.includes('RUN sleep'))).toMatchObject({ error: 'cancelled while this step ran' });
  });

  it('cancels from another replica: the engine build stops through its build id and the run stays cancelled', async () => {
    const env = await setup({ measureStageSizes: false });
    if (!env) return;
    const dir = join(env.root, 'elsewhere');
    require('node:fs').mkdirSync(dir);
    // A duration no other process on the machine would use, to find this step's process.
    writeFileSync(join(dir, 'Dockerfile'), 'ARG BASE=busybox:1.36\nFROM ${BASE}\nRUN sleep 4172\n');
    await env.configs.save({
      entityRef: 'component:default/elsewhere',
      config: { target: null, buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, platforms: [], cache: { from: [], to: [], disabled: true }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });
    const queued = await env.service.start({ entity: entityAt(dir, 'elsewhere'), requestedBy: null });
    expect(await eventually(() => processRunning('sleep 4172'), 30_000)).toBe(true);
    const b = env.another();
    const cancelledAt = Date.now();
    // Replica b does not run it: it stores the cancel and stops the build on the engine.
    expect(b.running).toBe(0);
    expect(await b.cancel(queued.id)).toMatchObject({ status: 'cancelled', error: 'cancelled while running' });
    expect(await eventually(() => !processRunning('sleep 4172'), 10_000)).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    await env.service.idle();
    const run = await env.runs.getRun(queued.id);
    expect(run).toMatchObject({ status: 'cancelled', error: 'cancelled while running', engine: 'default' });
    // One end announced (the canceller's): a stream closes on it, and nothing says otherwise after.
    await env.service.events.flush(queued.id);
    const stored = await env.service.events.stored(queued.id, 0);
    expect(stored.filter(e => e.event.type === 'finished').map(e => e.event)).toEqual([
      { type: 'finished', run: expect.objectContaining({ status: 'cancelled' }) },
    ]);
    // Replica a's end kept the cancel, and stored the build's steps with it, none left open.
    const steps = await env.runs.listSteps(queued.id);
    expect(steps.some(s => s.name.includes('RUN sleep'))).toBe(true);
    expect(steps.filter(s => s.startedAt && !s.completedAt)).toEqual([]);
  });

  it('on shutdown lets a build end within the grace period, and queues the rest again for another replica', async () => {
    const env = await setup({ measureStageSizes: false });
    if (!env) return;
    const dir = join(env.root, 'released');
    require('node:fs').mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), 'ARG BASE=busybox:1.36\nFROM ${BASE}\nARG PAUSE=4173\nRUN sleep ${PAUSE}\n');
    await env.configs.save({
      entityRef: 'component:default/released',
      config: { target: null, buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, platforms: [], cache: { from: [], to: [], disabled: true }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });
    const entity = entityAt(dir, 'released');
    const short = await env.service.start({ entity, requestedBy: null, buildArgs: { PAUSE: '3' } });
    const long = await env.service.start({ entity, requestedBy: null });
    expect(await eventually(() => processRunning('sleep 4173'), 30_000)).toBe(true);
    await env.service.shutdown(8000);
    // The short one ended within the grace period; the long one was stopped and is queued again.
    expect(await env.runs.getRun(short.id)).toMatchObject({ status: 'succeeded' });
    expect(await env.runs.getRun(long.id)).toMatchObject({ status: 'queued', engine: null, startedAt: null });
    expect(await eventually(() => !processRunning('sleep 4173'), 10_000)).toBe(true);
    // Another replica claims it.
    const b = env.another();
    expect(await eventually(() => processRunning('sleep 4173'), 30_000)).toBe(true);
    expect(b.running).toBe(1);
    await b.cancel(long.id);
    await b.idle();
    expect(await env.runs.getRun(long.id)).toMatchObject({ status: 'cancelled' });
  });

  it('stops a build over its time limit: the run fails saying so, its step is closed, the engine stops it', async () => {
    // Long enough for the RUN step to start on a loaded 2-core machine (3 s was not, once).
    const env = await setup({ measureStageSizes: false, timeoutSeconds: 8 });
    if (!env) return;
    const dir = join(env.root, 'hangs');
    require('node:fs').mkdirSync(dir);
    // A duration no other process on the machine would use, to find this step's process.
    writeFileSync(join(dir, 'Dockerfile'), 'ARG BASE=busybox:1.36\nFROM ${BASE}\nRUN sleep 4171\n');
    await env.configs.save({
      entityRef: 'component:default/hangs',
      config: { target: null, buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, platforms: [], cache: { from: [], to: [], disabled: true }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });

    const queued = await env.service.start({ entity: entityAt(dir, 'hangs'), requestedBy: null });
    expect(await eventually(() => processRunning('sleep 4171'), 30_000)).toBe(true);
    await env.service.idle();

    const run = await env.runs.getRun(queued.id);
    expect(run).toMatchObject({
      status: 'failed',
      error: 'timed out after 8 s (multistageBuild.builds.timeoutSeconds); the engine build was stopped',
    });
    const steps = await env.runs.listSteps(queued.id);
    expect(steps.filter(s => s.startedAt && !s.completedAt)).toEqual([]);
    expect(steps.find(s => s.name.includes('RUN sleep'))).toMatchObject({ error: 'the build timed out while this step ran' });
    expect(await eventually(() => !processRunning('sleep 4171'), 15_000)).toBe(true);
  });

  it('takes 50 build requests at once with a limit of 2: all run, never more than 2 at a time, all accounted for', async () => {
    const env = await setup({ measureStageSizes: false });
    if (!env) return;
    const dir = join(env.root, 'many');
    require('node:fs').mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), 'ARG BASE=busybox:1.36\nFROM ${BASE}\nRUN echo built > /built\n');
    await env.configs.save({
      entityRef: 'component:default/many',
      config: { target: null, buildArgs: { BASE: localBaseImages.BUSYBOX_IMAGE }, platforms: [], cache: { from: [], to: [], disabled: false }, stageOverrides: {}, secrets: [], ssh: [], push: null },
      expectedVersion: 0,
      updatedBy: null,
    });
    const entity = entityAt(dir, 'many');

    const queued = await Promise.all(Array.from({ length: 50 }, () => env.service.start({ entity, requestedBy: null })));
    await env.service.idle();

    const stored = await env.runs.listRuns({ entityRef: 'component:default/many', limit: 100 });
    expect(stored).toHaveLength(50);
    expect(stored.every(r => r.status === 'succeeded')).toBe(true);
    expect(new Set(stored.map(r => r.id))).toEqual(new Set(queued.map(r => r.id)));
    // How many ran at once, from the stored start and end times (ends sort before starts at the same instant).
    const moments = stored.flatMap(r => [
      { at: Date.parse(r.startedAt!), change: 1 },
      { at: Date.parse(r.finishedAt!), change: -1 },
    ]);
    moments.sort((a, b) => a.at - b.at || a.change - b.change);
    let running = 0;
    let peak = 0;
    for (const { change } of moments) peak = Math.max(peak, (running += change));
    expect(peak).toBe(2);
  });

  it('starts no build when the run cannot be stored, and reports the store error', async () => {
    const env = await setup();
    if (!env) return;
    const dir = join(env.root, 'unstored');
    cpSync(join(examples, 'hello-c'), dir, { recursive: true });
    const build = jest.spyOn(env.engine, 'build');
    jest.spyOn(env.runs, 'createRun').mockRejectedValueOnce(new Error('database is locked'));

    await expect(env.service.start({ entity: entityAt(dir, 'unstored'), requestedBy: null })).rejects.toThrow(
      'database is locked',
    );
    await env.service.idle();

    expect(build).not.toHaveBeenCalled();
    expect(await env.runs.listRuns({ entityRef: 'component:default/unstored', limit: 10 })).toEqual([]);
  });
});
