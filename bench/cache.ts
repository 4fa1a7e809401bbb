/*
 * bench/cache: what the build cache saves on a one-line source change, for
 * each example service's naive single-stage Dockerfile (Dockerfile.naive) and
 * its multi-stage one (Dockerfile): a cold build without cache, one line
 * changed in a source file, then a rebuild with the cache. Prints both rebuild
 * times, the reduction, and the final image sizes. Builds go straight to the
 * engine (the context as `docker build` sends it, .dockerignore applied), so
 * the numbers are the engine's, not the orchestration's.
 *
 *   yarn bench:cache [service ...]    (all example services when none is named)
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareBuildContext } from '../plugins/multistage-build-backend/src/engine/buildContext';
import { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';

const baseImages = {
  GCC_IMAGE: 'stagecraft/gcc:12',
  RUNTIME_IMAGE: 'stagecraft/busybox:1.35',
  BUSYBOX_IMAGE: 'stagecraft/busybox:1.35',
  PYTHON_IMAGE: 'stagecraft/python:3.11',
  NODE_IMAGE: 'stagecraft/node:18',
  NODE_RUNTIME_IMAGE: 'stagecraft/node:18-slim',
};
/** The file each service's one-line change goes into, and the comment syntax it takes. */
const services = [
  { name: 'hello-c', file: 'src/wordfreq.c', line: (n: string) => `/* ${n} */\n` },
  { name: 'python-api', file: 'app/inventory.py', line: (n: string) => `# ${n}\n` },
  { name: 'node-web', file: 'src/format.mjs', line: (n: string) => `// ${n}\n` },
  { name: 'static-site', file: 'pages/about.txt', line: (n: string) => `${n}\n` },
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main() {
  // node-web installs its dependencies offline from an npm cache in its context.
  execFileSync('bash', [resolve(__dirname, '../scripts/bootstrap/example-dependencies.sh')], { stdio: 'inherit' });
  const engine = new DockerEngine({ host: process.env.DOCKER_HOST });
  const status = await engine.status();
  if (!status.available) throw new Error(`bench/cache needs the engine: ${status.reason}`);
  const build = async (dir: string, dockerfile: string, noCache: boolean) => {
    const context = await prepareBuildContext({ dir, dockerfile });
    const t = performance.now();
    const { imageId } = await engine.build({ context: context.tar(), dockerfile, buildArgs: baseImages, noCache });
    return { ms: performance.now() - t, imageId };
  };

  console.log(`bench/cache: Docker ${status.version}; cold build without cache, one line changed, rebuild with cache`);
  console.log('| service | Dockerfile | cold build | rebuild after a one-line change | final image |');
  console.log('|---|---|---|---|---|');
  const summary: string[] = [];
  const only = process.argv.slice(2);
  for (const service of services.filter(s => only.length === 0 || only.includes(s.name))) {
    const rebuilds: Record<string, number> = {};
    for (const dockerfile of ['Dockerfile.naive', 'Dockerfile']) {
      const root = mkdtempSync(join(tmpdir(), 'stagecraft-cache-'));
      const dir = join(root, service.name);
      cpSync(resolve(__dirname, '../examples', service.name), dir, { recursive: true });
      const cold = await build(dir, dockerfile, true);
      appendFileSync(join(dir, service.file), service.line(`changed ${Date.now()}`));
      const rebuild = await build(dir, dockerfile, false);
      const size = await engine.imageSize(rebuild.imageId);
      rebuilds[dockerfile] = rebuild.ms;
      console.log(`| ${service.name} | ${dockerfile} | ${seconds(cold.ms)} | ${seconds(rebuild.ms)} | ${megabytes(size)} |`);
      rmSync(root, { recursive: true, force: true });
    }
    const reduction = 1 - rebuilds.Dockerfile / rebuilds['Dockerfile.naive'];
    summary.push(
      `${service.name}: rebuild time reduction with the multi-stage Dockerfile: ${(reduction * 100).toFixed(0)} % ` +
        `(${seconds(rebuilds['Dockerfile.naive'])} -> ${seconds(rebuilds.Dockerfile)}; negative means slower)`,
    );
  }
  console.log('');
  summary.forEach(line => console.log(line));
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
