import { runLint, type LintIo } from './runLint';
import type { AnalysisReport } from '../analysis/types';

const files: Record<string, string> = {
  'clean/Dockerfile': 'FROM alpine:3.20 AS build\nRUN echo hi > /out\nFROM scratch\nCOPY --from=build /out /out\n',
  'old/Dockerfile': 'FROM alpine:3.20\nMAINTAINER Jane\n',
  'broken/Dockerfile': 'FROM alpine:3.20\nENV PATH\n',
  'binary/Dockerfile': 'FROM alpine:3.20\n\u0000\u0001',
  'hub/Dockerfile': 'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM quay.io/org/base:1\nMAINTAINER Jane\nCOPY --from=build /app /app\n',
  '.hadolint.yaml': 'ignored:\n  - DL4000\n  - DL3008\ntrustedRegistries:\n  - docker.io\nfailure-threshold: warning\n',
  'severity.yaml': 'severity:\n  maintainer-deprecated: error\n',
  'bad-key.yaml': 'ignored: [DL4000]\nlabel-schema:\n  author: text\n',
  'bad-rule.yaml': 'override:\n  error:\n    - no-such-rule\n',
  'bad-yaml.yaml': 'ignored: [DL4000\n',
  'huge/Dockerfile': Array.from({ length: 501 }, (_, i) => `FROM alpine:3.20 AS s${i}`).join('\n'),
};

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: LintIo = {
    readFile: path => {
      if (!(path in files)) throw new Error('no such file');
      return files[path];
    },
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
    toolVersion: '0.0.0-test',
  };
  const code = runLint(argv, io);
  return { code, stdout, stderr };
}

