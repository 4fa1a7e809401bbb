/*
 * bench/registry-cache: what inline cache in a pushed image saves a builder
 * whose own cache is empty. Engine one (this machine's dockerd) builds the
 * hello-c example with BUILDKIT_INLINE_CACHE=1 and pushes it to the local
 * registry; engine two (scripts/services/second-engine.sh), its build cache
 * pruned before every build, then builds the same example cold and with
 * `cache_from` that pushed image. Inline cache holds the final stage's cache
 * only (mode=min; mode=max needs a BuildKit daemon), so what it saves depends
 * on whether the final stage's chain matches as a whole.
 *
 *   yarn bench:registry-cache [rounds, default 3]
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';
import type { BuildkitStatus } from '../plugins/multistage-build-backend/src/engine/buildkitTrace';

const rounds = Number(process.argv[2] ?? 3);
const script = (name: string) => resolve(__dirname, '../scripts/services', name);
const vars = (output: string) => Object.fromEntries(output.trim().split('\n').map(line => line.split('=') as [string, string]));
const registry = vars(execFileSync('bash', [script('registry.sh')], { encoding: 'utf8' }));
const second = vars(execFileSync('bash', [script('second-engine.sh')], { encoding: 'utf8' }));

const one = new DockerEngine({ host: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' });
const two = new DockerEngine({ host: second.STAGECRAFT_ENGINE_TWO_SOCKET });
const auth = { username: registry.STAGECRAFT_REGISTRY_USER, password: registry.STAGECRAFT_REGISTRY_PASSWORD, serveraddress: registry.STAGECRAFT_REGISTRY };
const session = { registries: new Map([[registry.STAGECRAFT_REGISTRY, auth]]) };
const repository = `${registry.STAGECRAFT_REGISTRY}/bench/hello-c`;
const example = resolve(__dirname, '../examples/hello-c');
const buildArgs = { GCC_IMAGE: 'stagecraft/gcc:12', RUNTIME_IMAGE: 'stagecraft/busybox:1.35' };

/** Engine two needs the local base images the example names (the cache is what is measured, not pulls of bases). */
function loadBases() {
  const host = second.STAGECRAFT_ENGINE_TWO_SOCKET;
  for (const image of Object.values(buildArgs)) {
    try {
      execFileSync('docker', ['-H', host, 'image', 'inspect', image], { stdio: 'ignore' });
    } catch {
      execFileSync('bash', ['-c', `docker save ${image} | docker -H ${host} load`], { stdio: 'ignore' });
    }
  }
}

async function build(engine: DockerEngine, options: { cacheFrom?: string[]; inline?: boolean }) {
  let steps = 0;
  let cached = 0;
  const seen = new Map<string, boolean>();
  const started = process.hrtime.bigint();
  const { imageId } = await engine.build({
    contextDir: example,
    dockerfile: 'Dockerfile',
    buildArgs: options.inline ? { ...buildArgs, BUILDKIT_INLINE_CACHE: '1' } : buildArgs,
    cacheFrom: options.cacheFrom,
    session,
    onStatus: (status: BuildkitStatus) => {
      for (const v of status.vertexes) if (v.place) seen.set(v.digest, (seen.get(v.digest) ?? false) || v.cached);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const hit of seen.values()) {
    steps += 1;
    if (hit) cached += 1;
  }
  return { imageId, seconds, steps, cached };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  loadBases();
  // Engine one: a build whose image carries its cache, pushed.
  await one.pruneBuildCache();
  const source = await build(one, { inline: true });
  const pushed = await one.push(source.imageId, { repository, tag: 'cache', auth });
  console.log(`engine one built hello-c with inline cache in ${source.seconds.toFixed(2)} s and pushed ${pushed.reference} (${pushed.digest.slice(0, 19)}…)`);

  const cold: number[] = [];
  const imported: number[] = [];
  let importedSteps = { steps: 0, cached: 0 };
  for (let round = 0; round < rounds; round += 1) {
    await two.pruneBuildCache();
    cold.push((await build(two, {})).seconds);
    await two.pruneBuildCache();
    const withCache = await build(two, { cacheFrom: [`${repository}:cache`] });
    imported.push(withCache.seconds);
    importedSteps = { steps: withCache.steps, cached: withCache.cached };
  }
  const fmt = (values: number[]) => `min ${Math.min(...values).toFixed(2)} s, median ${median(values).toFixed(2)} s, max ${Math.max(...values).toFixed(2)} s`;
  console.log(`engine two, build cache pruned, cold:                     ${fmt(cold)}`);
  console.log(`engine two, build cache pruned, cache_from the pushed image: ${fmt(imported)}`);
  console.log(`  ${importedSteps.cached} of ${importedSteps.steps} Dockerfile steps came from the imported cache; saving ${((1 - median(imported) / median(cold)) * 100).toFixed(0)}% of the median`);
  console.log('  (inline cache is mode=min: the final stage\'s layers; a change in any stage it copies from rebuilds that stage from scratch)');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
