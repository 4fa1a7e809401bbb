import { copyEntireStage as rule } from './copyEntireStage';
import { stageLabel } from '../shared/stageLabel';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const build = stageLabel({ name: 'build', index: 0 });
const node = 'FROM golang:1.23 AS Build\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/dist/server .\n';

describe(rule.id, () => {
  it('fires on copying the build workdir', () => {
    expectFindings(rule, `${node}FROM node:22-slim\nCOPY --from=build /app /app`, [
      { line: 6, stage: 1, data: { source: build, path: '/app', what: 'working directory /app' } },
    ]);
    expectFindings(rule, `${node}FROM node:22-slim\nCOPY --from=BUILD /app/ ./`, [
      { line: 6, data: { source: build, path: '/app/', what: 'working directory /app' } },
    ]);
  });

  it('fires on copying the stage root, also by index', () => {
    expectFindings(rule, `${node}FROM node:22-slim\nCOPY --from=0 . /srv`, [
      { line: 6, data: { source: build, path: '.', what: 'filesystem' } },
    ]);
  });

  it('does not fire on artifacts or on scratch export stages', () => {
    expectNoFindings(rule, `${node}FROM node:22-slim\nCOPY --from=build /app/dist /app/dist`);
    expectNoFindings(
      rule,
      `${node}FROM scratch AS out\nCOPY --from=build /app/dist /dist\nFROM nginx:1.27\nCOPY --from=out / /usr/share/nginx/html`,
    );
  });

  it('does not fire on images named in --from', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nCOPY --from=nginx:1.27 / /nginx');
  });

  it('ignores stages the target does not need', () => {
    const text = `${node}FROM node:22 AS tools\nCOPY --from=build /app /app\nFROM node:22-slim AS app\nCOPY --from=build /app/dist /dist`;
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 6, data: { source: build, path: '/app', what: 'working directory /app' } }], {
      target: 'tools',
    });
  });

  it('resolves ARG-based --from values and works with a Windows escape character', () => {
    expectFindings(rule, `# escape=\`\nARG SRC=build\n${node}FROM node:22-slim\nCOPY --from=\${SRC} \`\n  /app /app`, [
      { line: 8, endLine: 9, data: { source: build, path: '/app', what: 'working directory /app' } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, `${node}FROM node:22-slim\n# stagecraft ignore=copy-entire-stage\nCOPY --from=build /app /app`);
  });

  it('does not fire on helper images copied whole, or when the target is a scratch export', () => {
    expectNoFindings(
      rule,
      'FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx\nFROM golang:1.23 AS build\nCOPY --from=xx / /\nFROM alpine:3.20\nCOPY --from=xx / /\nCMD ["sh"]',
    );
    expectNoFindings(rule, 'FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /src /');
  });

  it('does not fire on interpreted applications, which run from their prepared workdir', () => {
    expectNoFindings(rule, 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nFROM node:22-slim\nCOPY --from=build /app /app');
    expectNoFindings(rule, 'FROM python:3.12 AS app\nWORKDIR /app\nRUN pip install .\nFROM gcr.io/distroless/python3\nCOPY --from=app / /');
  });

  it('does not fire on a workdir the build filled with its outputs only', () => {
    expectNoFindings(
      rule,
      'FROM swift:6.0 AS build\nWORKDIR /build\nCOPY . .\nRUN swift build -c release\nWORKDIR /staging\nRUN cp /build/.build/release/App ./\nFROM ubuntu:24.04\nCOPY --from=build /staging /app',
    );
  });
});
