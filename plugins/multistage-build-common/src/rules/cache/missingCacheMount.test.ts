import { missingCacheMount as rule } from './missingCacheMount';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on installs without a cache mount', () => {
    expectFindings(rule, 'FROM node:22\nCOPY package*.json ./\nRUN npm ci', [
      { line: 3, stage: 0, data: { commands: ['npm ci'], dirs: ['/root/.npm'] } },
    ]);
    expectFindings(rule, 'FROM golang:1.22\nRUN go mod download && \\\n  go build -o /app .', [
      { line: 2, endLine: 3, data: { commands: ['go mod download'], dirs: ['/go/pkg/mod', '/root/.cache/go-build'] } },
    ]);
    expectFindings(rule, 'FROM python:3.12\nRUN apt-get update && apt-get install -y libpq5 && python -m pip install -r req.txt', [
      { line: 2, data: { commands: ['python -m pip install -r req.txt'], dirs: ['/root/.cache/pip'] } },
    ]);
  });

  it('does not fire when a cache mount covers the cache, or the command opts out of caching', () => {
    expectNoFindings(rule, 'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci');
    expectNoFindings(rule, 'FROM python:3.12\nRUN --mount=type=cache,id=pip,target=/root/.cache pip install flask');
    expectNoFindings(rule, 'FROM python:3.12\nRUN pip install --no-cache-dir flask\nFROM alpine:3.20\nRUN apk add --no-cache curl');
    expectNoFindings(rule, 'FROM node:22\nRUN npm run lint');
  });

  it('does not take version, help or offline commands for downloads', () => {
    expectNoFindings(rule, 'FROM node:22\nRUN pnpm --version && pnpm -v && yarn --version && yarn -v && yarn --help && npm install --help && pnpm');
    expectNoFindings(rule, 'FROM maven:3\nRUN mvn -v && ./gradlew --version');
    expectNoFindings(rule, 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish --no-restore -o /app');
    expectNoFindings(rule, 'FROM maven:3\nRUN mvn -o -B package\nFROM node:22\nRUN pnpm install --offline --frozen-lockfile');
    expectFindings(rule, 'FROM node:22\nRUN yarn', [{ line: 2, data: { commands: ['yarn'], dirs: ['/usr/local/share/.cache/yarn'] } }]);
    expectFindings(rule, 'FROM golang:1.22\nRUN GOFLAGS=-mod=mod GOPROXY=off go build ./...', [
      { line: 2, data: { commands: ['GOFLAGS=-mod=mod GOPROXY=off go build ./...'], dirs: ['/root/.cache/go-build'] } },
    ]);
  });

  it('does not fire on download-only steps, whose layer a later step reads', () => {
    for (const step of ['go mod download', 'pnpm fetch', 'dotnet restore', 'cargo fetch', 'mvn -B dependency:go-offline', 'apt-get update']) {
      expectNoFindings(rule, `FROM x:1\nRUN ${step}`);
    }
  });

  it('leaves out directories an earlier download-only step filled or a later offline step reads', () => {
    const goTwoStep = 'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .';
    expectFindings(rule, goTwoStep, [{ line: 5, data: { commands: ['go build -o /app .'], dirs: ['/root/.cache/go-build'] } }]);
    expect(expectFixResolves(rule, goTwoStep)).toBe(
      'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .',
    );
    expectNoFindings(rule, 'FROM node:22\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install -f --prefer-offline');
    expectNoFindings(rule, 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish --no-restore -o /app');
    expectNoFindings(rule, 'FROM maven:3 AS deps\nRUN mvn -B install -DskipTests\nFROM deps\nRUN mvn -o package');
  });

  it('leaves a tool alone when any of its commands in the RUN bypasses the cache', () => {
    expectNoFindings(rule, 'FROM python:3.12\nRUN pip install --upgrade pip && pip install --no-cache-dir -r req.txt');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN apk update && apk upgrade && apk add --no-cache curl');
    expectNoFindings(rule, 'FROM python:3.12\nRUN apt-get update && apt-get install -y gcc && pip install -U pip && pip install --no-cache-dir flask');
  });

  it('fixes by adding the mount right after RUN; for Maven only on the repository', () => {
    const fixed = expectFixResolves(rule, 'FROM node:22\nRUN npm ci \\\n  && npm run build\nRUN ["mvn", "package"]');
    expect(fixed).toBe(
      'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci \\\n  && npm run build\nRUN --mount=type=cache,target=/root/.m2/repository ["mvn", "package"]',
    );
    expect(expectFixResolves(rule, 'FROM maven:3\nCOPY settings.xml /root/.m2/settings.xml\nRUN mvn -B package')).toBe(
      'FROM maven:3\nCOPY settings.xml /root/.m2/settings.xml\nRUN --mount=type=cache,target=/root/.m2/repository mvn -B package',
    );
    expectNoFindings(rule, 'FROM maven:3\nRUN --mount=type=cache,target=/root/.m2 mvn -B package');
  });

  it('offers no fix over files that earlier instructions of the stage lineage wrote there', () => {
    const fixes = (text: string) => findingsOf(rule, text).map(f => [f.line, f.fix]);
    expect(fixes('FROM maven:3\nCOPY .m2 /root/.m2\nRUN mvn -B package')).toEqual([[3, null]]);
    expect(fixes('FROM maven:3 AS deps\nCOPY --from=cache /root/.m2/repository /root/.m2/repository\nFROM deps\nRUN mvn -B package')).toEqual([[4, null]]);
    expect(fixes('FROM node:22\nWORKDIR /root\nCOPY npm-cache/ .npm/\nRUN npm ci')).toEqual([[4, null]]);
    expect(fixes('FROM node:22\nRUN curl -fsSL https://example.com/c.tgz | tar -xz -C /root/.npm\nRUN npm ci')).toEqual([[3, null]]);
    expect(fixes('FROM python:3.12\nRUN echo x > /root/.cache/pip/marker\nRUN pip install -r req.txt')).toEqual([[3, null]]);
  });

  it('names exactly what the fix mounts, and offers no fix when the RUN empties a directory', () => {
    const findings = expectFindings(rule, 'FROM node:22\nRUN npm ci && npm cache clean --force', [
      { line: 2, data: { commands: ['npm ci'], dirs: ['/root/.npm'] } },
    ]);
    expect(findings[0].fix).toBeNull();
    const fixed = findingsOf(rule, 'FROM golang:1.22\nRUN go mod download && go build .');
    expect(fixed[0].message).toContain('mount a cache at /go/pkg/mod, /root/.cache/go-build');
    expect(fixed[0].fix?.title).toBe('Add a cache mount at /go/pkg/mod, /root/.cache/go-build');
  });

  it('does not judge system package managers (apt, apk)', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN apk add curl');
  });

  it('offers no fix under a non-root USER, inherited from a stage alias too', () => {
    const findings = findingsOf(rule, 'FROM node:22 AS Base\nUSER node\nFROM base\nRUN npm ci');
    expect(findings.map(f => [f.line, f.fix])).toEqual([[4, null]]);
  });

  it('judges every stage, whatever the target, and skips Windows images', () => {
    expectFindings(rule, 'ARG BASE=rust:1.79\nFROM ${BASE} AS build\nRUN cargo build --release\nFROM scratch\nCOPY --from=0 /x /x', [
      { line: 3, data: { commands: ['cargo build --release'], dirs: ['/usr/local/cargo/registry'] } },
    ]);
    expectNoFindings(rule, '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nRUN dotnet `\n  restore');
  });

  it('handles a Windows escape character on a Linux image', () => {
    expect(expectFixResolves(rule, '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet `\n  publish -o /app')).toBe(
      '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN --mount=type=cache,target=/root/.nuget/packages dotnet `\n  publish -o /app',
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=missing-cache-mount\nRUN npm ci');
  });

  it('does not propose a directory a later COPY --from takes out of the stage', () => {
    expectNoFindings(rule, 'FROM maven:3 AS build\nRUN mvn -B package\nFROM scratch\nCOPY --from=build /root/.m2 /root/.m2');
  });
});
