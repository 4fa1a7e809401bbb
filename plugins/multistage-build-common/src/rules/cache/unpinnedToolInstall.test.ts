import { unpinnedToolInstall as rule } from './unpinnedToolInstall';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on each unpinned global install, with the packages', () => {
    const text = [
      'FROM node:22 AS build',
      'RUN npm install -g typescript@5.4.5 ts-node && \\',
      '    yarn global add serve',
      'FROM python:3.12-slim',
      'RUN pip install --no-cache-dir poetry',
    ].join('\n');
    expectFindings(rule, text, [
      { line: 2, endLine: 3, stage: 0, data: { installer: 'npm install -g', packages: ['ts-node'] } },
      { line: 2, endLine: 3, stage: 0, data: { installer: 'yarn global add', packages: ['serve'] } },
      { line: 5, stage: 1, data: { installer: 'pip install', packages: ['poetry'] } },
    ]);
    expectFindings(rule, 'FROM golang:1.22\nRUN go install github.com/air-verse/air@latest', [
      { line: 2, data: { installer: 'go install', packages: ['github.com/air-verse/air@latest'] } },
    ]);
    expectFindings(rule, 'FROM rust:1.79\nRUN cargo install --locked cargo-chef\nFROM ruby:3.3\nRUN gem install bundler', [
      { line: 2, data: { installer: 'cargo install', packages: ['cargo-chef'] } },
      { line: 4, data: { installer: 'gem install', packages: ['bundler'] } },
    ]);
  });

  it('does not fire on pinned installs, manifests, corepack or local installs', () => {
    const text = [
      'FROM node:22',
      'RUN corepack enable && npm install -g npm@10 pnpm@${PNPM_VERSION}',
      'RUN npm ci && npm install lodash',
      'RUN pip install -r requirements.txt && pip install --upgrade pip',
      'RUN go install ./cmd/... && cargo install --path . && gem install bundler -v 2.5.6',
    ].join('\n');
    expectNoFindings(rule, text);
  });

  it('reads heredocs and exec-form shells, and offers no fix', () => {
    const text = 'FROM node:22\nRUN <<EOF\nnpm i -g pm2\nEOF\nRUN ["sh", "-c", "npm i -g nodemon"]';
    const findings = expectFindings(rule, text, [
      { line: 2, endLine: 4, data: { installer: 'npm install -g', packages: ['pm2'] } },
      { line: 5, data: { installer: 'npm install -g', packages: ['nodemon'] } },
    ]);
    expect(findings.map(f => f.fix)).toEqual([null, null]);
  });

  it('reports the same command in two shell branches once', () => {
    const text = 'FROM python:3.12\nRUN if [ -n "$CPU" ]; then pip install poetry; else pip install poetry; fi';
    expectFindings(rule, text, [{ line: 2, data: { installer: 'pip install', packages: ['poetry'] } }]);
    // Libraries belong to the project's requirements, and --upgrade asks for the newest on purpose.
    expectNoFindings(rule, 'FROM python:3.12\nRUN pip install torch numpy && pip install -U poetry');
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=unpinned-tool-install\nRUN npm i -g pm2');
    expect(findingsOf(rule, 'FROM node:22\nRUN npm i -g pm2')).toHaveLength(1);
  });
});
