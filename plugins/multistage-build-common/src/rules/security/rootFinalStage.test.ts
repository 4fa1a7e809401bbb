import { rootFinalStage as rule } from './rootFinalStage';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const noUser = (stage: string) => ({ stage, user: null, userLine: null, expanded: null });

describe(rule.id, () => {
  it('fires on the final FROM when no USER is set', () => {
    expectFindings(rule, 'FROM node:22-slim AS app\nCOPY . /app\nCMD ["node", "/app/server.js"]', [
      { line: 1, stage: 0, data: noUser('stage "app"') },
    ]);
  });

  it('fires when the last USER switches back to root, in any spelling', () => {
    for (const user of ['root', '0', '0:0', 'root:staff']) {
      expectFindings(rule, `FROM node:22-slim\nUSER node\nRUN npm ci\nUSER ${user}`, [
        { line: 1, stage: 0, data: { stage: 'stage 0', user, userLine: 4, expanded: null } },
      ]);
    }
  });

  it('does not fire once a non-root USER is in force', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nUSER root\nRUN npm ci\nUSER node');
    expectNoFindings(rule, 'FROM alpine:3.20\nUSER 65532:65532');
  });

  it('inherits USER from the stage the final stage is built FROM (names are case-insensitive)', () => {
    expectNoFindings(rule, 'FROM node:22-slim AS Base\nUSER node\nFROM BASE\nCMD ["node", "app.js"]');
  });

  it('does not inherit USER through COPY --from, numeric or named', () => {
    expectFindings(rule, 'FROM node:22 AS build\nUSER node\nFROM node:22-slim\nCOPY --from=0 /app /app\nEXPOSE 3000', [
      { line: 3, stage: 1, data: noUser('stage 1') },
    ]);
  });

  it('judges a USER variable by its value in a plain build', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nARG APP_USER=app\nUSER $APP_USER');
    expectNoFindings(rule, 'ARG UID=10001\nFROM alpine:3.20\nARG UID\nUSER ${UID}:${UID}');
    expectNoFindings(rule, 'FROM alpine:3.20\nUSER ${APP_USER:-nobody}');
    expectFindings(rule, 'FROM alpine:3.20\nARG APP_USER\nUSER $APP_USER', [
      { line: 1, data: { stage: 'stage 0', user: '$APP_USER', userLine: 3, expanded: '' } },
    ]);
    expectFindings(rule, 'FROM alpine:3.20\nENV RUN_AS=0\nUSER $RUN_AS', [
      { line: 1, data: { stage: 'stage 0', user: '$RUN_AS', userLine: 3, expanded: '0' } },
    ]);
  });

  it('does not judge a USER variable that only the base image can set', () => {
    // The .NET images set APP_UID in their ENV; this file never declares it.
    expectNoFindings(
      rule,
      'FROM mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled\nWORKDIR /app\nUSER $APP_UID\nENTRYPOINT ["./app"]',
    );
    expectNoFindings(rule, 'FROM alpine:3.20 AS base\nENV APP=1\nFROM base\nUSER ${APP_UID}:${APP}');
    // Declared without a value somewhere in the lineage: empty in a plain build, so root.
    expectFindings(rule, 'FROM alpine:3.20 AS base\nARG APP_UID\nFROM base\nUSER $APP_UID', [
      { line: 3, stage: 1, data: { stage: 'stage 1', user: '$APP_UID', userLine: 4, expanded: '' } },
    ]);
  });

  it('fires on scratch, which runs as uid 0, when the image has something to run', () => {
    expectFindings(
      rule,
      'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]',
      [{ line: 3, stage: 1, data: noUser('stage 1') }],
    );
    expectFindings(rule, 'FROM scratch AS base\nCMD ["/app", "--port", "80"]\nFROM base\nCOPY app /app', [
      { line: 3, stage: 1, data: noUser('stage 1') },
    ]);
  });

  it('does not fire on a scratch stage with nothing to run (a binary export for --output)', () => {
    expectNoFindings(rule, 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch AS binary\nCOPY --from=build /out /');
    expectNoFindings(rule, 'FROM scratch AS unix\nCOPY app /\nFROM unix AS binaries\nLABEL kind=export');
  });

  it('trusts a nonroot base image tag, also through an ARG', () => {
    expectNoFindings(rule, 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app');
    expectNoFindings(rule, 'ARG BASE=gcr.io/distroless/static-debian12:nonroot\nFROM ${BASE}\nCOPY app /app');
    expectFindings(rule, 'ARG BASE=node:22\nFROM ${BASE}\nCOPY app /app\nEXPOSE 80', [
      { line: 2, data: noUser('stage 0') },
    ]);
  });

  it('judges only the selected target', () => {
    const text = 'FROM node:22 AS tools\nRUN npm ci\nEXPOSE 9229\nFROM node:22-slim AS app\nUSER node';
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 1, stage: 0, data: noUser('stage "tools"') }], { target: 'tools' });
  });

  it('does not fire on Windows images, which have no root user', () => {
    const servercore = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app';
    expectNoFindings(rule, servercore);
    expectNoFindings(rule, `${servercore}\nUSER ContainerAdministrator`);
    expectNoFindings(rule, 'FROM mcr.microsoft.com/dotnet/aspnet:9.0-nanoserver-ltsc2022 AS final\nFROM final\nENTRYPOINT ["app"]');
    // The base is hidden behind an ARG without a default, but WORKDIR and SHELL give Windows away.
    expectNoFindings(rule, 'ARG BASE\nFROM ${BASE}\nWORKDIR C:/app\nENTRYPOINT ["app.exe"]');
    expectNoFindings(rule, 'FROM ${BASE}\nSHELL ["powershell", "-Command"]\nENTRYPOINT ["app.exe"]');
  });

  it('still judges Linux images in a file with a Windows escape directive', () => {
    expectFindings(rule, '# escape=`\nFROM debian:12\nWORKDIR /app\nEXPOSE 80\nCMD ["app"]', [{ line: 2, data: noUser('stage 0') }]);
  });

  it('offers no fix, and is silenced by an ignore comment', () => {
    expect(findingsOf(rule, 'FROM node:22\nCMD ["node"]')[0].fix).toBeNull();
    expectNoFindings(rule, '# stagecraft ignore=root-final-stage\nFROM node:22\nCMD ["node"]');
  });

  it('does not fire on bases that already run as non-root: chiseled .NET, distroless nonroot, Chainguard', () => {
    expectNoFindings(rule, 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCOPY app /app\nENTRYPOINT ["dotnet", "/app/app.dll"]');
    expectNoFindings(rule, 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]');
    expectNoFindings(rule, 'FROM cgr.dev/chainguard/static:latest\nCOPY app /app\nENTRYPOINT ["/app"]');
    expectFindings(rule, 'FROM cgr.dev/chainguard/node:latest-dev\nCMD ["node", "app.js"]', [{ line: 1, data: noUser('stage 0') }]);
  });

  it('does not fire on WebAssembly modules', () => {
    expectNoFindings(rule, 'FROM --platform=wasi/wasm scratch\nCOPY app.wasm /\nENTRYPOINT ["/app.wasm"]');
    expectNoFindings(rule, 'FROM scratch\nCOPY target/app.wasm /app.wasm\nENTRYPOINT ["/app.wasm"]');
  });

  it('does not fire when the target is a CI check, a dev environment or a test runner', () => {
    expectNoFindings(rule, 'FROM golang:1.23 AS build\nRUN go build ./...\nFROM golang:1.23 AS validate\nRUN go vet ./...');
    expectNoFindings(rule, 'FROM node:22 AS base\nFROM base AS dev\nCMD ["npm", "run", "dev"]');
    expectNoFindings(rule, 'FROM python:3.12 AS app\nCOPY . /src\nCMD ["pytest", "/src"]');
  });

  it('does not fire when the image ships a tool that drops root for the service', () => {
    expectNoFindings(rule, 'FROM debian:12-slim\nRUN apt-get install -y gosu\nENTRYPOINT ["docker-entrypoint.sh"]');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nENTRYPOINT ["entrypoint.sh"]');
    expectNoFindings(rule, 'FROM tianon/gosu:1.17 AS gosu\nFROM debian:12-slim\nCOPY --from=gosu /gosu /usr/local/bin/\nCMD ["app"]');
  });

  it('with no USER, judges only images that serve the network; an explicit root USER always', () => {
    // A log-collecting agent, a test runner, an interactive toolbox: root is often what they are for.
    expectNoFindings(rule, 'FROM alpine:3.20\nCOPY vector /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/vector"]');
    expectNoFindings(rule, 'FROM ubuntu:24.04\nCOPY e2e.test /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/e2e.test"]');
    expectNoFindings(rule, 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nCMD ["/bin/bash"]');
    // A server by its command, or its flags.
    expectFindings(rule, 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]', [{ line: 1, data: noUser('stage 0') }]);
    expectFindings(rule, 'FROM debian:12-slim\nENTRYPOINT ["/srv/api", "--listen=:8080"]', [{ line: 1, data: noUser('stage 0') }]);
    expectFindings(rule, 'FROM alpine:3.20\nUSER root\nENTRYPOINT ["/usr/local/bin/vector"]', [
      { line: 1, data: { stage: 'stage 0', user: 'root', userLine: 2, expanded: null } },
    ]);
  });

  it('knows the .NET Framework images as Windows images', () => {
    expectNoFindings(rule, 'FROM microsoft/dotnet-framework:4.7.1\nWORKDIR /inetpub/wwwroot\nEXPOSE 80\nCOPY app .');
  });
});
