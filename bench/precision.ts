/*
 * bench/precision: how often the analyser's findings are right on real
 * Dockerfiles (the real-world corpus), by verdicts that people (or review
 * sessions) gave after reading each sampled finding in its file.
 *
 *   yarn bench:precision sample [--seed N] [--fresh] [--warnings N] [--infos N] [--out FILE]
 *                                   write the sample, each finding with its context (--fresh: unjudged ones only)
 *   yarn bench:precision                                  print precision per rule and severity
 *
 * Verdicts live in bench/precision/judged.tsv (bench/precision/verdicts.ts):
 * judge 1's verdict counts; where a second judge judged the same finding
 * independently, the two are compared (agreement and Cohen's kappa).
 * Precision is right / judged: "debatable" (true but of little value, or
 * what the authors meant) does not count as right. A verdict whose finding
 * the analyser no longer reports is listed as gone, not counted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { corpusFindings, type CorpusFinding } from './precision/findings';
import { sampleFindings } from './precision/sample';
import { readVerdicts, type Verdict, type VerdictKind } from './precision/verdicts';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const quota = { error: 30, warning: Number(option('--warnings', '100')), info: Number(option('--infos', '60')) };


function context(f: CorpusFinding): string {
  const from = Math.max(1, f.line - 4);
  const to = Math.min(f.lines.length, f.endLine + 2);
  const shown = [];
  for (let n = from; n <= to; n++) {
    const mark = n >= f.line && n <= f.endLine ? '>' : ' ';
    shown.push(`${mark}${String(n).padStart(5)} | ${f.lines[n - 1]}`);
  }
  return shown.join('\n');
}

function writeSample() {
  const seed = Number(option('--seed', '12'));
  const out = resolve(option('--out', join(__dirname, '../.cache/precision/sample.md')));
  // --fresh: only findings nobody judged yet, for a further round on a changed analyser.
  const judged = new Set(readVerdicts().map(v => v.key));
  const findings = corpusFindings().filter(f => !process.argv.includes('--fresh') || !judged.has(f.key));
  const sample = sampleFindings(findings, quota, seed);
  const text = sample
    .map(
      (f, i) =>
        `## ${i + 1}. ${f.key}\n\n- severity: ${f.severity}\n- rule: ${f.rule} (docs/rules/${f.rule}.md)\n` +
        `- file: plugins/multistage-build-common/src/__fixtures__/real-world/${f.file}/Dockerfile\n` +
        `- stages: ${f.stageNames.map((n, s) => `${s}:${n ?? '(unnamed)'}`).join(', ')}\n` +
        `- message: ${f.message}\n\n\`\`\`\n${context(f)}\n\`\`\`\n`,
    )
    .join('\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `# Sample (seed ${seed}, ${sample.length} of ${findings.length} findings)\n\n${text}`);
  console.log(`wrote ${sample.length} findings (of ${findings.length}) to ${out}`);
  for (const severity of Object.keys(quota)) {
    console.log(`  ${severity}: ${sample.filter(f => f.severity === severity).length} sampled of ${findings.filter(f => f.severity === severity).length}`);
  }
}

const pct = (n: number, d: number) => (d === 0 ? '   -' : `${((100 * n) / d).toFixed(0).padStart(3)}%`);

function tally(verdicts: VerdictKind[]) {
  const count = (k: VerdictKind) => verdicts.filter(v => v === k).length;
  return { judged: verdicts.length, right: count('right'), debatable: count('debatable'), wrong: count('wrong') };
}

function row(label: string, verdicts: VerdictKind[]): string {
  const t = tally(verdicts);
  return `${label.padEnd(30)} ${String(t.judged).padStart(6)} ${String(t.right).padStart(6)} ${String(t.debatable).padStart(9)} ${String(
    t.wrong,
  ).padStart(6)}  ${pct(t.right, t.judged)}`;
}

/** Cohen's kappa for two judges' verdicts on the same findings. */
function kappa(pairs: [VerdictKind, VerdictKind][]): number {
  const kinds: VerdictKind[] = ['right', 'debatable', 'wrong'];
  const n = pairs.length;
  const observed = pairs.filter(([a, b]) => a === b).length / n;
  const expected = kinds.reduce(
    (sum, k) => sum + (pairs.filter(([a]) => a === k).length / n) * (pairs.filter(([, b]) => b === k).length / n),
    0,
  );
  return expected === 1 ? 1 : (observed - expected) / (1 - expected);
}

function report() {
  const findings = new Map(corpusFindings().map(f => [f.key, f]));
  const verdicts = readVerdicts();
  const judges = [...new Set(verdicts.map(v => v.judge))].sort();
  const primary = judges[0];
  const counted = verdicts.filter(v => v.judge === primary && findings.has(v.key));
  const gone = verdicts.filter(v => v.judge === primary && !findings.has(v.key));
  const header = `${''.padEnd(30)} ${'judged'.padStart(6)} ${'right'.padStart(6)} ${'debatable'.padStart(9)} ${'wrong'.padStart(6)}  precision`;

  console.log(`bench/precision: ${findings.size} findings on the corpus; ${counted.length} judged by ${primary ?? 'nobody'}\n`);
  console.log(header);
  for (const severity of ['error', 'warning', 'info']) {
    console.log(row(severity, counted.filter(v => findings.get(v.key)!.severity === severity).map(v => v.verdict)));
  }
  console.log(
    row('warning + error', counted.filter(v => findings.get(v.key)!.severity !== 'info').map(v => v.verdict)),
  );
  console.log(`\nper rule (severity now)\n${header}`);
  const rules = [...new Set(counted.map(v => findings.get(v.key)!.rule))].sort();
  for (const rule of rules) {
    const ofRule = counted.filter(v => findings.get(v.key)!.rule === rule);
    console.log(row(`${rule} (${findings.get(ofRule[0].key)!.severity})`, ofRule.map(v => v.verdict)));
  }
  const wrong = counted.filter(v => v.verdict === 'wrong');
  if (wrong.length > 0) {
    console.log('\nwrong:');
    for (const v of wrong) console.log(`  ${v.key} (${findings.get(v.key)!.severity}): ${v.reason}`);
  }
  if (gone.length > 0) console.log(`\n${gone.length} judged findings are no longer reported (not counted).`);

  for (const other of judges.slice(1)) {
    const second = new Map(verdicts.filter(v => v.judge === other).map(v => [v.key, v] as const));
    const pairs = counted
      .filter(v => second.has(v.key))
      .map(v => [v.verdict, (second.get(v.key) as Verdict).verdict] as [VerdictKind, VerdictKind]);
    if (pairs.length === 0) continue;
    const same = pairs.filter(([a, b]) => a === b).length;
    const rightAgree = pairs.filter(([a, b]) => (a === 'right') === (b === 'right')).length;
    console.log(
      `\n${other} judged ${pairs.length} of the same findings independently: same verdict ${pct(same, pairs.length).trim()} ` +
        `(Cohen's kappa ${kappa(pairs).toFixed(2)}); same on right vs not right ${pct(rightAgree, pairs.length).trim()}`,
    );
    const second1 = tally(pairs.map(([, b]) => b));
    console.log(`  ${other}'s own precision on those: ${pct(second1.right, second1.judged).trim()} right, ${second1.wrong} wrong`);
  }
}

if (process.argv[2] === 'sample') writeSample();
else report();
