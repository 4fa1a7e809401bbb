import { aptInstallRecommends as rule } from './aptInstallRecommends';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on apt installs without --no-install-recommends in the shipped image', () => {
    expectFindings(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCMD ["curl"]', [
      { line: 2, stage: 0, data: { command: 'apt-get install -y curl' } },
    ]);
    expectFindings(rule, 'FROM ubuntu:24.04\nRUN apt update \\\n && DEBIAN_FRONTEND=noninteractive apt install -y \\\n    tini\nCMD ["tini"]', [
      { line: 2, endLine: 4, data: { command: 'DEBIAN_FRONTEND=noninteractive apt install -y tini' } },
    ]);
  });

  it('judges the stages the shipped image is built FROM, not build stages', () => {
    const text = [
      'FROM debian:12 AS build',
      'RUN apt-get update && apt-get install -y build-essential',
      'FROM debian:12-slim AS base',
      'RUN apt-get update && apt-get install -y libssl3',
      'FROM base',
      'COPY --from=build /out /app',
      'CMD ["/app"]',
    ].join('\n');
    expectFindings(rule, text, [{ line: 4, stage: 1, data: { command: 'apt-get install -y libssl3' } }]);
  });

  it('does not fire with the flag, the option, or apt configuration in the lineage', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\nCMD ["curl"]');
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\nCMD ["curl"]');
    const configured = [
      'FROM debian:12 AS base',
      `RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommends`,
      'FROM base',
      'RUN apt-get update && apt-get install -y curl',
      'CMD ["curl"]',
    ].join('\n');
    expectNoFindings(rule, configured);
    expectNoFindings(rule, 'FROM debian:12\nCOPY apt.conf /etc/apt/apt.conf.d/\nRUN apt-get install -y curl\nCMD ["curl"]');
  });

  it('leaves alone what it cannot judge: no packages, a variable, aptitude, a target that does not ship', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN dpkg -i x.deb || apt-get install -f -y\nCMD ["x"]');
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get install -y $PACKAGES\nCMD ["x"]');
    expectNoFindings(rule, 'FROM debian:12\nRUN aptitude install -y curl\nCMD ["x"]');
    expectNoFindings(rule, 'FROM debian:12 AS test\nRUN apt-get install -y curl\nRUN make test');
  });

  it('fixes a single install written on one line', () => {
    expect(expectFixResolves(rule, 'FROM debian:12\nRUN apt-get update && \\\n  apt-get install -y curl\nCMD ["curl"]')).toBe(
      'FROM debian:12\nRUN apt-get update && \\\n  apt-get install --no-install-recommends -y curl\nCMD ["curl"]',
    );
  });

  it('offers no fix when the text is not a single plain install', () => {
    const cases = [
      'FROM debian:12\nRUN apt-get install -y curl && apt-get install -y git\nCMD ["x"]',
      'FROM debian:12\nRUN apt-get \\\n  install -y curl\nCMD ["x"]',
      'FROM debian:12\nRUN ["sh", "-c", "apt-get install -y curl"]\nCMD ["x"]',
    ];
    for (const text of cases) expect(findingsOf(rule, text).every(f => f.fix === null)).toBe(true);
    expect(findingsOf(rule, cases[0])).toHaveLength(2);
  });

  it('reports the same install in two shell branches once', () => {
    const text = 'FROM debian:12\nRUN if [ -n "$X" ]; then apt-get install -y curl; else apt-get install -y curl; fi\nCMD ["x"]';
    expectFindings(rule, text, [{ line: 2, data: { command: 'apt-get install -y curl' } }]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM debian:12\n# stagecraft ignore=apt-install-recommends\nRUN apt-get install -y curl\nCMD ["x"]');
  });
});
