import { unreachableStage as rule } from './unreachableStage';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on stages the default target does not need', () => {
    expectFindings(
      rule,
      [
        'FROM golang:1.22 AS build',
        'FROM golang:1.22 AS Tools',
        'FROM alpine:3.20',
        'RUN echo unused',
        'FROM scratch AS app',
        'COPY --from=build /out/app /app',
      ].join('\n'),
      [
        { line: 2, stage: 1, data: { stage: 'stage "tools"', target: 'stage "app"', name: 'tools', shadowed: false, bringsAlong: [] } },
        { line: 3, stage: 2, data: { stage: 'stage 2', target: 'stage "app"', name: null, shadowed: false, bringsAlong: [] } },
      ],
    );
  });

  it('judges against the default target even when another target is selected', () => {
    expectFindings(rule, 'FROM node:22 AS test\nFROM node:22-slim AS app', [
      { line: 1, data: { stage: 'stage "test"', target: 'stage "app"', name: 'test', shadowed: false, bringsAlong: [] } },
    ], { target: 'test' });
  });

  it('says no build uses a stage whose name a later stage takes over', () => {
    const findings = expectFindings(
      rule,
      ['FROM alpine:3.20 AS tools', 'FROM alpine:3.20 AS tools', 'FROM scratch AS app', 'COPY --from=tools /x /x'].join('\n'),
      [{ line: 1, stage: 0, data: { stage: 'stage "tools"', target: 'stage "app"', name: 'tools', shadowed: true, bringsAlong: [] } }],
    );
    expect(findings[0].message).toContain('--target tools selects the later stage of that name, so no build uses it');
  });

  it('does not fire on stages reached by FROM, COPY --from (by index too) or mounts', () => {
    expectNoFindings(
      rule,
      [
        'ARG BASE=node:22',
        'FROM ${BASE} AS base',
        'FROM base AS deps',
        'FROM alpine:3.20',
        'FROM scratch AS assets',
        'FROM deps',
        'COPY --from=2 /etc/alpine-release /r',
        'RUN --mount=type=bind,from=ASSETS,target=/a true',
      ].join('\n'),
    );
  });

  it('respects ignore comments', () => {
    expectNoFindings(rule, '# stagecraft ignore=unreachable-stage\nFROM node:22 AS old\nFROM node:22-slim');
  });

  it('reports one finding per unreachable chain, naming the stages it pulls in', () => {
    const findings = expectFindings(
      rule,
      [
        'FROM node:22 AS dev-base',
        'RUN npm i -g nodemon',
        'FROM dev-base AS dev',
        'FROM node:22-slim AS app',
      ].join('\n'),
      [
        {
          line: 3,
          stage: 1,
          data: { stage: 'stage "dev"', target: 'stage "app"', name: 'dev', shadowed: false, bringsAlong: ['stage "dev-base"'] },
        },
      ],
    );
    expect(findings[0].message).toContain('(nor stage "dev-base", which only it needs)');
  });

  it('does not fire on stages a variable FROM or --from can select with a build arg', () => {
    expectNoFindings(
      rule,
      [
        'ARG VARIANT=debian',
        'ARG TOOLS=tools-a',
        'FROM node:22 AS base-debian',
        'FROM node:22-alpine AS base-alpine',
        'FROM alpine:3.20 AS tools-a',
        'FROM alpine:3.20 AS tools-b',
        'FROM base-${VARIANT}',
        'COPY --from=${TOOLS} /x /x',
      ].join('\n'),
    );
  });
});
