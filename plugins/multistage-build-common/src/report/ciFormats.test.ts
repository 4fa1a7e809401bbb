/*
 * The CI formats on one report set: a file with findings of every severity,
 * a file that does not parse, and a clean file; exact outputs.
 */
import type { AnalysisReport } from '../analysis/types';
import { formatCheckstyle } from './formatCheckstyle';
import { formatGithub } from './formatGithub';
import { formatGitlab } from './formatGitlab';
import { formatJunit } from './formatJunit';
import { escapeXml } from './problemsOf';

const finding = (line: number, severity: 'error' | 'warning' | 'info', rule: string, message: string) => ({
  rule, severity, line, endLine: line, stage: 0, message, alsoKnownAs: null, fix: null,
});
const report = (path: string, parts: Partial<AnalysisReport>): AnalysisReport => ({
  path, stages: [], edges: [], defaultTarget: null, parallelGroups: [], findings: [], parseErrors: [], ...parts,
});
const reports = [
  report('svc/Dockerfile', {
    findings: [
      finding(2, 'error', 'undefined-stage', 'COPY --from=biuld names "biuld"; did you mean "build"?'),
      finding(4, 'warning', 'root-final-stage', 'the image runs as root, 100% of the time <here>\nsecond line'),
      finding(5, 'info', 'json-args-recommended', 'JSON arguments recommended for CMD'),
    ],
  }),
  report('a, b: c/Dockerfile', { parseErrors: [{ line: 2, message: 'ENV must have two arguments' }] }),
  report('clean/Dockerfile', {}),
];

describe('CI formats', () => {
  it('checkstyle: a file element per Dockerfile, an error per problem, XML escaped', () => {
    expect(formatCheckstyle(reports)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="svc/Dockerfile">',
        '    <error line="2" column="1" severity="error" message="COPY --from=biuld names &quot;biuld&quot;; did you mean &quot;build&quot;?" source="stagecraft.undefined-stage"/>',
        '    <error line="4" column="1" severity="warning" message="the image runs as root, 100% of the time &lt;here&gt;\nsecond line" source="stagecraft.root-final-stage"/>',
        '    <error line="5" column="1" severity="info" message="JSON arguments recommended for CMD" source="stagecraft.json-args-recommended"/>',
        '  </file>',
        '  <file name="a, b: c/Dockerfile">',
        '    <error line="2" column="1" severity="error" message="ENV must have two arguments" source="stagecraft.parse-error"/>',
        '  </file>',
        '  <file name="clean/Dockerfile">',
        '  </file>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
  });

  it('drops the control characters XML 1.0 cannot carry, even escaped', () => {
    expect(escapeXml('a\u0001b\u001f & "c"\n')).toBe('ab &amp; &quot;c&quot;\n');
  });

  it('junit: failures at or above the threshold, the rest passing with their text, a passing case for a clean file', () => {
    const xml = formatJunit(reports, { failureThreshold: 'warning' });
    expect(xml).toContain('<testsuites name="multistage-lint" tests="5" failures="3" errors="0">');
    expect(xml).toContain('<testsuite name="svc/Dockerfile" tests="3" failures="2" errors="0" skipped="0">');
    expect(xml).toContain(
      '<testcase name="undefined-stage (line 2)" classname="svc/Dockerfile"><failure type="error" message="COPY --from=biuld names &quot;biuld&quot;; did you mean &quot;build&quot;?">svc/Dockerfile:2 error undefined-stage: COPY --from=biuld names &quot;biuld&quot;; did you mean &quot;build&quot;?</failure></testcase>',
    );
    expect(xml).toContain(
      '<testcase name="json-args-recommended (line 5)" classname="svc/Dockerfile"><system-out>svc/Dockerfile:5 info json-args-recommended: JSON arguments recommended for CMD</system-out></testcase>',
    );
    expect(xml).toContain('<testcase name="no problems" classname="clean/Dockerfile"/>');
    // With the threshold at error, the warning passes.
    expect(formatJunit(reports, { failureThreshold: 'error' })).toContain('tests="5" failures="2"');
  });

  it('gitlab: Code Quality issues with GitLab severities and fingerprints stable across line moves', () => {
    const issues = JSON.parse(formatGitlab(reports));
    expect(issues.map((i: any) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['undefined-stage', 'critical', 'svc/Dockerfile', 2],
      ['root-final-stage', 'major', 'svc/Dockerfile', 4],
      ['json-args-recommended', 'info', 'svc/Dockerfile', 5],
      ['parse-error', 'critical', 'a, b: c/Dockerfile', 2],
    ]);
    expect(new Set(issues.map((i: any) => i.fingerprint)).size).toBe(4);
    for (const issue of issues) expect(issue.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const moved = JSON.parse(formatGitlab([report('svc/Dockerfile', { findings: [finding(9, 'error', 'undefined-stage', reports[0].findings[0].message)] })]));
    expect(moved[0].fingerprint).toBe(issues[0].fingerprint);
  });

  it('github: one workflow command per problem, data and properties escaped', () => {
    expect(formatGithub(reports)).toBe(
      [
        '::error file=svc/Dockerfile,line=2,title=undefined-stage::COPY --from=biuld names "biuld"; did you mean "build"?',
        '::warning file=svc/Dockerfile,line=4,title=root-final-stage::the image runs as root, 100%25 of the time <here>%0Asecond line',
        '::notice file=svc/Dockerfile,line=5,title=json-args-recommended::JSON arguments recommended for CMD',
        '::error file=a%2C b%3A c/Dockerfile,line=2,title=parse-error::ENV must have two arguments',
        '',
      ].join('\n'),
    );
    expect(formatGithub([report('clean/Dockerfile', {})])).toBe('');
  });
});
