import { fromAsCasing as rule } from './fromAsCasing';
import { expectFindings, expectFixResolves, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires when AS does not match the case of FROM', () => {
    expectFindings(
      rule,
      'FROM golang:1.22 as build\nfrom alpine:3.20 AS test\nFROM scratch As out\nFROM build AS final',
      [
        { line: 1, stage: 0, data: { from: 'FROM', as: 'as' } },
        { line: 2, stage: 1, data: { from: 'from', as: 'AS' } },
        { line: 3, stage: 2, data: { from: 'FROM', as: 'As' } },
      ],
    );
  });

  it('does not fire on matching case, a mixed-case FROM, or an unnamed stage', () => {
    expectNoFindings(
      rule,
      'FROM golang:1.22 AS build\nfrom alpine:3.20 as test\nFrom scratch as out\nFROM build',
    );
  });

  it('rewrites AS in the case of FROM', () => {
    expect(expectFixResolves(rule, 'FROM golang:1.22 as build\nfrom alpine:3.20 AS as')).toBe(
      'FROM golang:1.22 AS build\nfrom alpine:3.20 as as',
    );
  });

  it('fixes across continuation lines, after flags and ARG-based images', () => {
    expect(
      expectFixResolves(rule, 'ARG BASE=golang:1.22\nFROM --platform=$BUILDPLATFORM ${BASE} \\\n  as build'),
    ).toBe('ARG BASE=golang:1.22\nFROM --platform=$BUILDPLATFORM ${BASE} \\\n  AS build');
  });

  it('works in Windows escape files', () => {
    expect(
      expectFixResolves(rule, '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022 `\n  as base'),
    ).toBe('# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022 `\n  AS base');
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=from-as-casing\nFROM golang:1.22 as build');
  });
});
