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

  it('reads build settings with their defaults, refusing bad build-arg names', () => {
    expect(read({}).builds).toEqual({ concurrency: 2, measureStageSizes: true, buildArgs: {}, timeoutSeconds: 3600, maxUnfinishedPerUser: 10, maxUnfinishedPerEntity: 5, stepLogBytes: 1024 * 1024, contextLimits: { maxFiles: 50_000, maxBytes: 1024 ** 3 }, leaseSeconds: 30, claimPollMs: 1000, shutdownGraceSeconds: 20, healthCheckSeconds: 10 });
    expect(read({ builds: { concurrency: 4, timeoutSeconds: 900, buildArgs: { GCC_IMAGE: 'mirror/gcc:12' } } }).builds).toEqual({
      concurrency: 4,
      measureStageSizes: true,
      buildArgs: { GCC_IMAGE: 'mirror/gcc:12' },
      timeoutSeconds: 900,
      maxUnfinishedPerUser: 10,
      maxUnfinishedPerEntity: 5,
      stepLogBytes: 1024 * 1024,
      contextLimits: { maxFiles: 50_000, maxBytes: 1024 ** 3 },
      leaseSeconds: 30,
      claimPollMs: 1000,
      shutdownGraceSeconds: 20,
      healthCheckSeconds: 10,
    });
    expect(() => read({ builds: { timeoutSeconds: 0 } })).toThrow(
      'multistageBuild.builds.timeoutSeconds must be a positive whole number, got 0',
    );
    expect(() => read({ builds: { buildArgs: { 'BAD-NAME': 'x' } } })).toThrow(
      'multistageBuild.builds.buildArgs.BAD-NAME: "BAD-NAME" is not a valid build-arg name',
    );
  });

  it('reads the analytics settings with their defaults, 0 retention days keeping every run', () => {
    expect(read({}).analytics).toEqual({ refreshMinutes: 30, scanRequestsPerSecond: 5, rollupMinutes: 60, retentionDays: 365, visibilityCacheSeconds: 30 });
    expect(read({ analytics: { retentionDays: 0, visibilityCacheSeconds: 0, refreshMinutes: 5 } }).analytics).toMatchObject({
      retentionDays: null,
      visibilityCacheSeconds: 0,
      refreshMinutes: 5,
    });
    expect(() => read({ analytics: { retentionDays: -1 } })).toThrow(
      'multistageBuild.analytics.retentionDays must be a whole number, 0 or more, got -1',
    );
    expect(() => read({ analytics: { scanRequestsPerSecond: 0.5 } })).toThrow(
      'multistageBuild.analytics.scanRequestsPerSecond must be a positive whole number, got 0.5',
    );
  });

  it('refuses an unknown rule id or level, naming the config path', () => {
    expect(() => read({ analysis: { rules: { 'no-such-rule': 'off' } } })).toThrow(
      'multistageBuild.analysis.rules.no-such-rule: there is no rule "no-such-rule" (see docs/rules/README.md)',
    );
    expect(() => read({ analysis: { rules: { 'maintainer-deprecated': 'fatal' } } })).toThrow(
      'multistageBuild.analysis.rules.maintainer-deprecated: must be one of error, warning, info, off, got "fatal"',
    );
  });

  it('reads builders, one `default` at docker.host without them, refusing a bad entry by its path', () => {
    expect(read({ docker: { host: 'tcp://engine:2375' }, builds: { concurrency: 3 } }).builders).toEqual([
      { name: 'default', host: 'tcp://engine:2375', platforms: [], concurrency: 3 },
    ]);
    const builders = [
      { name: 'local', host: 'unix:///var/run/docker.sock', concurrency: 2 },
      { name: 'arm', host: 'tcp://10.0.0.5:2376', tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' }, platforms: ['linux/arm64'] },
    ];
    expect(read({ builders }).builders).toEqual([
      { name: 'local', host: 'unix:///var/run/docker.sock', platforms: [], concurrency: 2, tls: undefined },
      { name: 'arm', host: 'tcp://10.0.0.5:2376', tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' }, platforms: ['linux/arm64'], concurrency: 2 },
    ]);
    expect(() => read({ builders: [] })).toThrow('multistageBuild.builders is empty');
    expect(() => read({ builders: [builders[0], builders[0]] })).toThrow('multistageBuild.builders[1].name: "local" is used twice');
    expect(() => read({ builders: [{ name: 'Bad Name', host: 'unix:///x' }] })).toThrow('multistageBuild.builders[0].name: "Bad Name" must be');
    expect(() => read({ builders: [{ name: 'x', host: 'http://x' }] })).toThrow('multistageBuild.builders[0].host: "http://x" must start with unix:// or tcp://');
    expect(() => read({ builders: [{ name: 'x', host: 'unix:///x', tls: builders[1].tls }] })).toThrow('multistageBuild.builders[0].tls: TLS applies to tcp:// hosts only');
    expect(() => read({ builders: [{ name: 'x', host: 'unix:///x', concurrency: 0 }] })).toThrow('multistageBuild.builders[0].concurrency must be a positive whole number, got 0');
    expect(() => read({ builders: [{ name: 'x', host: 'unix:///x', platforms: ['amd64'] }] })).toThrow('multistageBuild.builders[0].platforms: "amd64" is not an os/arch[/variant] platform');
  });
});
