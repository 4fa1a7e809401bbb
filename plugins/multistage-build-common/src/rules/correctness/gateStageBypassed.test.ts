import { gateStageBypassed as rule } from './gateStageBypassed';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on test, lint and scan stages that the target does not need', () => {
    expectFindings(
      rule,
      [
        'FROM node:22 AS build',
        'RUN npm ci && npm run build',
        'FROM build AS test',
        'RUN npm test',
        'FROM build AS lint',
        'RUN npx eslint .',
        'FROM aquasec/trivy:0.50.0 AS scan',
        'RUN trivy filesystem --exit-code 1 /',
        'FROM node:22-slim AS runtime',
        'COPY --from=build /app/dist /app',
      ].join('\n'),
      [
        { line: 3, stage: 1, data: { gate: 'stage "test"', role: 'test', target: 'stage "runtime"' } },
        { line: 5, stage: 2, data: { gate: 'stage "lint"', role: 'lint', target: 'stage "runtime"' } },
        { line: 7, stage: 3, data: { gate: 'stage "scan"', role: 'security', target: 'stage "runtime"' } },
      ],
    );
  });

  it('does not fire on gates the target copies from or mounts, directly or through another stage', () => {
    expectNoFindings(
      rule,
      [
        'ARG BASE=node:22',
        'FROM ${BASE} AS build',
        'RUN npm ci',
        'FROM build AS test',
        'RUN npm test && touch /tested',
        'FROM build AS lint',
        'RUN npx eslint . && touch /linted',
        'FROM build AS dist',
        'COPY --from=test /tested /tmp/tested',
        'RUN --mount=type=bind,from=lint,source=/linted,target=/linted npm run build',
        'FROM scratch',
        'COPY --from=dist /app /app',
      ].join('\n'),
    );
  });

  it('follows the selected target, and skips targets that are gates themselves', () => {
    const text = 'FROM node:22 AS test\nRUN npm test\nFROM node:22 AS app\nFROM app AS debug\nCOPY --from=test /r /r';
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 1, data: { gate: 'stage "test"', role: 'test', target: 'stage "app"' } }], {
      target: 'app',
    });
    expectNoFindings(rule, 'FROM node:22 AS lint\nFROM node:22 AS test', { target: 'test' });
  });

  it('respects ignore comments', () => {
    expectNoFindings(rule, '# stagecraft ignore=gate-stage-bypassed\nFROM node:22 AS test\nFROM scratch');
  });

  it('does not fire on stages that run no check at build time', () => {
    // Tests that run when the container starts, and a scratch bundle of test files.
    expectNoFindings(
      rule,
      [
        'FROM python:3.12 AS test',
        'COPY . /src',
        'CMD ["pytest", "/src"]',
        'FROM scratch AS test-bundle',
        'COPY tests /tests',
        'FROM python:3.12-slim AS app',
        'CMD ["python", "-m", "app"]',
      ].join('\n'),
    );
  });
});
