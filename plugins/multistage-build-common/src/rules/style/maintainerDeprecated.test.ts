import { maintainerDeprecated as rule } from './maintainerDeprecated';
import { expectFindings, expectFixResolves, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on MAINTAINER, in any stage', () => {
    expectFindings(
      rule,
      'FROM alpine:3.20 AS build\nMAINTAINER Jane <jane@example.com>\nFROM scratch\nMAINTAINER ops',
      [
        { line: 2, stage: 0, data: { maintainer: 'Jane <jane@example.com>' } },
        { line: 4, stage: 1, data: { maintainer: 'ops' } },
      ],
    );
  });

  it('does not fire on the authors label', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane"');
  });

  it('reports the whole instruction across continuation lines', () => {
    expectFindings(rule, 'FROM alpine:3.20\nMAINTAINER Jane \\\n  Doe', [
      { line: 2, endLine: 3, data: { maintainer: 'Jane   Doe' } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=maintainer-deprecated\nMAINTAINER Jane');
  });

  it('fixes to a label that keeps the value', () => {
    const fixed = expectFixResolves(rule, 'FROM alpine:3.20\nMAINTAINER Jane "J" Doe\nRUN true');
    expect(fixed).toBe('FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane \\"J\\" Doe"\nRUN true');
  });
});
