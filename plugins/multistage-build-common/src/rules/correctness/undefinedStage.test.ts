import { undefinedStage as rule } from './undefinedStage';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on COPY --from and mount from= naming no stage', () => {
    expectFindings(
      rule,
      [
        'FROM golang:1.22 AS build',
        'RUN go build -o /out/app .',
        'FROM alpine:3.20',
        'COPY --from=builder /out/app /app',
        'RUN --mount=type=bind,from=bulid,target=/src ls /src',
      ].join('\n'),
      [
        { line: 4, stage: 1, data: { where: 'COPY --from=builder', name: 'builder', suggestion: 'build' } },
        { line: 5, stage: 1, data: { where: 'RUN --mount=...,from=bulid', name: 'bulid', suggestion: 'build' } },
      ],
    );
  });

  it('fires on FROM with a word that reads like a stage name', () => {
    expectFindings(rule, 'FROM node:22 AS deps\nFROM builder AS test\nRUN npm test', [
      { line: 2, stage: 1, data: { where: 'FROM builder', name: 'builder', suggestion: null } },
    ]);
    expectFindings(rule, 'FROM node:22 AS assets-build\nFROM assets-buld', [
      { line: 2, data: { where: 'FROM assets-buld', name: 'assets-buld', suggestion: 'assets-build' } },
    ]);
  });

  it('does not fire on stages, images, scratch or a bare image in FROM', () => {
    expectNoFindings(
      rule,
      [
        'FROM ubuntu AS base',
        'FROM base AS build',
        'FROM nginx AS nginx',
        'FROM scratch',
        'COPY --from=BUILD /a /a',
        'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
        'COPY --from=ghcr.io/acme/tools /bin/tool /bin/tool',
        'COPY --from=0 /etc/os-release /os-release',
      ].join('\n'),
    );
  });

  it('expands global ARGs first and skips values with unset variables', () => {
    expectFindings(rule, 'ARG SRC=biuld\nFROM golang:1.22 AS build\nFROM scratch\nCOPY --from=${SRC} /a /a\nCOPY --from=$NOPE /b /b', [
      { line: 4, data: { where: 'COPY --from=${SRC}', name: 'biuld', suggestion: 'build' } },
    ]);
    expectNoFindings(rule, 'ARG BASE=node:22\nFROM ${BASE} AS app\nFROM scratch\nCOPY --from=${BASE} /a /a');
  });

  it('leaves a later stage named in FROM to forward-stage-reference', () => {
    expectNoFindings(rule, 'FROM builder AS app\nFROM golang:1.22 AS builder');
  });

  it('treats a numeric --from past the last stage as undefined', () => {
    expectFindings(rule, 'FROM alpine:3.20\nCOPY --from=3 /a /a', [
      { line: 2, data: { where: 'COPY --from=3', name: '3', suggestion: null } },
    ]);
  });

  it('judges stages the target does not need too (the build fails regardless)', () => {
    expectFindings(
      rule,
      'FROM alpine:3.20 AS tools\nCOPY --from=compiler /x /x\nFROM alpine:3.20 AS app',
      [{ line: 2, stage: 0, data: { where: 'COPY --from=compiler', name: 'compiler', suggestion: null } }],
      { target: 'app' },
    );
  });

  it('works with a Windows escape character and is silenced by an ignore comment', () => {
    expectFindings(rule, '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --from=builder C:\\a C:\\a', [
      { line: 3, data: { where: 'COPY --from=builder', name: 'builder', suggestion: null } },
    ]);
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=undefined-stage\nCOPY --from=builder /a /a');
  });

  it('does not judge names that can be a named build context or a locally built image', () => {
    // docker buildx build --build-context electric-telemetry=../telemetry
    expectNoFindings(rule, 'FROM elixir:1.18 AS builder\nCOPY --from=electric-telemetry / /builder/telemetry');
    expectNoFindings(rule, 'ARG BUILD_IMAGE=tensorrtserver_build\nFROM ${BUILD_IMAGE} AS build\nFROM ubuntu:24.04\nCOPY --from=${BUILD_IMAGE} /a /a');
  });
});
