/*
 * The human format: one line per problem, `file:line severity rule: message`,
 * which terminals and editors turn into links, then a count per file.
 */
import type { AnalysisReport } from '../analysis/types';

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatText(reports: AnalysisReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    for (const error of report.parseErrors) {
      out.push(`${report.path}:${error.line} error parse-error: ${error.message}`);
    }
    for (const finding of report.findings) {
      const aka = finding.alsoKnownAs ? ` [${finding.alsoKnownAs}]` : '';
      const fix = finding.fix ? ' (fix available)' : '';
      out.push(
        `${report.path}:${finding.line} ${finding.severity} ${finding.rule}: ${finding.message}${aka}${fix}`,
      );
    }
    const count = (severity: string) => report.findings.filter(f => f.severity === severity).length;
    const summary = report.parseErrors.length > 0
      ? `${plural(report.parseErrors.length, 'parse error')}, ${plural(report.findings.length, 'finding')}`
      : `${report.stages.length === 1 ? '1 stage' : plural(report.stages.length, 'stage')}, ` +
        `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
    out.push(`${report.path}: ${summary}`);
  }
  return `${out.join('\n')}\n`;
}
