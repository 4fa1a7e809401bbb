import { LintConfigError, parseLintConfig } from './lintConfig';

const ids = ['multiple-cmd', 'unpinned-base-image', 'maintainer-deprecated', 'untrusted-registry'];
const parse = (text: string) => parseLintConfig(text, 'lint.yaml', ids);

describe('parseLintConfig', () => {
  it('reads severities, ignored rules, hadolint overrides, registries and the threshold', () => {
    const config = parse(
      [
        'severity:',
        '  multiple-cmd: error',
        'ignored: [DL4000]',
        'override:',
        '  style: [DL3007]',
        'trustedRegistries: [ghcr.io]',
        'failure-threshold: ignore',
      ].join('\n'),
    );
    expect(config.severityOverrides).toEqual({
      'multiple-cmd': 'error',
      'maintainer-deprecated': 'off',
      'unpinned-base-image': 'info',
    });
    expect(config.trustedRegistries).toEqual(['ghcr.io']);
    expect(config.failureThreshold).toBe('none');
    // DL3007 is `latest` only; the rule also judges no tag.
    expect(config.notes).toEqual(['lint.yaml:5: override style: DL3007 covers part of unpinned-base-image; the whole rule is affected']);
  });

  it('accepts an empty file and says when a hadolint code has no counterpart', () => {
    expect(parse('')).toEqual({ severityOverrides: {}, trustedRegistries: [], notes: [] });
    expect(parse('ignored: [DL3008]').notes).toEqual(['lint.yaml:1: ignored: DL3008 has no counterpart here; nothing to apply']);
  });

  it('refuses what it cannot apply, with the line', () => {
    expect(() => parse('failure-threshold: constructor')).toThrow('lint.yaml:1: failure-threshold: "constructor" is no threshold');
    expect(() => parse('severity:\n  multiple-cmd: toString')).toThrow('lint.yaml:2: severity multiple-cmd: "toString" is no severity');
    expect(() => parse('ignored: DL4000')).toThrow('lint.yaml:1: ignored must be a list');
    expect(() => parse('- a\n- b')).toThrow('lint.yaml:1: the file must be a mapping');
    expect(() => parse('no-fail: true')).toThrow(LintConfigError);
  });
});
