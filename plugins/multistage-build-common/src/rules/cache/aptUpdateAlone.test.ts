import { aptUpdateAlone as rule } from './aptUpdateAlone';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on apt-get update without an install', () => {
    expectFindings(rule, 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl', [
      { line: 2, stage: 0, data: { command: 'apt-get update' } },
    ]);
    expectFindings(rule, 'FROM ubuntu:24.04\nRUN apt update -qq && \\\n  echo done', [
      { line: 2, endLine: 3, data: { command: 'apt update -qq' } },
    ]);
  });

  it('does not fire when the same RUN installs or upgrades', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl');
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update \\\n && apt-get dist-upgrade -y');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN apk update');
  });

  it('fixes by merging with the install RUN that follows', () => {
    expect(expectFixResolves(rule, 'FROM debian:12\nRUN apt-get update\n# tools\nRUN apt-get install -y curl\nCMD ["bash"]')).toBe(
      'FROM debian:12\n# tools\nRUN apt-get update && apt-get install -y curl\nCMD ["bash"]',
    );
  });

  it('offers no fix when the merge is not a plain join', () => {
    const cases = [
      'FROM debian:12\nRUN apt-get update\nRUN --network=none apt-get install -y curl',
      'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a \\\n  b',
      'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a || true',
      'FROM debian:12\nRUN apt-get update\nCOPY x /x\nRUN apt-get install -y a',
      'FROM debian:12\nRUN apt-get update',
      'FROM debian:12\nRUN apt-get update # refresh\nRUN apt-get install -y a',
    ];
    for (const text of cases) expect(findingsOf(rule, text).map(f => f.fix)).toEqual([null]);
  });

  it('fires in every stage, with ARG-based images, stage aliases and a Windows escape character', () => {
    const text = '# escape=`\nARG BASE=debian:12\nFROM ${BASE} AS Base\nRUN apt-get update\nFROM base AS app\nRUN apt-get `\n  update\nFROM scratch\nCOPY --from=0 /etc/os-release /';
    expectFindings(rule, text, [
      { line: 4, stage: 0, data: { command: 'apt-get update' } },
      { line: 6, endLine: 7, stage: 1, data: { command: 'apt-get update' } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM debian:12\n# stagecraft ignore=apt-update-alone\nRUN apt-get update');
  });

  it('does not fire when the same RUN installs through a wrapper, a script or inside if/else', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update && xx-apt-get install -y gcc');
    expectNoFindings(rule, 'FROM bitnami/minideb:bookworm\nRUN apt-get update && install_packages curl');
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update && apt-get download libssl3');
    expectNoFindings(
      rule,
      'FROM debian:12\nRUN apt-get update && if [ "$TARGETARCH" = arm64 ]; then apt-get install -y gcc-aarch64-linux-gnu; else apt-get install -y gcc; fi',
    );
  });
});
