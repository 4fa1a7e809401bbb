/*
 * bench/registry-cache: what inline cache in a pushed image saves a builder
 * whose own cache is empty. Engine one (this machine's dockerd) builds the
 * hello-c example with BUILDKIT_INLINE_CACHE=1 and pushes it to the local
 * registry; engine two (scripts/services/second-engine.sh), its build cache
 * pruned before every build, then builds the same example cold and with
 * `cache_from` that pushed image. Inline cache holds the final stage's cache
 * only (mode=min; mode=max needs a BuildKit daemon), so what it saves depends
 * on whether the final stage's chain matches as a whole. Two workloads: the
 * hello-c example (its compile takes well under a second), and a two-stage
 * file whose build stage computes for a few seconds (what a real compile or
 * dependency install costs).
 *
 *   yarn bench:registry-cache [rounds, default 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
const buildArgs = { GCC_IMAGE: 'stagecraft/gcc:12', RUNTIME_IMAGE: 'stagecraft/busybox:1.35', BASE: 'stagecraft/busybox:1.35' };

const slow = mkdtempSync(join(tmpdir(), 'stagecraft-bench-cache-'));
writeFileSync(
  join(slow, 'Dockerfile'),
  'ARG BASE=busybox\nFROM ${BASE} AS build\nRUN i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; echo $i > /out\nFROM ${BASE}\nCOPY --from=build /out /out\n',
);
const workloads = [
  { name: 'hello-c example', dir: resolve(__dirname, '../examples/hello-c'), repository: `${registry.STAGECRAFT_REGISTRY}/bench/hello-c` },
  { name: 'two stages, a 2M-iteration shell loop in the build stage', dir: slow, repository: `${registry.STAGECRAFT_REGISTRY}/bench/slow-build` },
];

/** Engine two needs the local base images the example names (the cache is what is measured, not pulls of bases). */
function loadBases() {
  const host = second.STAGECRAFT_ENGINE_TWO_SOCKET;
  for (const image of new Set(Object.values(buildArgs))) {
    try {
      execFileSync('docker', ['-H', host, 'image', 'inspect', image], { stdio: 'ignore' });
    } catch {
      execFileSync('bash', ['-c', `docker save ${image} | docker -H ${host} load`], { stdio: 'ignore' });
    }
  }
}

async function build(engine: DockerEngine, dir: string, options: { cacheFrom?: string[]; inline?: boolean }) {
  let steps = 0;
  let cached = 0;
  const seen = new Map<string, boolean>();
  const started = process.hrtime.bigint();
  const { imageId } = await engine.build({
    contextDir: dir,
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

async function measure(workload: (typeof workloads)[number]) {
  // Engine one: a build whose image carries its cache, pushed.
  const source = await build(one, workload.dir, { inline: true });
  const pushed = await one.push(source.imageId, { repository: workload.repository, tag: 'cache', auth });
  console.log(`${workload.name}: engine one built it with inline cache (${source.seconds.toFixed(2)} s) and pushed ${pushed.reference}`);
  const cold: number[] = [];
  const imported: number[] = [];
  let importedSteps = { steps: 0, cached: 0 };
  // Empty for real: the last build's image goes (an image keeps its layers' cache records in use), then every cache record.
  const emptyTwo = async (imageId?: string) => {
    if (imageId) await two.docker.getImage(imageId).remove({ force: true }).catch(() => undefined);
    await two.docker.pruneBuilder({ all: true } as never);
  };
  // Images earlier runs left behind (untagged) hold cache too.
  await two.docker.pruneImages({ filters: JSON.stringify({ dangling: ['true'] }) } as never);
  await emptyTwo();
  for (let round = 0; round < rounds; round += 1) {
    const coldBuild = await build(two, workload.dir, {});
    cold.push(coldBuild.seconds);
    await emptyTwo(coldBuild.imageId);
    const withCache = await build(two, workload.dir, { cacheFrom: [`${workload.repository}:cache`] });
    imported.push(withCache.seconds);
    importedSteps = { steps: withCache.steps, cached: withCache.cached };
    await emptyTwo(withCache.imageId);
  }
  const fmt = (values: number[]) => `min ${Math.min(...values).toFixed(2)} s, median ${median(values).toFixed(2)} s, max ${Math.max(...values).toFixed(2)} s`;
  console.log(`  engine two, build cache pruned, cold:                        ${fmt(cold)}`);
  console.log(`  engine two, build cache pruned, cache_from the pushed image: ${fmt(imported)}`);
  const saving = (1 - median(imported) / median(cold)) * 100;
  console.log(`  ${importedSteps.cached} of ${importedSteps.steps} Dockerfile steps came from the imported cache; the median ${saving >= 0 ? 'saves' : 'costs'} ${Math.abs(saving).toFixed(0)}%`);
}

async function main() {
  loadBases();
  for (const workload of workloads) await measure(workload);
  console.log('(inline cache is mode=min: the final stage\'s chain; it saves work only when that chain matches as a whole, and importing costs a registry round trip)');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
