import { stageNameCasing as rule } from './stageNameCasing';
import { expectFindings, expectFixResolves, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on each FROM whose stage name is not lowercase', () => {
    expectFindings(rule, 'FROM golang:1.22 AS Builder\nFROM alpine:3.20 as runTime\nFROM scratch AS out', [
      { line: 1, stage: 0, data: { name: 'Builder' } },
      { line: 2, stage: 1, data: { name: 'runTime' } },
    ]);
  });

  it('does not fire on lowercase or unnamed stages', () => {
    expectNoFindings(rule, 'FROM golang:1.22 AS build-env_2\nFROM alpine:3.20\nCOPY --from=0 /x /x');
  });

  it('lower-cases the name and every reference to it, and nothing else', () => {
    const text = [
      'FROM golang:1.22 AS Builder',
      'RUN go build -o /out/app',
      'FROM BUILDER AS Test',
      'RUN --mount=type=bind,from=builder,target=/src echo Builder',
      'FROM alpine:3.20',
      'COPY --from=Builder /out/app /app',
      'COPY --from=0 /out/app /app2',
    ].join('\n');
    expect(expectFixResolves(rule, text)).toBe(
      [
        'FROM golang:1.22 AS builder',
        'RUN go build -o /out/app',
        'FROM builder AS test',
        'RUN --mount=type=bind,from=builder,target=/src echo Builder',
        'FROM alpine:3.20',
        'COPY --from=builder /out/app /app',
        'COPY --from=0 /out/app /app2',
      ].join('\n'),
    );
  });

  it('fixes names across continuation lines and in Windows escape files', () => {
    expect(
      expectFixResolves(rule, 'FROM golang:1.22 \\\n  AS Build\nFROM alpine:3.20\nCOPY --from=BUILD /a /a'),
    ).toBe('FROM golang:1.22 \\\n  AS build\nFROM alpine:3.20\nCOPY --from=build /a /a');
    expect(
      expectFixResolves(rule, '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS Base'),
    ).toBe('# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS base');
  });

  it('checks stages the target does not need and ARG-based ones', () => {
    expectFindings(
      rule,
      'ARG BASE=node:22\nFROM ${BASE} AS Dev\nFROM node:22-slim AS app',
      [{ line: 2, stage: 0, data: { name: 'Dev' } }],
      { target: 'app' },
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=stage-name-casing\nFROM golang:1.22 AS Builder');
  });
});
