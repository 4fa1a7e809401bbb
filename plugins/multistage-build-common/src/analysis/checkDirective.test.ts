import { analyzeDockerfile } from './analyzeDockerfile';
import { parseCheckOptions } from './checkDirective';

const casing = 'FROM alpine:3.20 as Build\nMAINTAINER someone\nEXPOSE 80\nCMD echo hi';
const rulesOf = (text: string, buildArgs?: Record<string, string>) =>
  analyzeDockerfile({ path: 'Dockerfile', text, buildArgs }).report.findings.map(f => `${f.rule}:${f.severity}`);

describe('the check directive', () => {
  it('parses as BuildKit ParseLintOptions does', () => {
    expect(parseCheckOptions('skip=FromAsCasing, StageNameCasing ;error=true')).toEqual({
      skipAll: false,
      skip: new Set(['FromAsCasing', 'StageNameCasing']),
      errorOnWarning: true,
    });
    expect(parseCheckOptions(' skip=all ').skipAll).toBe(true);
    expect(parseCheckOptions('error=T;experimental=all').errorOnWarning).toBe(true);
    expect(() => parseCheckOptions('skip')).toThrow('invalid check option "skip"');
    expect(() => parseCheckOptions('ignore=x')).toThrow('invalid check option "ignore"');
    expect(() => parseCheckOptions('error=yes')).toThrow('failed to parse check option "error=yes"');
  });

  it('skips the rules whose BuildKit names are listed, and leaves the others', () => {
    const found = rulesOf(`# check=skip=FromAsCasing,MaintainerDeprecated\n${casing}`);
    expect(found).not.toContain('from-as-casing:info');
    expect(found).not.toContain('maintainer-deprecated:info');
    expect(found).toContain('stage-name-casing:info');
    expect(found).toContain('json-args-recommended:info');
  });

  it('skips every BuildKit-named rule with skip=all, and nothing without a BuildKit name', () => {
    const found = rulesOf(`# check=skip=all\n${casing}`);
    expect(found.filter(f => /casing|maintainer|json-args/.test(f))).toEqual([]);
    expect(found).toContain('root-final-stage:info');
  });

  it('makes findings of BuildKit-named rules errors with error=true', () => {
    const found = rulesOf(`# check=error=true\n${casing}`);
    expect(found).toContain('from-as-casing:error');
    expect(found).toContain('json-args-recommended:error');
    expect(found).toContain('root-final-stage:info');
  });

  it('lets the BUILDKIT_DOCKERFILE_CHECK build arg replace the directive', () => {
    const found = rulesOf(`# check=error=true\n${casing}`, { BUILDKIT_DOCKERFILE_CHECK: 'skip=FromAsCasing' });
    expect(found).not.toContain('from-as-casing:error');
    expect(found).toContain('stage-name-casing:info');
  });

  it('reports an invalid directive as a parse error on its line, and keeps the rest of the report', () => {
    const { report } = analyzeDockerfile({ path: 'Dockerfile', text: `# check=skip\n${casing}` });
    expect(report.parseErrors).toEqual([{ line: 1, message: 'invalid check option "skip"' }]);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('gives way to a severity the caller sets', () => {
    const { report } = analyzeDockerfile({
      path: 'Dockerfile',
      text: `# check=skip=all\n${casing}`,
      severityOverrides: { 'from-as-casing': 'warning' },
    });
    expect(report.findings.filter(f => f.rule === 'from-as-casing').map(f => f.severity)).toEqual(['warning']);
  });
});

describe('hadolint pragmas', () => {
  it('silence the mapped rules for the next instruction', () => {
    const text = 'FROM alpine:3.20\n# hadolint ignore=DL4000,DL3008\nMAINTAINER someone\nMAINTAINER again';
    const lines = analyzeDockerfile({ path: 'Dockerfile', text }).report.findings
      .filter(f => f.rule === 'maintainer-deprecated')
      .map(f => f.line);
    expect(lines).toEqual([4]);
  });

  it('silence the mapped rules everywhere with global ignore', () => {
    const text = 'FROM alpine\nMAINTAINER someone';
    // unpinned-base-image is off by default: give it a severity so there is something to silence.
    const withBaseImageRule = (file: string) =>
      analyzeDockerfile({ path: 'Dockerfile', text: file, severityOverrides: { 'unpinned-base-image': 'info' } })
        .report.findings.map(f => f.rule);
    expect(withBaseImageRule(text)).toEqual(expect.arrayContaining(['unpinned-base-image', 'maintainer-deprecated']));
    const rules = withBaseImageRule(`# hadolint global ignore=DL3006,dl4000\n${text}`);
    expect(rules).not.toContain('unpinned-base-image');
    expect(rules).not.toContain('maintainer-deprecated');
  });
});
