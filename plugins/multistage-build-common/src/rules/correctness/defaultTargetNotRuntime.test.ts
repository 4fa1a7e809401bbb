import { defaultTargetNotRuntime as rule } from './defaultTargetNotRuntime';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires when the last stage is a dev stage, naming the runtime stage', () => {
    expectFindings(
      rule,
      'FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim AS runtime\nCOPY --from=build /app /app\nFROM build AS dev\nCMD ["npm", "run", "dev"]',
      [{ line: 5, stage: 2, data: { stage: 'stage "dev"', role: 'dev', runtime: 'stage "runtime"' } }],
    );
  });

  it('fires on test, lint, debug and scan stages, even without a runtime stage', () => {
    expectFindings(rule, 'ARG BASE=node:22\nFROM ${BASE} AS deps\nFROM deps AS Unit-Test', [
      { line: 3, data: { stage: 'stage "unit-test"', role: 'test', runtime: null } },
    ]);
    expectFindings(rule, 'FROM alpine:3.20 AS app\nFROM aquasec/trivy:0.50.0 AS scan', [
      { line: 2, data: { stage: 'stage "scan"', role: 'security', runtime: 'stage "app"' } },
    ]);
  });

  it('judges the last stage whatever the target, and follows role overrides', () => {
    const text = 'FROM alpine:3.20 AS app\nFROM app AS debug';
    expectFindings(rule, text, [{ line: 2, data: { stage: 'stage "debug"', role: 'debug', runtime: 'stage "app"' } }], {
      target: 'app',
    });
    expectNoFindings(rule, text, { roleOverrides: { debug: 'runtime' } });
  });

  it('does not fire on a runtime, unnamed or scratch last stage, or a one-stage file', () => {
    expectNoFindings(rule, 'FROM golang:1.22 AS test\nRUN go test ./...\nFROM scratch\nCOPY --from=test /x /x');
    expectNoFindings(rule, 'FROM node:22 AS dev');
    expectNoFindings(rule, 'FROM node:22 AS build\nFROM node:22-slim AS prod');
  });

  it('respects ignore comments', () => {
    expectNoFindings(rule, 'FROM alpine:3.20 AS app\n# stagecraft ignore=default-target-not-runtime\nFROM app AS dev');
  });
});
