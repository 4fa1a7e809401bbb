/*
 * bench/fuzz: the full fuzz run (the test suite runs a small seeded sample).
 * Feeds random and mutated Dockerfiles to the analyser (and the converter)
 * and checks every report's invariants; then grows single constructs, and hostile
 * inputs (many stages, stage chains, doubling ARGs, long lines, deep nesting),
 * 1x..16x and prints time and heap per input byte, which must stay flat for the
 * analyser to be linear (inputs past a limit are refused, and must be refused fast).
 *
 *   yarn bench:fuzz [INPUTS] [SEED]      (defaults: 100000 inputs, seed 1)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeDockerfile } from '../plugins/multistage-build-common/src/analysis/analyzeDockerfile';
import { checkReportInvariants } from '../plugins/multistage-build-common/src/analysis/__testUtils__/checkReportInvariants';
import { AnalysisLimitError } from '../plugins/multistage-build-common/src/limits/analysisLimits';
import {
  adversarialInputs,
  growingInputs,
  mutateDockerfile,
  randomDockerfile,
  seededRandom,
} from '../plugins/multistage-build-common/src/analysis/__testUtils__/fuzzInputs';
import { convertToMultiStage } from '../plugins/multistage-build-common/src/convert/convertToMultiStage';
import { applyFixes } from '../plugins/multistage-build-common/src/fixes/applyFixes';
import { dockerfilesUnder } from './corpus';

const root = resolve(__dirname, '..');
const inputs = Number(process.argv[2] ?? 100000);
const seed = Number(process.argv[3] ?? 1);

const corpusDirs = [
  'plugins/multistage-build-common/src/parser/__fixtures__/buildkit-parser',
  'plugins/multistage-build-common/src/__fixtures__/real-world',
  'examples',
]
  .map(d => join(root, d));
const corpus = dockerfilesUnder(corpusDirs, name => name === 'Dockerfile').map(p => readFileSync(p, 'utf8'));


const random = seededRandom(seed);
let failures = 0;
let findings = 0;
let parseErrorReports = 0;
let fixesApplied = 0;
const started = Date.now();
for (let i = 0; i < inputs; i++) {
  const text =
    i % 2 === 0
      ? randomDockerfile(random, 1 + Math.floor(random() * 40))
      : mutateDockerfile(random, corpus[Math.floor(random() * corpus.length)]);
  try {
    const { report } = analyzeDockerfile({ path: 'Dockerfile', text });
    const converted = convertToMultiStage({ text });
    if (!converted.ok && !converted.reason) throw new Error('conversion refused without a reason');
    findings += report.findings.length;
    if (report.parseErrors.length > 0) parseErrorReports++;
    for (const finding of report.findings) {
      if (finding.fix) {
        applyFixes(text, [finding.fix]);
        fixesApplied++;
      }
    }
    const problems = checkReportInvariants(report, text);
    if (problems.length > 0) {
      failures++;
      if (failures <= 5) console.log(`input ${i}: ${problems.join('; ')}\n  ${JSON.stringify(text).slice(0, 400)}`);
    }
  } catch (e) {
    failures++;
    if (failures <= 5) console.log(`input ${i} threw: ${(e as Error).stack}\n  ${JSON.stringify(text).slice(0, 400)}`);
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(`bench/fuzz: ${inputs} inputs (seed ${seed}, corpus ${corpus.length} files) in ${seconds.toFixed(1)} s`);
console.log(`  reports with parse errors: ${parseErrorReports}; findings: ${findings}; fixes applied: ${fixesApplied}`);
console.log(`  failures (threw or broke an invariant): ${failures}`);

/** One analysis, or the time it takes to refuse one over a limit. */
function analyseOrRefuse(text: string): 'analysed' | 'refused' {
  try {
    analyzeDockerfile({ path: 'x', text });
    return 'analysed';
  } catch (e) {
    if (e instanceof AnalysisLimitError) return 'refused';
    throw e;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
/**
 * Per input byte, as one construct grows 1x..16x: the median time of nine
 * runs (one garbage collection must not read as growth) and the heap the
 * analysis holds when it ends (collected before each run; needs --expose-gc).
 */
function growthTable(title: string, inputs: Record<string, (size: number) => string>) {
  console.log(`\n${title}`);
  console.log('| construct | µs/byte 1x | 2x | 4x | 8x | 16x | 16x / 1x | heap bytes/byte 1x | 16x | outcome at 16x |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, make] of Object.entries(inputs)) {
    let outcome = 'analysed';
    const rows = [250, 500, 1000, 2000, 4000].map(size => {
      const text = make(size);
      outcome = analyseOrRefuse(text);
      const runs: number[] = [];
      let heap = 0;
      for (let i = 0; i < 9; i++) {
        gc?.();
        const before = process.memoryUsage().heapUsed;
        const t = process.hrtime.bigint();
        analyseOrRefuse(text);
        runs.push(Number(process.hrtime.bigint() - t) / 1e3 / text.length);
        heap = Math.max(heap, process.memoryUsage().heapUsed - before);
      }
      return { time: runs.sort((a, b) => a - b)[4], heap: heap / text.length };
    });
    const time = rows.map(r => r.time.toFixed(3));
    console.log(
      `| ${name} | ${time.join(' | ')} | ${(rows[4].time / rows[0].time).toFixed(2)} | ` +
        `${gc ? rows[0].heap.toFixed(0) : 'n/a'} | ${gc ? rows[4].heap.toFixed(0) : 'n/a'} | ${outcome} |`,
    );
  }
}
growthTable('linearity: one construct grows (flat = linear)', growingInputs);
growthTable('hostile inputs: flat = linear; past a limit, refused as fast', adversarialInputs);
process.exitCode = failures > 0 ? 1 : 0;
