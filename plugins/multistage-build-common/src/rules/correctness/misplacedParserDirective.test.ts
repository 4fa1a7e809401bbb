import { misplacedParserDirective as rule } from './misplacedParserDirective';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on directives after a comment, a blank line or an instruction', () => {
    expectFindings(
      rule,
      '# Build the API\n# syntax=docker/dockerfile:1\n\n# check=error=true\nFROM alpine:3.20\n# escape=`\nRUN true',
      [
        { line: 2, stage: null, data: { name: 'syntax', value: 'docker/dockerfile:1' } },
        { line: 4, stage: null, data: { name: 'check', value: 'error=true' } },
        { line: 6, stage: 0, data: { name: 'escape', value: '`' } },
      ],
    );
  });

  it('does not fire on directives at the top, or on other comments', () => {
    expectNoFindings(rule, '# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch\n# a comment = not a directive');
    expectNoFindings(rule, '# check=skip=all\nARG BASE=node:22\nFROM ${BASE}');
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=misplaced-parser-directive\n# syntax=docker/dockerfile:1');
  });

  it('fixes by moving the directive to the first line', () => {
    const fixed = expectFixResolves(rule, '# Build the API\n# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\nRUN true\n');
    expect(fixed).toBe('# syntax=docker/dockerfile:1.7\n# Build the API\nFROM alpine:3.20\nRUN true\n');
  });

  it('does not move escape, or a directive already set at the top', () => {
    expect(findingsOf(rule, 'FROM alpine:3.20\n# escape=`\nRUN true').map(f => f.fix)).toEqual([null]);
    expect(
      findingsOf(rule, '# syntax=docker/dockerfile:1\nFROM alpine:3.20\n# syntax=docker/dockerfile:1.7').map(f => f.fix),
    ).toEqual([null]);
  });
});
