import { endOfLifeBase as rule } from './endOfLifeBase';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const asOf = '2026-12-01';

describe(rule.id, () => {
  it('fires on an end-of-life runtime and distribution in the shipped image', () => {
    expectFindings(rule, 'FROM node:16-alpine3.18\nCMD ["node", "server.js"]', [
      { line: 1, stage: 0, data: { image: 'node:16-alpine3.18', release: 'Node.js 16', eol: '2023-09-11', asOf } },
      { line: 1, stage: 0, data: { image: 'node:16-alpine3.18', release: 'Alpine Linux 3.18', eol: '2025-05-09', asOf } },
    ]);
    expectFindings(rule, 'FROM python:3.8-slim-buster\nCMD ["python", "app.py"]', [
      { line: 1, data: { image: 'python:3.8-slim-buster', release: 'Python 3.8', eol: '2024-10-07', asOf } },
      { line: 1, data: { image: 'python:3.8-slim-buster', release: 'Debian 10 (buster)', eol: '2024-06-30', asOf } },
    ]);
  });

  it('counts a release whose support ends on the table date, not one that ends after it', () => {
    expectFindings(rule, 'FROM golang:1.25\nCMD ["app"]', [
      { line: 1, data: { image: 'golang:1.25', release: 'Go 1.25', eol: '2026-08-19', asOf } },
    ]);
    expectNoFindings(rule, 'FROM python:3.12-slim-bookworm\nCMD ["python"]');
    expectNoFindings(rule, 'FROM ubuntu:22.04\nCMD ["bash"]');
  });

  it('judges the stages the shipped image is built FROM, not build stages', () => {
    const text = [
      'FROM golang:1.19 AS build',
      'RUN go build -o /app .',
      'FROM mcr.microsoft.com/dotnet/aspnet:6.0 AS base',
      'FROM base AS final',
      'COPY --from=build /app /app',
      'CMD ["/app"]',
    ].join('\n');
    expectFindings(rule, text, [
      { line: 3, stage: 1, data: { image: 'mcr.microsoft.com/dotnet/aspnet:6.0', release: '.NET 6', eol: '2024-11-12', asOf } },
    ]);
  });

  it('reads ARG defaults and skips what it cannot know', () => {
    expectFindings(rule, 'ARG NODE_VERSION=18\nFROM node:${NODE_VERSION}-slim\nCMD ["node"]', [
      { line: 2, data: { image: 'node:18-slim', release: 'Node.js 18', eol: '2025-04-30', asOf } },
    ]);
    expectNoFindings(rule, 'ARG NODE_VERSION\nFROM node:${NODE_VERSION}\nCMD ["node"]');
    expectNoFindings(rule, 'FROM node:lts\nFROM node\nFROM acme/node:16\nFROM scratch\nCOPY --from=0 / /\nCMD ["x"]');
  });

  it('does not fire when the target is not an image that ships', () => {
    expectNoFindings(rule, 'FROM node:16 AS test\nRUN npm test');
    expectNoFindings(rule, 'FROM node:16 AS build\nRUN npm run build\nFROM scratch AS out\nCOPY --from=build /dist /');
  });

  it('offers no fix, and is silenced by an ignore comment', () => {
    expect(findingsOf(rule, 'FROM node:16\nCMD ["node"]')[0].fix).toBeNull();
    expectNoFindings(rule, '# stagecraft ignore=end-of-life-base\nFROM node:16\nCMD ["node"]');
  });
});
