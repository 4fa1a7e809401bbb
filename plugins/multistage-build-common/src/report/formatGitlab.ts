/*
 * GitLab Code Quality (a JSON array, the CodeClimate subset GitLab reads):
 * merge requests then show each problem at its line. A fingerprint names a
 * problem across pipelines, so it is made from the file, rule and message,
 * not the line, which moves when lines are added above it.
 */
import type { AnalysisReport } from '../analysis/types';
import type { Severity } from '../rules/types';
import { problemsOf } from './problemsOf';

const gitlabSeverity: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'info' };

/** FNV-1a, twice with different offsets: a stable 64-bit hex digest without Node's crypto (this package runs in browsers). */
function fingerprint(text: string): string {
  const fnv = (offset: number) => {
    let hash = offset;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return fnv(0x811c9dc5) + fnv(0x050c5d1f);
}

export function formatGitlab(reports: AnalysisReport[]): string {
  const seen = new Map<string, number>();
  const issues = problemsOf(reports).map(p => {
    // The same problem twice in a file (two identical lines) still needs two fingerprints.
    const key = `${p.path}\u0000${p.rule}\u0000${p.message}`;
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return {
      type: 'issue',
      check_name: p.rule,
      description: p.message,
      categories: ['Bug Risk'],
      severity: gitlabSeverity[p.severity],
      fingerprint: fingerprint(`${key}\u0000${nth}`),
      location: { path: p.path, lines: { begin: p.line } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
