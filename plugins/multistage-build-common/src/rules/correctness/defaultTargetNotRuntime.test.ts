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

  it('fires on test, lint, debug and scan stages when the file has a runtime stage', () => {
    expectFindings(rule, 'ARG BASE=node:22\nFROM ${BASE} AS app\nFROM app AS Unit-Test', [
      { line: 3, data: { stage: 'stage "unit-test"', role: 'test', runtime: 'stage "app"' } },
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

  it('does not fire on files with no runtime stage: CI checks, dev environments', () => {
    expectNoFindings(rule, 'ARG BASE=node:22\nFROM ${BASE} AS deps\nFROM deps AS Unit-Test');
    expectNoFindings(rule, 'FROM golang:1.23 AS base\nFROM base AS validate\nRUN go vet ./...\nFROM base AS outdated\nRUN go list -u -m all');
  });

  it('does not fire on files named for development, where compose or the editor picks the target', () => {
    const text = 'FROM node:22-slim AS app\nFROM app AS dev';
    for (const path of ['Dockerfile.dev', 'docker/dev.Dockerfile', '.devcontainer/Dockerfile', 'Dockerfile.development']) {
      expectNoFindings(rule, text, { path });
    }
    expectFindings(rule, text, [{ line: 2, data: { stage: 'stage "dev"', role: 'dev', runtime: 'stage "app"' } }], {
      path: 'services/devices/Dockerfile',
    });
  });

  it('respects ignore comments', () => {
    expectNoFindings(rule, 'FROM alpine:3.20 AS app\n# stagecraft ignore=default-target-not-runtime\nFROM app AS dev');
  });
});
