import { installWithoutLockfile as rule } from './installWithoutLockfile';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on installs that do not hold to the lockfile, in every stage', () => {
    const text = [
      'FROM node:22 AS deps',
      'COPY package.json yarn.lock ./',
      'RUN yarn install --production && yarn',
      'FROM node:22 AS build',
      'COPY . .',
      'RUN npm install && npm run build',
      'FROM oven/bun:1.1',
      'COPY . .',
      'RUN pnpm install && bun install --production',
    ].join('\n');
    expectFindings(rule, text, [
      { line: 3, stage: 0, data: { command: 'yarn install --production', manager: 'yarn' } },
      { line: 3, stage: 0, data: { command: 'yarn', manager: 'yarn' } },
      { line: 6, stage: 1, data: { command: 'npm install', manager: 'npm' } },
      { line: 9, stage: 2, data: { command: 'pnpm install', manager: 'pnpm' } },
      { line: 9, stage: 2, data: { command: 'bun install --production', manager: 'bun' } },
    ]);
  });

  it('does not fire on frozen installs, npm ci, named packages or global installs', () => {
    const text = [
      'FROM node:22',
      'RUN npm ci && npm install lodash && npm install -g pm2@5',
      'RUN yarn install --frozen-lockfile && yarn install --immutable && yarn add left-pad',
      'RUN pnpm install --frozen-lockfile && pnpm install --offline && bun install --frozen-lockfile',
      'RUN pip install -r requirements.txt && npm run build',
    ].join('\n');
    expectNoFindings(rule, text);
  });

  it('leaves pnpm and yarn alone when a CI variable is set, unless it is false', () => {
    expectNoFindings(rule, 'FROM node:22 AS base\nCOPY . .\nENV CI=true\nFROM base\nRUN pnpm install && yarn install');
    expectNoFindings(rule, 'FROM node:22\nCOPY . .\nARG CI\nRUN pnpm install');
    expectNoFindings(rule, 'FROM node:22\nCOPY . .\nRUN CI=1 pnpm install');
    expectFindings(rule, 'FROM node:22\nCOPY . .\nENV CI=false\nRUN pnpm install\nRUN CI=true npm install', [
      { line: 4, data: { command: 'pnpm install', manager: 'pnpm' } },
      { line: 5, data: { command: 'CI=true npm install', manager: 'npm' } },
    ]);
  });

  it('fixes a plain npm install into npm ci when the lockfile is copied in', () => {
    expect(expectFixResolves(rule, 'FROM node:22\nCOPY package*.json ./\nRUN npm install\nCOPY . .')).toBe(
      'FROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .',
    );
    expect(expectFixResolves(rule, 'FROM node:22 AS deps\nCOPY package.json package-lock.json ./\nFROM deps\nRUN cd /app && \\\n  npm i')).toBe(
      'FROM node:22 AS deps\nCOPY package.json package-lock.json ./\nFROM deps\nRUN cd /app && \\\n  npm ci',
    );
  });

  it('offers no fix when npm ci might fail or the command has more on it', () => {
    const cases = [
      'FROM node:22\nCOPY package.json yarn.lock ./\nRUN npm install',
      'FROM node:22\nCOPY . .\nRUN npm install',
      'FROM node:22\nCOPY package*.json ./\nRUN npm install --omit=dev',
      'FROM node:22\nCOPY package*.json ./\nRUN NODE_ENV=production npm install',
      'FROM node:22\nCOPY package*.json ./\nRUN npm install # not npm install -g',
      'FROM node:22\nCOPY package*.json ./\nRUN yarn install',
    ];
    for (const text of cases) expect(findingsOf(rule, text).map(f => f.fix)).toEqual([null]);
  });

  it('reports the same command in two shell branches once, and different ones each', () => {
    const text = 'FROM node:22\nCOPY . .\nRUN if [ -f a ]; then npm install; else npm install; fi && npm install --prefix ./b';
    expectFindings(rule, text, [
      { line: 3, data: { command: 'npm install', manager: 'npm' } },
      { line: 3, data: { command: 'npm install --prefix ./b', manager: 'npm' } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\nCOPY . .\n# stagecraft ignore=install-without-lockfile\nRUN npm install');
  });

  it('does not fire without a lockfile to hold to, or after a script that rewrites the manifest', () => {
    expectNoFindings(rule, 'FROM node:22\nWORKDIR /app\nCOPY package.json .npmrc ./\nRUN pnpm i');
    expectNoFindings(rule, 'FROM node:14\nWORKDIR /app\nADD packages/server .\nRUN node /pinVersions.js && yarn && yarn build');
    expectFindings(rule, 'FROM node:22\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml ./\nRUN pnpm i', [{ line: 4, data: { command: 'pnpm i', manager: 'pnpm' } }]);
  });

  it('reads bun on its own in a RUN', () => {
    expectFindings(rule, 'FROM oven/bun:1.1\nCOPY package.json bun.lockb ./\nRUN bun install', [
      { line: 3, data: { command: 'bun install', manager: 'bun' } },
    ]);
  });
});
