import { stageCycle as rule } from './stageCycle';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('reports a circle once, at the FROM of its first stage', () => {
    expectFindings(
      rule,
      [
        'FROM alpine:3.20 AS a',
        'COPY --from=c /x /x',
        'FROM alpine:3.20 AS b',
        'COPY --from=a /y /y',
        'FROM b AS c',
        'FROM alpine:3.20',
      ].join('\n'),
      [{ line: 1, stage: 0, data: { cycle: ['a', 'c', 'b', 'a'] } }],
    );
  });

  it('reports a stage that copies from itself, by index for an unnamed stage', () => {
    expectFindings(rule, 'FROM alpine:3.20\nCOPY --from=0 /a /b\nFROM alpine:3.20 AS app', [
      { line: 1, stage: 0, data: { cycle: ['0', '0'] } },
    ]);
  });

  it('follows mounts and case-insensitive names; separate circles are separate findings', () => {
    expectFindings(
      rule,
      [
        'FROM alpine:3.20 AS Build',
        'RUN --mount=type=bind,from=test,target=/t true',
        'FROM alpine:3.20 AS test',
        'COPY --from=BUILD /a /a',
        'FROM alpine:3.20 AS x',
        'COPY --from=x /a /b',
      ].join('\n'),
      [
        { line: 1, data: { cycle: ['build', 'test', 'build'] } },
        { line: 5, data: { cycle: ['x', 'x'] } },
      ],
    );
  });

  it('reports circles among stages the target does not need (BuildKit rejects the file)', () => {
    expectFindings(rule, 'FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\nCOPY --from=a /x /x\nFROM scratch AS app', [
      { line: 1, data: { cycle: ['a', 'b', 'a'] } },
    ], { target: 'app' });
  });

  it('does not fire on a plain chain, images or ARG-based references', () => {
    expectNoFindings(
      rule,
      'ARG BASE=node:22\nFROM ${BASE} AS deps\nFROM deps AS build\nCOPY --from=deps /a /a\nFROM scratch\nCOPY --from=build /b /b\nCOPY --from=nginx:1 /c /c',
    );
    expectNoFindings(rule, '# stagecraft ignore=stage-cycle\nFROM alpine:3.20 AS a\nCOPY --from=a /x /y');
  });
});
