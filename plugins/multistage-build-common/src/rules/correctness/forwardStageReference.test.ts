import { forwardStageReference as rule } from './forwardStageReference';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires when FROM names a stage defined further down', () => {
    expectFindings(
      rule,
      'FROM node:22-slim AS app\nFROM build AS test\nRUN npm test\nFROM node:22 AS Build\nRUN npm run build',
      [{ line: 2, stage: 1, data: { name: 'build', stageLine: 4 } }],
    );
  });

  it('expands global ARGs', () => {
    expectFindings(rule, 'ARG BASE=deps\nFROM ${BASE}\nFROM node:22 AS deps', [
      { line: 2, data: { name: 'deps', stageLine: 3 } },
    ]);
  });

  it('does not fire on earlier stages, itself, images, scratch or COPY --from', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22 AS deps',
        'FROM deps AS build',
        'FROM nginx AS nginx',
        'FROM scratch',
        'COPY --from=later /a /a',
        'COPY --from=0 /b /b',
        'FROM alpine:3.20 AS later',
      ].join('\n'),
    );
    expectNoFindings(rule, 'ARG BASE=node:22\nFROM ${BASE}\nFROM $UNSET\nFROM node:22 AS x');
  });

  it('fires in stages the target does not need, and respects ignore comments', () => {
    const text = 'FROM runtime AS debug\nFROM alpine:3.20 AS runtime';
    expectFindings(rule, text, [{ line: 1, stage: 0, data: { name: 'runtime', stageLine: 2 } }], { target: 'runtime' });
    expectNoFindings(rule, `# stagecraft ignore=forward-stage-reference\n${text}`);
  });
});
