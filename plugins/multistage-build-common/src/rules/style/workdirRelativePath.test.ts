import { workdirRelativePath as rule } from './workdirRelativePath';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on every relative WORKDIR with no absolute one before it', () => {
    expectFindings(rule, 'FROM node:22\nWORKDIR app\nWORKDIR src\nWORKDIR /srv\nWORKDIR www', [
      { line: 2, stage: 0, data: { path: 'app' } },
      { line: 3, stage: 0, data: { path: 'src' } },
    ]);
  });

  it('does not fire after an absolute WORKDIR, also one inherited through FROM', () => {
    expectNoFindings(rule, 'FROM node:22\nWORKDIR /app\nWORKDIR src');
    expectNoFindings(rule, 'FROM node:22 AS Base\nWORKDIR "/app"\nFROM base\nWORKDIR src');
  });

  it('does not count an absolute WORKDIR in a stage it only copies from', () => {
    expectFindings(
      rule,
      'FROM node:22 AS build\nWORKDIR /app\nFROM node:22-slim\nCOPY --from=0 /app /app\nWORKDIR app',
      [{ line: 5, stage: 1, data: { path: 'app' } }],
    );
  });

  it('does not judge paths that start with a variable', () => {
    expectNoFindings(rule, 'FROM node:22\nWORKDIR $HOME/app\nWORKDIR src');
  });

  it('accepts Windows absolute paths', () => {
    const base = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022';
    expectNoFindings(rule, `${base}\nWORKDIR C:\\app\nWORKDIR \\tools`);
    expectFindings(rule, `${base}\nWORKDIR app`, [{ line: 3, data: { path: 'app' } }]);
  });

  it('checks every stage, ARG-based ones included, whatever the target', () => {
    expectFindings(rule, 'ARG BASE=node:22\nFROM ${BASE} AS dev\nWORKDIR app\nFROM node:22-slim', [
      { line: 3, stage: 0, data: { path: 'app' } },
    ]);
  });

  it('fixes only the first WORKDIR of a lineage that starts from scratch', () => {
    expect(expectFixResolves(rule, 'FROM scratch\nWORKDIR ./app\nCOPY app .')).toBe(
      'FROM scratch\nWORKDIR /app\nCOPY app .',
    );
    expect(findingsOf(rule, 'FROM node:22\nWORKDIR app')[0].fix).toBeNull();
    expect(findingsOf(rule, 'FROM scratch\nWORKDIR app\nWORKDIR bin').map(f => f.fix === null)).toEqual([
      false,
      true,
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=workdir-relative-path\nWORKDIR app');
  });
});
