import { jsonArgsRecommended as rule } from './jsonArgsRecommended';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on shell-form CMD and ENTRYPOINT in every stage', () => {
    expectFindings(
      rule,
      'FROM node:22 AS dev\nCMD npm run dev\nFROM node:22-slim\nENTRYPOINT node server.js',
      [
        { line: 2, stage: 0, data: { keyword: 'CMD' } },
        { line: 4, stage: 1, data: { keyword: 'ENTRYPOINT' } },
      ],
    );
  });

  it('does not fire on the exec form', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nENTRYPOINT ["node"]\nCMD ["server.js"]');
  });

  it('does not fire once SHELL is in force, in the stage or one it is built FROM', () => {
    expectNoFindings(rule, 'FROM node:22\nSHELL ["/bin/bash", "-c"]\nCMD npm start');
    expectNoFindings(rule, 'FROM node:22 AS Base\nSHELL ["/bin/bash", "-c"]\nFROM BASE\nCMD npm start');
    expectFindings(rule, 'FROM node:22\nCMD npm start\nSHELL ["/bin/bash", "-c"]', [
      { line: 2, data: { keyword: 'CMD' } },
    ]);
  });

  it('fixes a plain command to the exec form', () => {
    expect(expectFixResolves(rule, 'FROM node:22-slim\nCMD node --enable-source-maps server.js')).toBe(
      'FROM node:22-slim\nCMD ["node", "--enable-source-maps", "server.js"]',
    );
    expect(expectFixResolves(rule, 'FROM node:22-slim\ncmd exec node \\\n  server.js')).toBe(
      'FROM node:22-slim\ncmd ["node", "server.js"]',
    );
  });

  it('fixes ENTRYPOINT only when no CMD would start being passed to it', () => {
    expect(expectFixResolves(rule, 'FROM scratch\nCOPY app /app\nENTRYPOINT /app --serve')).toBe(
      'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app", "--serve"]',
    );
    expect(findingsOf(rule, 'FROM alpine:3.20\nENTRYPOINT /app\nCMD ["--help"]')[0].fix).toBeNull();
    expect(
      findingsOf(rule, 'FROM alpine:3.20 AS base\nENTRYPOINT /app\nFROM base\nCMD ["--help"]')[0].fix,
    ).toBeNull();
  });

  it('does not fire on commands that need the shell, which the exec form cannot express', () => {
    const text = [
      'FROM alpine:3.20',
      'CMD ./start.sh && tail -f /dev/null',
      'CMD echo $HOME',
      'CMD exec "my app"',
      'CMD PORT=80 ./server',
      'CMD cd /app',
    ].join('\n');
    expect(findingsOf(rule, text)).toEqual([]);
  });

  it('works with ARG-based images and a Windows escape (backslashes are not split safely)', () => {
    expectFindings(rule, 'ARG BASE=node:22\nFROM ${BASE}\nCMD npm start', [
      { line: 3, data: { keyword: 'CMD' } },
    ]);
    // A backslash is shell syntax here, so a Windows path is not judged.
    const windows = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD C:\\app\\run.exe';
    expect(findingsOf(rule, windows)).toEqual([]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=json-args-recommended\nCMD npm start');
  });
});
