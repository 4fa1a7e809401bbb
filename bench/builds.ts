/*
 * bench/builds: the build backend's speed against its targets, with the real
 * engine and a real SQLite file.
 *   - configuration saves (read, then save over the version read), 200 of them: p50, p99
 *   - time from the start-build call to the first BuildKit step started (warm engine)
 *   - a whole build through the orchestration (context digests, trace decoding, steps
 *     stored, cache explained) against the same build sent straight to the Engine API
 *     (what `docker build` with BuildKit does: read .dockerignore, walk and tar the
 *     context, send it with the target and build args), and against `docker build`
 *     itself (BuildKit's CLI, buildx, installed by scripts/bootstrap/docker-buildx.sh)
 *
 *   yarn bench:builds
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory from 'knex';
import { BuildContextSource } from '../plugins/multistage-build-backend/src/source/BuildContextSource';
import { BuildService } from '../plugins/multistage-build-backend/src/builds/BuildService';
import { buildStores } from '../plugins/multistage-build-backend/src/__testUtils__/buildStores';
import { prepareBuildContext } from '../plugins/multistage-build-backend/src/engine/buildContext';
import { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';
import { DockerfileSource } from '../plugins/multistage-build-backend/src/source/DockerfileSource';
import { AnalysisPool } from '../plugins/multistage-build-node/src';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const baseImages = { GCC_IMAGE: 'stagecraft/gcc:12', RUNTIME_IMAGE: 'stagecraft/busybox:1.35' };
const quiet: LoggerService = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet };
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-bench-'));
  const dir = join(root, 'hello-c');
  cpSync(resolve(__dirname, '../examples/hello-c'), dir, { recursive: true });
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(root, 'bench.sqlite') }, useNullAsDefault: true });
  const database = { getClient: async () => knex, migrations: { skip: false } } as never;
  const { runs, configs, queue, eventStore } = await buildStores(database);
  const engine = new DockerEngine({ host: process.env.DOCKER_HOST });
  const status = await engine.status();
  if (!status.available) throw new Error(`bench/builds needs the engine: ${status.reason}`);
  const urlReader = {} as never;
  const service = new BuildService({
    analysis: new AnalysisPool(),
    runs,
    configs,
    queue,
    eventStore,
    engine,
    dockerfiles: new DockerfileSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
    contexts: new BuildContextSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root] }),
    logger: quiet,
    concurrency: 2,
    measureStageSizes: false,
    defaultBuildArgs: baseImages,
  });
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'hello-c', namespace: 'default', annotations: { 'backstage.io/managed-by-location': `file:${join(dir, 'catalog-info.yaml')}` } },
    spec: {},
  };

  // 1. Configuration saves.
  const saves: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const current = await configs.get('component:default/hello-c');
    await configs.save({
      entityRef: 'component:default/hello-c',
      config: { ...current.config, target: 'runtime', buildArgs: { ...baseImages, RUN: String(i) } },
      expectedVersion: current.version,
      updatedBy: 'user:default/bench',
    });
    saves.push(performance.now() - t);
  }
  await configs.save({
    entityRef: 'component:default/hello-c',
    config: { ...(await configs.get('component:default/hello-c')).config, buildArgs: baseImages },
    expectedVersion: 200,
    updatedBy: null,
  });

  // 2 and 3. Builds through the orchestration, timed to the first step and to the end.
  const orchestrated = async (noCache: boolean) => {
    const t = performance.now();
    let firstStep: number | undefined;
    const queued = await service.start({ entity, requestedBy: null, noCache });
    await new Promise<void>(done => {
      const stop = service.events.subscribe(queued.id, 0, ({ event }) => {
        if (firstStep === undefined && event.type === 'step' && event.step.stage !== null && event.step.startedAt) {
          firstStep = performance.now() - t;
        }
        if (event.type === 'finished') {
          stop();
          if (event.run.status !== 'succeeded') throw new Error(`bench build failed: ${event.run.error}`);
          done();
        }
      });
    });
    return { total: performance.now() - t, firstStep: firstStep ?? NaN };
  };
  const direct = async (noCache: boolean) => {
    const t = performance.now();
    const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile' });
    await engine.build({ context: context.tar(), dockerfile: 'Dockerfile', target: 'runtime', buildArgs: baseImages, noCache });
    return performance.now() - t;
  };

  const dockerConfig = execFileSync('bash', [resolve(__dirname, '../scripts/bootstrap/docker-buildx.sh')], { encoding: 'utf8' }).trim();
  const dockerBuild = (noCache: boolean) => {
    const args = ['build', '-q', '--target', 'runtime', ...Object.entries(baseImages).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`])];
    const t = performance.now();
    const result = spawnSync('docker', [...args, ...(noCache ? ['--no-cache'] : []), dir], {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`docker build failed: ${result.stderr}`);
    return performance.now() - t;
  };

  await orchestrated(false); // warm the engine and the cache
  const results: Record<'warm' | 'cold', { ours: number[]; direct: number[]; cli: number[]; first: number[] }> = {
    warm: { ours: [], direct: [], cli: [], first: [] },
    cold: { ours: [], direct: [], cli: [], first: [] },
  };
  for (const kind of ['warm', 'cold'] as const) {
    const rounds = kind === 'warm' ? 41 : 7;
    for (let i = 0; i < rounds; i++) {
      const a = async () => {
        const r = await orchestrated(kind === 'cold');
        results[kind].ours.push(r.total);
        results[kind].first.push(r.firstStep);
      };
      const b = async () => results[kind].direct.push(await direct(kind === 'cold'));
      const c = async () => results[kind].cli.push(dockerBuild(kind === 'cold'));
      // Rotate who goes first.
      const order = [[a, b, c], [b, c, a], [c, a, b]][i % 3];
      for (const contender of order) await contender();
    }
  }

  console.log(`bench/builds: hello-c (3 stages), Docker ${status.version} (API ${status.apiVersion}), SQLite file`);
  console.log(`config saves (read + save, 200): p50 ${ms(percentile(saves, 50))}, p99 ${ms(percentile(saves, 99))}, max ${ms(Math.max(...saves))}`);
  for (const kind of ['warm', 'cold'] as const) {
    const r = results[kind];
    const ours = percentile(r.ours, 50);
    const theirs = percentile(r.direct, 50);
    const paired = percentile(r.ours.map((o, i) => o - r.direct[i]), 50);
    const cli = percentile(r.cli, 50);
    const pairedCli = percentile(r.ours.map((o, i) => o - r.cli[i]), 50);
    console.log(
      `${kind === 'warm' ? 'warm cache' : 'no cache  '} (${r.ours.length} runs): start -> first step started p50 ${ms(percentile(r.first, 50))}, p95 ${ms(percentile(r.first, 95))}; ` +
        `whole build p50 ${ms(ours)} orchestrated, ${ms(theirs)} straight to the Engine API, ${ms(cli)} with docker build`,
    );
    // Paired: each round runs all three back to back, so engine drift cancels out.
    console.log(
      `           overhead (p50 of the paired differences): against docker build ${ms(pairedCli)} (${((pairedCli / cli) * 100).toFixed(1)} %), ` +
        `against the bare Engine API call ${ms(paired)} (${((paired / theirs) * 100).toFixed(1)} %)`,
    );
  }
  await service.idle();
  await knex.destroy();
  rmSync(root, { recursive: true, force: true });
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
