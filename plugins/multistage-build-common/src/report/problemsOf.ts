/*
 * Every problem of a set of reports as one flat list, parse errors first in
 * each file: what the CI formats (checkstyle, JUnit, GitLab, GitHub) write.
 */
import type { AnalysisReport } from '../analysis/types';
import type { Severity } from '../rules/types';

export interface Problem {
  path: string;
  line: number;
  severity: Severity;
  /** The rule id, or `parse-error`. */
  rule: string;
  message: string;
}

export function problemsOf(reports: AnalysisReport[]): Problem[] {
  return reports.flatMap(report => [
    ...report.parseErrors.map(e => ({ path: report.path, line: e.line, severity: 'error' as const, rule: 'parse-error', message: e.message })),
    ...report.findings.map(f => ({ path: report.path, line: f.line, severity: f.severity, rule: f.rule, message: f.message })),
  ]);
}

// Matching control characters is the point here: XML 1.0 forbids them.
// eslint-disable-next-line no-control-regex
const forbiddenInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Text safe inside an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters, even escaped.
    .replace(forbiddenInXml, '');
}
