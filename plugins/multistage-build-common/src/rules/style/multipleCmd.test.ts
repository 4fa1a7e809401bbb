import { multipleCmd as rule } from './multipleCmd';
import { expectFindings, expectFixResolves, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on every CMD, ENTRYPOINT and HEALTHCHECK a later one overrides', () => {
    expectFindings(
      rule,
      [
        'FROM node:22-slim',
        'CMD ["node", "a.js"]',
        'ENTRYPOINT ["tini", "--"]',
        'HEALTHCHECK NONE',
        'CMD ["node", "b.js"]',
        'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
        'ENTRYPOINT ["/init"]',
        'CMD ["node", "c.js"]',
      ].join('\n'),
      [
        { line: 2, stage: 0, data: { keyword: 'CMD', lastLine: 8 } },
        { line: 3, stage: 0, data: { keyword: 'ENTRYPOINT', lastLine: 7 } },
        { line: 4, stage: 0, data: { keyword: 'HEALTHCHECK', lastLine: 6 } },
        { line: 5, stage: 0, data: { keyword: 'CMD', lastLine: 8 } },
      ],
    );
  });

  it('judges each stage on its own, also ones the target does not need', () => {
    const text =
      'FROM node:22 AS Base\nCMD ["node"]\nFROM BASE\nCMD ["node", "app.js"]\nFROM scratch AS x\nCMD ["a"]\nCMD ["b"]';
    expectFindings(rule, text, [{ line: 6, stage: 2, data: { keyword: 'CMD', lastLine: 7 } }], { target: 1 });
  });

  it('does not fire on one of each', () => {
    expectNoFindings(
      rule,
      'ARG BASE=node:22\nFROM ${BASE}\nENTRYPOINT ["node"]\nCMD ["app.js"]\nHEALTHCHECK NONE',
    );
  });

  it('deletes the overridden instructions, continuation lines included', () => {
    expect(expectFixResolves(rule, 'FROM node:22\nCMD node \\\n  a.js\nRUN true\nCMD ["node", "b.js"]')).toBe(
      'FROM node:22\nRUN true\nCMD ["node", "b.js"]',
    );
  });

  it('works with a Windows escape directive', () => {
    const text =
      '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ["a.exe"]\nCMD ["b.exe"]';
    expectFindings(rule, text, [{ line: 3, data: { keyword: 'CMD', lastLine: 4 } }]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=multiple-cmd\nCMD ["a"]\nCMD ["b"]');
  });
});
