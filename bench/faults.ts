/*
 * bench/faults: the engine stops in the middle of a build. Every run must end
 * failed with a clear error within 5 s, none may stay running, no record may
 * be lost, and the next build must succeed once the engine is back. Stops the
 * local dockerd (SIGTERM, as a service stop does) and starts it again with
 * scripts/services/docker-engine.sh, so it needs root on a machine whose
 * engine that script manages.
 *
 *   yarn bench:faults [ITERATIONS]     (default 20; the e2e suite runs 1)
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { BuildRun } from '@stagecraft/plugin-multistage-build-common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory from 'knex';
import { BuildContextSource } from '../plugins/multistage-build-backend/src/source/BuildContextSource';
import { BuildService } from '../plugins/multistage-build-backend/src/builds/BuildService';
import { buildStores } from '../plugins/multistage-build-backend/src/__testUtils__/buildStores';
import { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';
import { DockerfileSource } from '../plugins/multistage-build-backend/src/source/DockerfileSource';
import { AnalysisPool } from '../plugins/multistage-build-node/src';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const repo = resolve(__dirname, '..');
const iterations = Number(process.argv[2] ?? 20);
const quiet: LoggerService = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet };
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Starts the local engine again. DOCKER_HOST is left out: the test command
 * sets it, and the script only checks (never starts) an engine named that way.
 */
function startEngine(): void {
  const { DOCKER_HOST: _ignored, ...env } = process.env;
  execFileSync('bash', [join(repo, 'scripts/services/docker-engine.sh')], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function dockerdPid(): number {
  return Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-faults-'));
  const dir = (name: string, dockerfile: string) => {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'Dockerfile'), dockerfile);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default', annotations: { 'backstage.io/managed-by-location': `file:${join(root, name, 'catalog-info.yaml')}` } },
      spec: {},
    } as Entity;
  };
  const slow = dir('slow', 'ARG BASE=busybox:1.36\nFROM ${BASE}\nRUN echo started && sleep 300\n');
  const quick = dir('quick', 'ARG BASE=busybox:1.36\nFROM ${BASE}\nRUN echo "$(date +%s%N)" > /built\n');

  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(root, 'faults.sqlite') }, useNullAsDefault: true });
  const database = { getClient: async () => knex, migrations: { skip: false } } as never;
  const { runs, configs, queue, eventStore } = await buildStores(database);
  const engine = new DockerEngine({ host: process.env.DOCKER_HOST });
  const service = new BuildService({
    analysis: new AnalysisPool(),
    runs,
    configs,
    queue,
    eventStore,
    engine,
    dockerfiles: new DockerfileSource({ urlReader: {} as never, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
    contexts: new BuildContextSource({ urlReader: {} as never, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root] }),
    logger: quiet,
    concurrency: 2,
    measureStageSizes: false,
    defaultBuildArgs: { BASE: 'stagecraft/busybox:1.35' },
  });

  const failures: string[] = [];
  const endTimes: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const queued = await service.start({ entity: slow, requestedBy: null, noCache: true });
    const finished = new Promise<BuildRun>(done => {
      const stop = service.events.subscribe(queued.id, 0, ({ event }) => {
        if (event.type === 'finished') {
          stop();
          done(event.run);
        }
      });
    });
    // Wait until the sleeping step runs inside the engine.
    const started = Date.now();
    while (!(await runs.listSteps(queued.id)).some(s => s.instruction?.startsWith('RUN echo started') && s.startedAt)) {
      if (Date.now() - started > 60_000) throw new Error('the slow step never started');
      await sleep(100);
    }
    const pid = dockerdPid();
    const stoppedAt = Date.now();
    process.kill(pid, 'SIGTERM');
    const run = await Promise.race([finished, sleep(30_000).then(() => undefined)]);
    const endedAfter = Date.now() - stoppedAt;
    endTimes.push(endedAfter);
    if (!run) failures.push(`iteration ${i}: the run did not end within 30 s of the engine stopping`);
    else if (run.status !== 'failed' || !run.error) failures.push(`iteration ${i}: ended ${run.status} with error ${run.error}`);
    else if (endedAfter > 5000) failures.push(`iteration ${i}: ended after ${endedAfter} ms (limit 5000)`);
    // The error must say the engine went away, not only that the step it killed failed.
    else if (!/connection to the engine broke/.test(run.error)) failures.push(`iteration ${i}: the error does not say the engine stopped: ${run.error}`);

    // Bring the engine back, then a build must succeed again.
    for (let waited = 0; alive(pid) && waited < 60_000; waited += 200) await sleep(200);
    startEngine();
    const next = await service.start({ entity: quick, requestedBy: null });
    await service.idle();
    const after = await runs.getRun(next.id);
    if (after?.status !== 'succeeded') failures.push(`iteration ${i}: the build after the restart ended ${after?.status}: ${after?.error}`);
    if (i === 0 && run) console.log(`the first failed run's error: ${run.error}`);
  }

  const all = await runs.listRuns({ limit: 1000 });
  const stuck = all.filter(r => r.status === 'queued' || r.status === 'running');
  if (all.length !== iterations * 2) failures.push(`expected ${iterations * 2} stored runs, found ${all.length}`);
  if (stuck.length > 0) failures.push(`${stuck.length} run(s) left queued or running`);
  endTimes.sort((a, b) => a - b);
  console.log(
    `bench/faults: ${iterations} engine stops mid-build: runs ended failed after p50 ${endTimes[endTimes.length >> 1]} ms, max ${endTimes[endTimes.length - 1]} ms; ` +
      `${all.length} runs stored, ${stuck.length} left running; failures: ${failures.length}`,
  );
  failures.forEach(f => console.log(`  ${f}`));
  await knex.destroy();
  rmSync(root, { recursive: true, force: true });
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main()
  .catch(e => {
    console.error(e);
    process.exitCode = 1;
    // Whatever went wrong, leave the machine with an engine.
    try {
      startEngine();
    } catch (restartError) {
      console.error(`could not start the engine again: ${restartError}`);
    }
  })
  // Connection pools and the engine client keep the event loop alive; the run is over.
  .finally(() => process.exit());
