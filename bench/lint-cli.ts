/*
 * bench/lint-cli: the installable command (`packages/multistage-lint`) under
 * plain `node`, timed from outside as a user waits for it: a new process per
 * run, start-up included. Three ways to run the same code:
 *  - bundled: dist/ as the tarball holds it (`backstage-cli package build`,
 *    then the prepack step scripts/bundle.mjs: one file, npm packages inlined);
 *  - built: dist/ straight from `backstage-cli package build` (a file per module);
 *  - sources: the in-repository command, which compiles the TypeScript on load
 *    (what `yarn multistage-lint` runs, without Yarn's own start-up).
 * Builds the package (leaving dist/ bundled). Prints numbers; asserts nothing.
 *
 *   yarn bench:lint-cli [FILE]
 *
 * FILE (default examples/node-web/Dockerfile) is linted once per run; then the
 * whole real-world corpus is linted in one invocation.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { dockerfilesUnder } from './corpus';

const root = resolve(__dirname, '..');
const packageDir = join(root, 'packages/multistage-lint');
const packageBin = join(packageDir, 'bin/multistage-lint');
const sourceBin = join(root, 'plugins/multistage-build-common/bin/multistage-lint.cjs');
const corpusDir = join(root, 'plugins/multistage-build-common/src/__fixtures__/real-world');
const oneFile = process.argv[2] ?? 'examples/node-web/Dockerfile';
const runs = 20;
const corpusRuns = 5;

// The children get neither this process's transform nor a caller's NODE_OPTIONS.
const { NODE_OPTIONS: _nodeOptions, ...env } = process.env;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values: number[]) =>
  `min ${Math.min(...values).toFixed(0)} / median ${median(values).toFixed(0)} / max ${Math.max(...values).toFixed(0)} ms`;

/** `node ARGV...`, start to exit, in milliseconds; throws unless it exited 0 or 1 (findings). */
function timedRun(argv: string[]): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, {
    cwd: root,
    env: { ...env, INIT_CWD: root },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`node ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return { ms, stdout: result.stdout };
}

function sample(argv: string[], count: number): number[] {
  timedRun(argv); // warm the file cache, the compile cache and the transform's cache
  return Array.from({ length: count }, () => timedRun(argv).ms);
}

const seconds = (run: () => void) => {
  const start = Date.now();
  run();
  return ((Date.now() - start) / 1000).toFixed(1);
};

const isDockerfile = (name: string) => /^Dockerfile/.test(name) || name.endsWith('.Dockerfile');
const corpus = dockerfilesUnder([corpusDir], isDockerfile).map(path => relative(root, path));
const corpusArgs = ['--format', 'json', '--failure-threshold', 'none', ...corpus];

function row(name: string, bin: string) {
  const single = sample([bin, oneFile], runs);
  const whole = sample([bin, ...corpusArgs], corpusRuns);
  const reports = JSON.parse(timedRun([bin, ...corpusArgs]).stdout).length;
  if (reports !== corpus.length) throw new Error(`${name}: ${reports} reports for ${corpus.length} files`);
  return `| ${name} | ${spread(single)} | ${spread(whole)} |`;
}

const buildSeconds = seconds(() =>
  execFileSync('yarn', ['backstage-cli', 'package', 'build'], { cwd: packageDir, stdio: 'pipe' }),
);
const built = row('built (backstage-cli package build, a file per module)', packageBin);
const bundleSeconds = seconds(() => execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: packageDir, stdio: 'pipe' }));
const bundled = row('bundled (the tarball: one file, npm packages inlined)', packageBin);
const sources = row('sources (multistage-lint.cjs, transform on load)', sourceBin);
const floor = sample(['-e', ''], runs);

console.log(`bench/lint-cli: Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
console.log(`backstage-cli package build: ${buildSeconds} s; bundle step: ${bundleSeconds} s`);
console.log(`node itself (node -e '', the start-up floor): ${spread(floor)}`);
console.log('');
console.log(`| multistage-lint | one file, ${runs} runs (${oneFile}) | ${corpus.length} files in one run, ${corpusRuns} runs |`);
console.log('|---|---|---|');
[bundled, built, sources].forEach(line => console.log(line));
console.log('');
console.log(`corpus: ${corpus.length} files under ${relative(root, corpusDir)}; targets: one file < 150 ms, corpus < 2000 ms`);
