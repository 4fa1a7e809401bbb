/*
 * bench/analysis: our full analysis (parse + stage graph + every rule) against
 * dockerfile-utils' validate() on the same files in the same process, then a
 * generated 1000-stage file. Prints numbers; asserts nothing.
 *
 *   yarn bench:analysis [DIR...]
 *
 * Without arguments it reads the real-world corpus, the examples and the
 * BuildKit conformance files.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { validate } from 'dockerfile-utils';
import { analyzeDockerfile } from '../plugins/multistage-build-common/src/analysis/analyzeDockerfile';
import { allRules } from '../plugins/multistage-build-common/src/rules';
import { dockerfilesUnder } from './corpus';
import { generateManyStageDockerfile } from './generateDockerfile';

const root = resolve(__dirname, '..');
const defaultDirs = [
  'plugins/multistage-build-common/src/__fixtures__/real-world',
  'examples',
  'plugins/multistage-build-common/src/parser/__fixtures__/buildkit-parser/testfiles',
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (ns: bigint) => Number(ns) / 1e6;

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return ms(process.hrtime.bigint() - start);
}

const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : defaultDirs.map(d => join(root, d));
const isDockerfile = (name: string) => /^Dockerfile/.test(name) || name.endsWith('.Dockerfile');
const files = dockerfilesUnder(dirs.map(d => resolve(d)), isDockerfile).map(path => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));
const rounds = 60;

// Warm both up so the JIT has seen every code path before timing.
for (let i = 0; i < 3; i++) {
  for (const file of files) {
    analyzeDockerfile({ path: file.path, text: file.text });
    validate(file.text);
  }
}

const ours: number[][] = files.map(() => []);
const theirs: number[][] = files.map(() => []);
const oursTotals: number[] = [];
const theirsTotals: number[] = [];
// Each round times one analyser over every file, then the other, alternating
// which goes first: a block per analyser keeps each one paying for its own
// garbage collection rather than the other's.
const analysers = [
  { samples: ours, totals: oursTotals, run: (text: string) => analyzeDockerfile({ path: 'x', text }) },
  { samples: theirs, totals: theirsTotals, run: (text: string) => validate(text) },
];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? analysers : [...analysers].reverse();
  for (const analyser of order) {
    let total = 0;
    files.forEach((file, i) => {
      const t = time(() => analyser.run(file.text));
      analyser.samples[i].push(t);
      total += t;
    });
    analyser.totals.push(total);
  }
}

const findings = files.reduce((n, f) => n + analyzeDockerfile({ path: f.path, text: f.text }).report.findings.length, 0);
const diagnostics = files.reduce((n, f) => n + validate(f.text).length, 0);
const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);

console.log(`bench/analysis: ${files.length} Dockerfiles (${lines} lines) from ${dirs.map(d => relative(root, resolve(d))).join(', ')}`);
console.log(`rules: ${allRules.filter(r => r.enabledByDefault !== false).length} enabled by default (of ${allRules.length}); rounds: ${rounds} (median shown); Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
console.log('');
console.log('| analyser | total per round (ms) | per-file median (ms) | findings |');
console.log('|---|---|---|---|');
const perFileMedian = (samples: number[][]) => median(samples.map(median));
console.log(
  `| stagecraft analyzeDockerfile (parse + graph + default rules) | ${median(oursTotals).toFixed(2)} | ${perFileMedian(ours).toFixed(3)} | ${findings} |`,
);
console.log(
  `| dockerfile-utils validate() | ${median(theirsTotals).toFixed(2)} | ${perFileMedian(theirs).toFixed(3)} | ${diagnostics} |`,
);
console.log('');
// Each round's ratio compares the two in the same stretch of time, which
// cancels most of the drift a shared or throttled machine shows.
const ratios = oursTotals.map((t, i) => t / theirsTotals[i]).sort((a, b) => a - b);
const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
console.log(
  `ratio (ours / dockerfile-utils, per round): median ${median(ratios).toFixed(2)}, p10 ${at(0.1).toFixed(2)}, p90 ${at(0.9).toFixed(2)}`,
);

// 1000 stages is over the default maxStages (500): raised here, as an operator would for such files.
const limits = { maxStages: 2000, maxInstructions: 20000 };
for (const stageCount of [100, 1000]) {
  const text = generateManyStageDockerfile(stageCount);
  analyzeDockerfile({ path: 'generated', text, limits }); // warm-up
  const samples = Array.from({ length: 20 }, () => time(() => analyzeDockerfile({ path: 'generated', text, limits })));
  const report = analyzeDockerfile({ path: 'generated', text, limits }).report;
  console.log(
    `generated ${stageCount}-stage file (${text.split('\n').length} lines, ${report.edges.length} edges, ${report.findings.length} findings): median ${median(samples).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms over 20 runs`,
  );
}
