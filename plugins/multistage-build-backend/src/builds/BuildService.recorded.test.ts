/*
 * The build flow on recorded engine streams, without an engine: a run is
 * queued, claimed, built and stored with its steps, events and end, exactly as
 * the real engine's stream drives it (BuildService.engine.test.ts runs the
 * same flow against dockerd).
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import type { BuildEvent } from '@stagecraft/plugin-multistage-build-common';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';
import { buildStores } from '../__testUtils__/buildStores';
import { localEntity as entityAt } from '../__testUtils__/localEntity';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { RecordedEngine, recordedStream } from '../__testUtils__/RecordedEngine';
import { BuildContextSource } from '../source/BuildContextSource';
import { DockerfileSource } from '../source/DockerfileSource';
import { BuildService } from './BuildService';

const analysis = analysisPoolForTests();
const { databases } = createTestDatabases();
const examples = resolve(__dirname, '../../../../examples');

const services: BuildService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map(s => s.shutdown(0)));
});

async function setup(engine: RecordedEngine) {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-recorded-'));
  const knex = await databases.init('SQLITE_3');
  const stores = await buildStores(mockServices.database({ knex, migrations: { skip: false } }));
  const urlReader = mockServices.urlReader.mock();
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const service = new BuildService({
    ...stores,
    analysis,
    engine,
    dockerfiles: new DockerfileSource({ urlReader, integrations, allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
    contexts: new BuildContextSource({ urlReader, integrations, allowedRoots: [root] }),
    logger: mockServices.logger.mock(),
    concurrency: 2,
    measureStageSizes: false,
    claimPollMs: 20,
    eventFlushMs: 10,
  });
  services.push(service);
  return { root, service, ...stores };
}

/** Starts a build and collects its events, as a stream from the first one would, until it finishes. */
async function buildAndWatch(service: BuildService, entity: Entity, cancelWhen?: (event: BuildEvent) => boolean) {
  const queued = await service.start({ entity, requestedBy: 'user:default/jane' });
  const seqs: number[] = [];
  const events: BuildEvent[] = [];
  let cancel: Promise<unknown> | undefined;
  await new Promise<void>(resolvePromise => {
    const stop = service.events.subscribe(queued.id, 0, ({ seq, event }) => {
      seqs.push(seq);
      events.push(event);
      // Once: a second cancel of the ended run is a 409.
      if (!cancel && cancelWhen?.(event)) cancel = service.cancel(queued.id);
      if (event.type === 'finished') {
        stop();
        resolvePromise();
      }
    });
  });
  if (cancel) await cancel;
  return { queued, seqs, events };
}

describe('BuildService on recorded engine streams', () => {
  it('builds hello-c from its recorded stream: steps per stage, events in order, the run ends succeeded', async () => {
    const engine = new RecordedEngine([recordedStream('hello-c-nocache.jsonl')]);
    const env = await setup(engine);
    cpSync(join(examples, 'hello-c'), join(env.root, 'hello-c'), { recursive: true });
    const { queued, seqs, events } = await buildAndWatch(env.service, entityAt(join(env.root, 'hello-c'), 'hello-c'));

    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'status', run: { status: 'queued' } });
    expect(events[1]).toMatchObject({ type: 'status', run: { status: 'running', engine: 'default' } });
    const run = (await env.runs.getRun(queued.id))!;
    expect(run).toMatchObject({ status: 'succeeded', engine: 'default', imageSize: 7_340_032, error: null });
    expect(run.imageId).toMatch(/^sha256:/);
    // The engine was asked with a build id that any replica can cancel it by.
    expect(engine.requests[0].buildId).toMatch(/^[0-9a-f-]{36}$/);
    const steps = await env.runs.listSteps(queued.id);
    expect(steps.find(s => s.name === '[build 5/5] RUN make wordfreq')).toMatchObject({ stage: 'build', step: 5, instruction: 'RUN make wordfreq', cached: false });
    expect(new Set(steps.map(s => s.stage).filter(Boolean))).toEqual(new Set(['build', 'test', 'runtime']));
    expect(steps.filter(s => s.startedAt && !s.completedAt)).toEqual([]);
    // A first build: every step of a stage is a miss, and says so.
    expect(run.cacheMisses).toBeGreaterThan(0);
    expect(steps.find(s => s.name === '[build 5/5] RUN make wordfreq')?.missReason).toEqual({ kind: 'first-build' });
    // Output arrived as log events of the step that printed it.
    expect(events.some(e => e.type === 'log' && e.stage === 'test')).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ type: 'finished', run: { status: 'succeeded' } });
  });

  it('fails a run with the engine error of a recorded failing step, and keeps that step\'s output', async () => {
    const env = await setup(new RecordedEngine([recordedStream('failing-run-step.jsonl')]));
    mkdirSync(join(env.root, 'broken'));
    copyFileSync(join(__dirname, '../engine/__fixtures__/failing-run-step.Dockerfile'), join(env.root, 'broken', 'Dockerfile'));
    const { queued } = await buildAndWatch(env.service, entityAt(join(env.root, 'broken'), 'broken'));
    const run = (await env.runs.getRun(queued.id))!;
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/^executor failed running \[\/bin\/sh -c echo compiling .*\]: exit code: 2$/) });
    const failed = (await env.runs.listSteps(queued.id)).find(s => s.error);
    expect(failed).toMatchObject({ stage: 'stage-0', instruction: expect.stringMatching(/^RUN echo compiling/) });
    expect(failed!.logTail).toContain('cc: error: missing.c: No such file');
  });

  it('cancels a build the engine is running: the request is aborted and the run ends cancelled, its open steps closed', async () => {
    const engine = new RecordedEngine([recordedStream('hello-c-nocache.jsonl')], { holdAfter: 20 });
    const env = await setup(engine);
    cpSync(join(examples, 'hello-c'), join(env.root, 'hello-c'), { recursive: true });
    const { queued, events } = await buildAndWatch(env.service, entityAt(join(env.root, 'hello-c'), 'hello-c'), event => event.type === 'step' && Boolean(event.step.startedAt));
    expect(await env.runs.getRun(queued.id)).toMatchObject({ status: 'cancelled', error: 'cancelled while running' });
    expect(engine.requests[0].signal?.aborted).toBe(true);
    expect((await env.runs.listSteps(queued.id)).filter(s => s.startedAt && !s.completedAt)).toEqual([]);
    expect(events.filter(e => e.type === 'finished')).toHaveLength(1);
  });
});
