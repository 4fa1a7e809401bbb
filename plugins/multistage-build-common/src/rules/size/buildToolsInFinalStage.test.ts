import { buildToolsInFinalStage as rule } from './buildToolsInFinalStage';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on a final stage built on a toolchain image', () => {
    expectFindings(rule, 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .', [
      { line: 1, stage: 0, data: { via: 'base', image: 'golang:1.22', tools: [] } },
    ]);
    expectFindings(rule, 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCMD ["dotnet", "app.dll"]', [
      { line: 1, data: { via: 'base', image: 'mcr.microsoft.com/dotnet/sdk:8.0', tools: [] } },
    ]);
  });

  it('treats JDK images as toolchains and JRE images as runtimes', () => {
    expectFindings(rule, 'FROM eclipse-temurin:21\nCOPY app.jar /app.jar', [
      { line: 1, data: { via: 'base', image: 'eclipse-temurin:21', tools: [] } },
    ]);
    expectFindings(rule, 'FROM openjdk:17-jdk-slim\nCOPY app.jar /app.jar', [
      { line: 1, data: { via: 'base', image: 'openjdk:17-jdk-slim', tools: [] } },
    ]);
    expectNoFindings(rule, 'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar');
  });

  it('does not treat language runtimes as toolchains', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nRUN npm ci');
    expectNoFindings(rule, 'FROM python:3.12\nRUN pip install flask');
  });

  it('follows the FROM chain of the shipped stage, through stage aliases', () => {
    expectFindings(rule, 'FROM rust:1.79 AS Base\nRUN cargo fetch\nFROM base AS app\nCMD ["app"]', [
      { line: 1, stage: 0, data: { via: 'base', image: 'rust:1.79', tools: [] } },
    ]);
  });

  it('ignores toolchain stages that are only copied from', () => {
    expectNoFindings(
      rule,
      'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app',
    );
    expectNoFindings(rule, 'FROM golang:1.22\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app');
  });

  it('ignores stages the target does not need', () => {
    const text = 'FROM golang:1.22 AS tools\nRUN go install tool\nFROM alpine:3.20 AS app\nCMD ["app"]';
    expectNoFindings(rule, text, { target: 'app' });
    expectFindings(rule, text, [{ line: 1, data: { via: 'base', image: 'golang:1.22', tools: [] } }], { target: 'tools' });
    // A dev environment is meant to carry its toolchain.
    expectNoFindings(rule, text.replace('AS tools', 'AS dev'), { target: 'dev' });
  });

  it('resolves ARG-based images', () => {
    expectFindings(rule, 'ARG BASE=maven:3.9\nFROM ${BASE}\nCMD ["java"]', [
      { line: 2, data: { via: 'base', image: 'maven:3.9', tools: [] } },
    ]);
  });

  it('fires on compilers installed in the shipped image', () => {
    expectFindings(
      rule,
      'FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends build-essential curl',
      [{ line: 2, endLine: 3, data: { via: 'install', tools: ['build-essential'] } }],
    );
    expectFindings(rule, 'FROM alpine:3.20\nRUN apk add --no-cache gcc musl-dev make', [
      { line: 2, data: { via: 'install', tools: ['gcc', 'make'] } },
    ]);
  });

  it('does not fire when the same RUN removes the compilers again', () => {
    expectNoFindings(
      rule,
      'FROM python:3.12-alpine\nRUN apk add --virtual .build-deps gcc musl-dev && pip install uwsgi && apk del .build-deps',
    );
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get install -y gcc && make && apt-get purge -y gcc');
  });

  it('does not fire on scratch', () => {
    expectNoFindings(rule, 'FROM scratch\nCOPY app /app');
  });

  it('works with a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022\nRUN dotnet `\n  publish', [
      { line: 2, data: { via: 'base', image: 'mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022', tools: [] } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=build-tools-in-final-stage\nFROM golang:1.22\nCMD ["app"]');
  });

  it('does not fire when the official images\' apt-mark auto and purge --auto-remove remove the build dependencies', () => {
    expectNoFindings(
      rule,
      [
        'FROM debian:12-slim',
        'RUN set -eux; savedAptMark="$(apt-mark showmanual)"; \\',
        '  apt-get update; apt-get install -y --no-install-recommends gcc make libc6-dev; \\',
        '  make install; \\',
        '  apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; \\',
        '  apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false',
      ].join('\n'),
    );
  });

  it('reports a stage once, naming every compiler it installs', () => {
    expectFindings(rule, 'FROM debian:12\nRUN apt-get install -y gcc\nRUN apt-get install -y make', [
      { line: 2, data: { via: 'install', tools: ['gcc', 'make'] } },
    ]);
    expectFindings(rule, 'FROM golang:1.23\nRUN apt-get install -y gcc', [
      { line: 1, data: { via: 'base', image: 'golang:1.23', tools: ['gcc'] } },
    ]);
  });

  it('does not fire when the target is a CI check or dev environment', () => {
    expectNoFindings(rule, 'FROM golang:1.23 AS build\nRUN go build .\nFROM golang:1.23 AS lint\nRUN go vet ./...');
  });
});
