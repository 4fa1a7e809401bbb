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
      { line: 2, data: { commands: ['apt-get update', 'python -m pip install -r req.txt'], dirs: ['/var/lib/apt', '/var/cache/apt', '/root/.cache/pip'] } },
    ]);
  });

  it('does not fire when a cache mount covers the cache, or the command opts out of caching', () => {
    expectNoFindings(rule, 'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci');
    expectNoFindings(rule, 'FROM python:3.12\nRUN --mount=type=cache,id=pip,target=/root/.cache pip install flask');
    expectNoFindings(rule, 'FROM python:3.12\nRUN pip install --no-cache-dir flask\nFROM alpine:3.20\nRUN apk add --no-cache curl');
    expectNoFindings(rule, 'FROM node:22\nRUN npm run lint');
  });

  it('fixes by adding the mount right after RUN', () => {
    const fixed = expectFixResolves(rule, 'FROM node:22\nRUN npm ci \\\n  && npm run build\nRUN ["mvn", "package"]');
    expect(fixed).toBe(
      'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci \\\n  && npm run build\nRUN --mount=type=cache,target=/root/.m2 ["mvn", "package"]',
    );
  });

  it('fixes apt with locked sharing, leaving out directories the RUN empties', () => {
    expect(expectFixResolves(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl')).toBe(
      'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl',
    );
    expect(expectFixResolves(rule, 'FROM debian:12\nrun --network=host apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*')).toBe(
      'FROM debian:12\nrun --mount=type=cache,target=/var/cache/apt,sharing=locked --network=host apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    );
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
    expect(expectFixResolves(rule, '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet `\n  restore')).toBe(
      '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN --mount=type=cache,target=/root/.nuget/packages dotnet `\n  restore',
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=missing-cache-mount\nRUN npm ci');
  });
});
