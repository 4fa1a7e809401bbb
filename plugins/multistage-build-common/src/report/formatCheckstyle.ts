/*
 * Checkstyle XML, which Jenkins (warnings-ng), reviewdog, SonarQube and many
 * CI dashboards read: one <file> per Dockerfile, one <error> per problem.
 */
import type { AnalysisReport } from '../analysis/types';
import { escapeXml, problemsOf } from './problemsOf';

export function formatCheckstyle(reports: AnalysisReport[]): string {
  const problems = problemsOf(reports);
  const files = reports.map(report => {
    const errors = problems
      .filter(p => p.path === report.path)
      .map(
        p =>
          `    <error line="${p.line}" column="1" severity="${p.severity}" message="${escapeXml(p.message)}" source="stagecraft.${p.rule}"/>`,
      );
    return [`  <file name="${escapeXml(report.path)}">`, ...errors, '  </file>'].join('\n');
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">', ...files, '</checkstyle>', ''].join('\n');
}
