/*
 * The judged file, bench/precision/judged.tsv: one verdict per line,
 * `key <TAB> judge <TAB> verdict <TAB> reason`, where verdict is right,
 * debatable or wrong, and judge names who judged (judge 1 is the verdict
 * that counts; a second judge's verdicts measure agreement).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type VerdictKind = 'right' | 'debatable' | 'wrong';

export interface Verdict {
  key: string;
  judge: string;
  verdict: VerdictKind;
  reason: string;
}

export const judgedFile = join(__dirname, 'judged.tsv');
const kinds = new Set<string>(['right', 'debatable', 'wrong']);

export function readVerdicts(path = judgedFile): Verdict[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('#'))
    .map((line, i) => {
      const [key, judge, verdict, reason = ''] = line.split('\t');
      if (!key || !judge || !kinds.has(verdict)) {
        throw new Error(`${path}:${i + 1}: expected key, judge, right|debatable|wrong and a reason, got "${line}"`);
      }
      return { key, judge, verdict: verdict as VerdictKind, reason };
    });
}
