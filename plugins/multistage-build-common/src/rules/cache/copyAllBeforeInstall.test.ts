import { copyAllBeforeInstall as rule } from './copyAllBeforeInstall';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on the whole context copied before an install', () => {
    expectFindings(rule, 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build', [
      { line: 3, stage: 0, data: { copy: 'COPY . .', install: 'npm ci', installLine: 4 } },
    ]);
    expectFindings(rule, 'FROM python:3.12-slim\nADD ./ /srv\nRUN pip install -r /srv/requirements.txt', [
      { line: 2, data: { copy: 'ADD ./ /srv', install: 'pip install -r /srv/requirements.txt', installLine: 3 } },
    ]);
    expectFindings(rule, 'FROM golang:1.22 AS Build\nCOPY --chown=1000 * ./\nRUN go mod download', [
      { line: 2, data: { copy: 'COPY --chown=1000 * ./', install: 'go mod download', installLine: 3 } },
    ]);
  });

  it('does not fire when manifests are installed before the sources are copied', () => {
    expectNoFindings(
      rule,
      'FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build',
    );
  });

  it('does not fire on installs of the project itself or copies from stages', () => {
    expectNoFindings(rule, 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install --no-deps .');
    expectNoFindings(rule, 'FROM node:22 AS deps\nRUN npm ci\nFROM node:22\nCOPY --from=deps . .\nRUN npm ci');
  });

  it('does not fire when the same tool already installed or fetched from the manifests (the two-step pattern)', () => {
    expectNoFindings(rule, 'FROM python:3.12\nRUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync --frozen --no-install-project\nADD . /app\nRUN uv sync --frozen');
    expectNoFindings(rule, 'FROM node:22\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install -f --prefer-offline');
    expectNoFindings(rule, 'FROM golang:1.22 AS deps\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM deps\nCOPY . .\nRUN go mod download');
    expectNoFindings(rule, 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install -r requirements-extra.txt');
  });

  it('still fires when the earlier install was of another tool or not from the manifests', () => {
    expectFindings(rule, 'FROM python:3.12\nRUN pip install --upgrade pip\nCOPY . .\nRUN pip install -r requirements.txt', [
      { line: 3, data: { copy: 'COPY . .', install: 'pip install -r requirements.txt', installLine: 4 } },
    ]);
    expectFindings(rule, 'FROM node:22\nRUN npm ci\nCOPY . .\nRUN pnpm install', [
      { line: 3, data: { copy: 'COPY . .', install: 'pnpm install', installLine: 4 } },
    ]);
  });

  it('does not count system or global installs as dependency installs', () => {
    expectNoFindings(rule, 'FROM golang:1.20-alpine\nCOPY . .\nRUN apk --no-cache add git=~2\nRUN go build -o /usr/bin/k6 .');
    expectNoFindings(rule, 'FROM node:22\nCOPY . .\nRUN apt-get update && apt-get install -y git && npm install -g pnpm && npm update npm -g && yarn global add serve');
    expectNoFindings(rule, 'FROM python:3.12\nCOPY . .\nRUN pip install --upgrade pip setuptools==70.0 wheel');
    expectFindings(rule, 'FROM node:16\nCOPY . /src\nRUN apk add --no-cache patch\nRUN npm update npm -g && npm ci --no-optional', [
      { line: 2, data: { copy: 'COPY . /src', install: 'npm ci --no-optional', installLine: 4 } },
    ]);
  });

  it('only looks within one stage', () => {
    expectNoFindings(rule, 'FROM node:22 AS src\nCOPY . .\nFROM src\nRUN npm ci');
  });

  it('judges every stage, whatever the target', () => {
    const text = 'FROM node:22 AS test\nCOPY . .\nRUN npm ci\nFROM scratch AS app\nCOPY dist /';
    expectFindings(rule, text, [{ line: 2, data: { copy: 'COPY . .', install: 'npm ci', installLine: 3 } }], { target: 'app' });
  });

  it('works with ARG-based images and a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nARG BASE=mcr.microsoft.com/dotnet/sdk:8.0\nFROM ${BASE}\nCOPY . .\nRUN dotnet `\n  restore', [
      { line: 4, data: { copy: 'COPY . .', install: 'dotnet restore', installLine: 5 } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=copy-all-before-install\nCOPY . .\nRUN npm ci');
  });

  it('does not fire on installs of local packages, which need their sources', () => {
    expectNoFindings(rule, 'FROM python:3.12\nCOPY . .\nRUN uv pip install -e tests/utils\nRUN pip install lib/pkg');
  });
});
