/*
 * The findings bench/precision judges: every finding of the full analysis
 * (default target, default settings) on every file of the real-world corpus,
 * each with a stable key (`<corpus dir>:<line>:<rule>`) that a verdict refers
 * to, and the file's lines to show it in context.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDockerfile } from '../../plugins/multistage-build-common/src/analysis/analyzeDockerfile';
import type { Finding } from '../../plugins/multistage-build-common/src/analysis/types';

export const corpusDir = join(__dirname, '../../plugins/multistage-build-common/src/__fixtures__/real-world');

export interface CorpusFinding extends Finding {
  key: string;
  file: string;
  lines: string[];
  stageNames: (string | null)[];
}

/** Each corpus directory's path in its repository (SOURCES.tsv), which the analysis is given as the file's path. */
function repositoryPaths(): Map<string, string> {
  const rows = readFileSync(join(corpusDir, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map(row => row.split('\t')).map(([dir, , path]) => [dir, path]));
}

export function corpusFindings(): CorpusFinding[] {
  const found: CorpusFinding[] = [];
  const paths = repositoryPaths();
  const dirs = readdirSync(corpusDir, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort();
  for (const file of dirs) {
    const text = readFileSync(join(corpusDir, file, 'Dockerfile'), 'utf8');
    const { report } = analyzeDockerfile({ path: paths.get(file) ?? 'Dockerfile', text });
    const lines = text.split('\n');
    const stageNames = report.stages.map(s => s.name);
    const seen = new Set<string>();
    for (const finding of report.findings) {
      let key = `${file}:${finding.line}:${finding.rule}`;
      // Two findings of one rule on one line (two URLs in one ADD) get their own keys.
      for (let n = 2; seen.has(key); n++) key = `${file}:${finding.line}:${finding.rule}#${n}`;
      seen.add(key);
      found.push({ ...finding, key, file, lines, stageNames });
    }
  }
  return found;
}
