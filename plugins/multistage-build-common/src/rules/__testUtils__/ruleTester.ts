/*
 * The one way rule tests run a rule: through analyzeDockerfile with only that
 * rule, so ignore comments, targets and overrides behave as in production.
 * Expected findings give the rule's own message data, so a test checks the
 * exact text users see (typescript-eslint's RuleTester, hadolint's specs).
 */
import { analyzeDockerfile, type AnalyzeOptions } from '../../analysis/analyzeDockerfile';
import type { Finding } from '../../analysis/types';
import { fixAll } from '../../fixes/applyFixes';
import { parseDockerfile } from '../../parser/parseDockerfile';
import type { Rule } from '../types';

type Options = Omit<AnalyzeOptions, 'path' | 'text' | 'rules'> & { path?: string };

export interface ExpectedFinding<Data> {
  line: number;
  /** Defaults to `line`. */
  endLine?: number;
  /** Omit to skip checking the stage. */
  stage?: number | null;
  data: Data;
}

/** Runs one rule over a Dockerfile; also asserts the file parses, so tests never judge broken input by accident. */
export function findingsOf<Data>(rule: Rule<Data>, text: string, options: Options = {}): Finding[] {
  const { report } = analyzeDockerfile({ path: 'Dockerfile', ...options, text, rules: [rule] });
  expect(report.parseErrors).toEqual([]);
  return report.findings;
}

export function expectFindings<Data>(
  rule: Rule<Data>,
  text: string,
  expected: ExpectedFinding<Data>[],
  options: Options = {},
): Finding[] {
  const findings = findingsOf(rule, text, options);
  expect(
    findings.map(f => ({
      rule: f.rule,
      line: f.line,
      endLine: f.endLine,
      message: f.message,
    })),
  ).toEqual(
    expected.map(e => ({
      rule: rule.id,
      line: e.line,
      endLine: e.endLine ?? e.line,
      message: rule.message(e.data),
    })),
  );
  expected.forEach((e, i) => {
    if (e.stage !== undefined) expect(findings[i].stage).toBe(e.stage);
  });
  return findings;
}

export function expectNoFindings<Data>(rule: Rule<Data>, text: string, options: Options = {}) {
  expect(findingsOf(rule, text, options)).toEqual([]);
}

/**
 * Applies every fix the rule offers until none is left, and asserts the result
 * parses and no longer has the rule's findings. Returns the fixed text.
 */
export function expectFixResolves<Data>(rule: Rule<Data>, text: string, options: Options = {}): string {
  const before = findingsOf(rule, text, options);
  expect(before.length).toBeGreaterThan(0);
  expect(before.every(f => f.fix !== null)).toBe(true);
  const fixed = fixAll({ ...options, text, rules: [rule] }).text;
  expect(parseDockerfile(fixed).errors).toEqual([]);
  expect(findingsOf(rule, fixed, options)).toEqual([]);
  return fixed;
}
