import { legacyEnvFormat as rule } from './legacyEnvFormat';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on legacy ENV and LABEL in every stage', () => {
    expectFindings(rule, 'FROM node:22 AS build\nENV NODE_ENV production\nFROM scratch\nLABEL version 1.0', [
      { line: 2, stage: 0, data: { keyword: 'ENV' } },
      { line: 4, stage: 1, data: { keyword: 'LABEL' } },
    ]);
  });

  it('does not fire on key=value', () => {
    expectNoFindings(
      rule,
      'FROM node:22\nENV NODE_ENV=production PORT=3000\nLABEL org.opencontainers.image.title="app"',
    );
  });

  it('fixes to key=value, quoting values with blanks', () => {
    expect(
      expectFixResolves(
        rule,
        'FROM node:22\nENV PATH /app/bin:$PATH\nLABEL description Web front end\nenv MSG "hi there"',
      ),
    ).toBe('FROM node:22\nENV PATH=/app/bin:$PATH\nLABEL description="Web front end"\nenv MSG="hi there"');
  });

  it('fixes across continuation lines', () => {
    expect(expectFixResolves(rule, 'FROM node:22\nENV JAVA_OPTS \\\n  -Xmx512m\nRUN true')).toBe(
      'FROM node:22\nENV JAVA_OPTS=-Xmx512m\nRUN true',
    );
  });

  it('leaves values that mix blanks and quotes to a human', () => {
    expect(findingsOf(rule, 'FROM node:22\nENV GREETING "hello" world')[0].fix).toBeNull();
  });

  it('respects a Windows escape directive', () => {
    const text =
      '# escape=`\nARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM ${BASE}\nENV APP_HOME C:\\app';
    expect(expectFixResolves(rule, text)).toBe(
      '# escape=`\nARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM ${BASE}\nENV APP_HOME=C:\\app',
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=legacy-env-format\nENV NODE_ENV production');
  });
});
