/*
 * bench/workspace-typing: what the Dockerfile view does on each keystroke.
 * Replays typing the last lines of real Dockerfiles character by character
 * and times the in-browser re-analysis (the same function the editor calls:
 * parse, stage graph, every default rule, critical path). Target: median
 * under 16 ms (one frame) for files up to 300 lines. Prints numbers; asserts nothing.
 *
 *   yarn bench:typing [--lines N]   (N: lines typed per file, default 3)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeInBrowser } from '../plugins/multistage-build/src/analysis/analyzeInBrowser';
import { dockerfilesUnder } from './corpus';

const root = resolve(__dirname, '..');
const typedLines = Number(process.argv[process.argv.indexOf('--lines') + 1]) || 3;
const corpus = dockerfilesUnder([resolve(root, 'plugins/multistage-build-common/src/__fixtures__/real-world'), resolve(root, 'examples')], name =>
  /dockerfile/i.test(name),
);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** A 300-line file: real files joined until 300 lines, their stages renamed apart. */
function threeHundredLines(): string {
  const lines: string[] = [];
  let n = 0;
  for (const file of corpus) {
    const text = readFileSync(file, 'utf8').replace(/\bAS\s+([A-Za-z0-9_.-]+)/gi, (_m, name) => `AS ${name}-${n}`);
    n += 1;
    for (const line of text.split('\n')) if (lines.length < 300) lines.push(line);
    if (lines.length >= 300) break;
  }
  return lines.join('\n');
}

function replay(text: string): number[] {
  const lines = text.split('\n');
  const keep = lines.slice(0, Math.max(0, lines.length - typedLines)).join('\n');
  const typed = lines.slice(-typedLines).join('\n');
  const times: number[] = [];
  let current = keep;
  for (const ch of `\n${typed}`) {
    current += ch;
    const start = performance.now();
    analyzeInBrowser({ path: 'Dockerfile', text: current });
    times.push(performance.now() - start);
  }
  return times;
}

const groups: Record<string, number[]> = { '1-100 lines': [], '101-200 lines': [], '201-300 lines': [], 'generated 300 lines': [] };
// Warm the JIT the way a page is warm after its first analysis.
for (const file of corpus.slice(0, 20)) replay(readFileSync(file, 'utf8'));
let files = 0;
for (const file of corpus) {
  const text = readFileSync(file, 'utf8');
  const count = text.split('\n').length;
  if (count > 300) continue;
  files += 1;
  const group = count <= 100 ? '1-100 lines' : count <= 200 ? '101-200 lines' : '201-300 lines';
  groups[group].push(...replay(text));
}
for (let i = 0; i < 5; i++) groups['generated 300 lines'].push(...replay(threeHundredLines()));

console.log(`Re-analysis per keystroke, replaying the last ${typedLines} lines of ${files} real Dockerfiles typed one character at a time`);
console.log('group                  keystrokes   median      p95      max');
for (const [group, times] of Object.entries(groups)) {
  if (times.length === 0) continue;
  const fmt = (v: number) => `${v.toFixed(2)} ms`.padStart(9);
  console.log(`${group.padEnd(22)} ${String(times.length).padStart(10)} ${fmt(percentile(times, 50))} ${fmt(percentile(times, 95))} ${fmt(Math.max(...times))}`);
}
