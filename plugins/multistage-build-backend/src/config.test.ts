import { ConfigReader } from '@backstage/config';
import { readMultistageBuildConfig } from './config';

const read = (multistageBuild: object) => readMultistageBuildConfig(new ConfigReader({ multistageBuild }));

describe('readMultistageBuildConfig', () => {
  it('reads per-rule severity overrides', () => {
    expect(
      read({ analysis: { rules: { 'unpinned-base-image': 'error', 'missing-healthcheck': 'off' } } })
        .severityOverrides,
    ).toEqual({ 'unpinned-base-image': 'error', 'missing-healthcheck': 'off' });
    expect(read({}).severityOverrides).toEqual({});
  });

  it('refuses an unknown rule id or level, naming the config path', () => {
    expect(() => read({ analysis: { rules: { 'no-such-rule': 'off' } } })).toThrow(
      'multistageBuild.analysis.rules.no-such-rule: there is no rule "no-such-rule" (see docs/rules/README.md)',
    );
    expect(() => read({ analysis: { rules: { 'maintainer-deprecated': 'fatal' } } })).toThrow(
      'multistageBuild.analysis.rules.maintainer-deprecated: must be one of error, warning, info, off, got "fatal"',
    );
  });
});
