import { packageUpgrade as rule } from './packageUpgrade';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on apt and apk upgrades', () => {
    expectFindings(rule, 'FROM debian:12\nRUN apt-get update && apt-get -y upgrade\nFROM alpine:3.20\nRUN apk upgrade --no-cache', [
      { line: 2, stage: 0, data: { command: 'apt-get -y upgrade' } },
      { line: 4, stage: 1, data: { command: 'apk upgrade --no-cache' } },
    ]);
    expectFindings(rule, 'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt dist-upgrade -y', [
      { line: 2, data: { command: 'DEBIAN_FRONTEND=noninteractive apt dist-upgrade -y' } },
    ]);
  });

  it('does not fire on installs or updates', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y --only-upgrade openssl\nRUN apk update');
    expectNoFindings(rule, 'FROM scratch\nCOPY x /x');
  });

  it('fires in every stage, with ARG-based images, stage aliases and a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nARG BASE=debian:12\nFROM ${BASE} AS Base\nFROM base AS app\nRUN apt-get `\n  full-upgrade -y', [
      { line: 5, endLine: 6, stage: 1, data: { command: 'apt-get full-upgrade -y' } },
    ], { target: 0 });
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM debian:12\n# stagecraft ignore=package-upgrade\nRUN apt-get upgrade -y');
  });
});