describe('runLint', () => {
  it('prints the report array as JSON, one report per file in the order given', () => {
    const { code, stdout } = run(['--format', 'json', 'old/Dockerfile', 'clean/Dockerfile']);
    const reports: AnalysisReport[] = JSON.parse(stdout);

    expect(code).toBe(0);
    expect(reports.map(r => r.path)).toEqual(['old/Dockerfile', 'clean/Dockerfile']);
    expect(Object.keys(reports[0]).sort()).toEqual(
      ['defaultTarget', 'edges', 'findings', 'parallelGroups', 'parseErrors', 'path', 'stages'].sort(),
    );
    expect(reports[0].findings.map(f => [f.rule, f.line, f.severity])).toContainEqual([
      'maintainer-deprecated',
      2,
      'info',
    ]);
    expect(reports[1].edges).toEqual([{ from: 0, to: 1, kind: 'copy' }]);
  });

  it('follows the failure threshold', () => {
    expect(run(['old/Dockerfile']).code).toBe(0);
    expect(run(['--failure-threshold', 'info', 'old/Dockerfile']).code).toBe(1);
    expect(run(['--failure-threshold=none', 'broken/Dockerfile']).code).toBe(0);
  });

  it('reports unreadable and unparsable files without stopping the others', () => {
    const { code, stdout } = run(['--format=json', 'missing/Dockerfile', 'broken/Dockerfile', 'clean/Dockerfile']);
    const reports: AnalysisReport[] = JSON.parse(stdout);

    expect(code).toBe(1);
    expect(reports[0].parseErrors).toEqual([
      { line: 1, message: 'cannot read missing/Dockerfile: no such file' },
    ]);
    expect(reports[1].parseErrors).toEqual([{ line: 2, message: 'ENV must have two arguments' }]);
    expect(reports[2].parseErrors).toEqual([]);
    expect(reports[2].stages).toHaveLength(2);
  });

  it('refuses a binary file with a clear error in its report', () => {
    const { code, stdout } = run(['--format=json', 'binary/Dockerfile', 'clean/Dockerfile']);
    const reports: AnalysisReport[] = JSON.parse(stdout);

    expect(code).toBe(1);
    expect(reports[0].parseErrors).toEqual([
      { line: 1, message: 'binary/Dockerfile is not a text file (it contains NUL bytes)' },
    ]);
    expect(reports[1].parseErrors).toEqual([]);
  });

  it('reports a file over the analysis limits as an error at its line, and lints the others', () => {
    const { code, stdout } = run(['huge/Dockerfile', 'old/Dockerfile']);
    expect(code).toBe(1);
    expect(stdout).toContain('huge/Dockerfile:501 error parse-error: not analysed: line 501: more than 500 stages (limit maxStages)');
    expect(stdout).toContain('old/Dockerfile:2');
  });

  it('prints file:line severity rule: message in text form', () => {
    const { stdout } = run(['old/Dockerfile', 'broken/Dockerfile']);

    expect(stdout).toContain('old/Dockerfile:2 info maintainer-deprecated: MAINTAINER is deprecated');
    expect(stdout).toContain('broken/Dockerfile:2 error parse-error: ENV must have two arguments');
  });

  it('judges the chosen target and reports an unknown one with the stages there are', () => {
    const { code, stdout } = run(['--format', 'json', '--target', 'nope', 'clean/Dockerfile']);
    const [report]: AnalysisReport[] = JSON.parse(stdout);

    expect(code).toBe(1);
    expect(report.findings).toEqual([]);
    expect(report.parseErrors).toEqual([
      { line: 1, message: '--target: target "nope" is not a stage of this Dockerfile; stages: build, 1' },
    ]);
    expect(run(['--target', 'build', 'clean/Dockerfile']).code).toBe(0);
  });

  it('applies --severity overrides and refuses unknown rules', () => {
    expect(run(['--severity', 'maintainer-deprecated=error', 'old/Dockerfile']).code).toBe(1);
    const { stdout } = run(['--format=json', '--severity=maintainer-deprecated=off', 'old/Dockerfile']);
    expect(JSON.parse(stdout)[0].findings.map((f: { rule: string }) => f.rule)).not.toContain('maintainer-deprecated');
    expect(run(['--severity', 'no-such-rule=off', 'old/Dockerfile'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--severity: there is no rule "no-such-rule"'),
    });
    expect(run(['--severity', 'maintainer-deprecated', 'old/Dockerfile']).stderr).toContain(
      '--severity needs RULE=LEVEL, got "maintainer-deprecated"',
    );
  });

  it('writes the CI formats, with the same exit status as the others', () => {
    for (const [format, start] of [['checkstyle', '<?xml'], ['junit', '<?xml'], ['gitlab', '['], ['github', 'file=old/Dockerfile,line=2,title=maintainer-deprecated::']] as const) {
      const { code, stdout } = run(['--format', format, '--failure-threshold', 'warning', 'old/Dockerfile']);
      expect([format, code, format === 'github' ? stdout.includes(start) : stdout.startsWith(start)]).toEqual([format, 1, true]);
    }
  });

  it('answers a bad command line with exit 2 and says what is wrong', () => {
    expect(run([])).toMatchObject({ code: 2, stderr: expect.stringContaining('no Dockerfile given') });
    expect(run(['--format', 'xml', 'a'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be one of text, json, sarif, checkstyle, junit, gitlab, github, got "xml"'),
    });
    expect(run(['--bogus', 'a']).stderr).toContain('unknown option --bogus');
    expect(run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage:') });
  });

  it('applies a --config file (a .hadolint.yaml as it is): ignored codes, trusted registries, threshold', () => {
    const plain = run(['--format', 'json', 'hub/Dockerfile']);
    expect((JSON.parse(plain.stdout) as AnalysisReport[])[0].findings.map(f => f.rule)).toContain('maintainer-deprecated');

    const { code, stdout, stderr } = run(['--config', '.hadolint.yaml', '--format', 'json', 'hub/Dockerfile']);
    const rules = (JSON.parse(stdout) as AnalysisReport[])[0].findings.map(f => `${f.rule}:${f.line}`);
    expect(rules).not.toContain('maintainer-deprecated:4');
    expect(rules).toContain('untrusted-registry:3');
    expect(rules).not.toContain('untrusted-registry:1');
    // failure-threshold: warning fails on the untrusted registry's warning.
    expect(code).toBe(1);
    expect(stderr).toContain('.hadolint.yaml:3: ignored: DL3008 has no counterpart here; nothing to apply');
  });

  it('lets --severity and --failure-threshold win over the config file', () => {
    expect(run(['--config', 'severity.yaml', 'old/Dockerfile']).code).toBe(1);
    expect(run(['--config', 'severity.yaml', '--severity', 'maintainer-deprecated=info', 'old/Dockerfile']).code).toBe(0);
    expect(run(['--config', '.hadolint.yaml', '--failure-threshold', 'error', 'hub/Dockerfile']).code).toBe(0);
  });

  it('refuses a config file it cannot apply, naming the file, line and key', () => {
    const badKey = run(['--config', 'bad-key.yaml', 'old/Dockerfile']);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('bad-key.yaml:2: "label-schema" is not a setting this tool applies');
    expect(run(['--config', 'bad-rule.yaml', 'old/Dockerfile']).stderr).toContain(
      'bad-rule.yaml:3: override error: there is no rule "no-such-rule"',
    );
    expect(run(['--config', 'bad-yaml.yaml', 'old/Dockerfile']).stderr).toMatch(/bad-yaml\.yaml:\d+: not valid YAML/);
    expect(run(['--config', 'missing.yaml', 'old/Dockerfile']).stderr).toContain('cannot read missing.yaml: no such file');
  });
});
