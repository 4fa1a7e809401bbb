/*
 * JUnit XML, which GitLab, Jenkins, Azure Pipelines and CircleCI show as test
 * results: a test suite per Dockerfile, a test case per problem. Problems at or
 * above the failure threshold are failures; those below pass, with the finding
 * in their output; a file without problems is one passing case.
 */
import type { AnalysisReport } from '../analysis/types';
import { meetsThreshold, type FailureThreshold } from './failureThreshold';
import { escapeXml, problemsOf } from './problemsOf';

export function formatJunit(reports: AnalysisReport[], options: { failureThreshold: FailureThreshold }): string {
  const problems = problemsOf(reports);
  let tests = 0;
  let failures = 0;
  const suites = reports.map(report => {
    const own = problems.filter(p => p.path === report.path);
    const cases = own.map(p => {
      const name = escapeXml(`${p.rule} (line ${p.line})`);
      const text = escapeXml(`${p.path}:${p.line} ${p.severity} ${p.rule}: ${p.message}`);
      if (meetsThreshold(p.severity, options.failureThreshold)) {
        return `    <testcase name="${name}" classname="${escapeXml(p.path)}"><failure type="${p.severity}" message="${escapeXml(p.message)}">${text}</failure></testcase>`;
      }
      return `    <testcase name="${name}" classname="${escapeXml(p.path)}"><system-out>${text}</system-out></testcase>`;
    });
    if (cases.length === 0) cases.push(`    <testcase name="no problems" classname="${escapeXml(report.path)}"/>`);
    const failed = own.filter(p => meetsThreshold(p.severity, options.failureThreshold)).length;
    tests += cases.length;
    failures += failed;
    return [
      `  <testsuite name="${escapeXml(report.path)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="multistage-lint" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
