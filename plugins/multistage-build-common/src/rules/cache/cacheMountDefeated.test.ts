import { cacheMountDefeated as rule } from './cacheMountDefeated';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';
import { fixAll } from '../../fixes/applyFixes';
import { missingCacheMount } from './missingCacheMount';

const npmMount = 'RUN --mount=type=cache,target=/root/.npm';
const aptMounts = 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked';

describe(rule.id, () => {
  it('fires when a RUN cleans the cache it mounts', () => {
    expectFindings(rule, `FROM node:22\n${npmMount} npm ci && npm cache clean --force`, [
      { line: 2, stage: 0, data: { command: 'npm cache clean --force', target: '/root/.npm', effect: 'clean' } },
    ]);
    expectFindings(rule, `FROM debian:12\n${aptMounts} \\\n  apt-get update && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*`, [
      { line: 2, endLine: 4, data: { command: 'rm -rf /var/lib/apt/lists/*', target: '/var/lib/apt', effect: 'clean' } },
    ]);
  });

  it('fires when the command bypasses the mounted cache', () => {
    expectFindings(rule, 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r req.txt', [
      { line: 2, data: { command: 'pip install --no-cache-dir -r req.txt', target: '/root/.cache/pip', effect: 'bypass' } },
    ]);
  });

  it('does not fire without a cache mount, or when the clean-up touches another directory', () => {
    expectNoFindings(rule, 'FROM node:22\nRUN npm ci && npm cache clean --force');
    expectNoFindings(rule, `FROM node:22\n${npmMount} npm ci && rm -rf /tmp/*`);
    expectNoFindings(rule, 'FROM node:22\nRUN --mount=type=bind,target=/root/.npm npm ci && npm cache clean --force');
  });

  it('fixes by dropping the clean-up or the flag', () => {
    expect(expectFixResolves(rule, `FROM node:22\n${npmMount} npm ci && npm cache clean --force`)).toBe(
      `FROM node:22\n${npmMount} npm ci`,
    );
    expect(
      expectFixResolves(rule, `FROM debian:12\n${aptMounts} \\\n  apt-get update && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/* \\\n  && apt-get clean`),
    ).toBe(`FROM debian:12\n${aptMounts} \\\n  apt-get update && apt-get install -y curl`);
    expect(expectFixResolves(rule, 'FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add --no-cache curl')).toBe(
      'FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl',
    );
  });

  it('offers no fix when the command stands alone', () => {
    expect(findingsOf(rule, `FROM node:22\n${npmMount} npm cache clean --force`).map(f => f.fix)).toEqual([null]);
  });

  it('fires in every stage, with ARG-based images, stage aliases and a Windows escape character', () => {
    const text = `# escape=\`\nARG BASE=node:22\nFROM \${BASE} AS Deps\n${npmMount} npm ci \`\n  && npm cache clean --force\nFROM deps\nCMD ["node"]`;
    expectFindings(rule, text, [
      { line: 4, endLine: 5, stage: 0, data: { command: 'npm cache clean --force', target: '/root/.npm', effect: 'clean' } },
    ]);
    expect(expectFixResolves(rule, text)).toBe(`# escape=\`\nARG BASE=node:22\nFROM \${BASE} AS Deps\n${npmMount} npm ci\nFROM deps\nCMD ["node"]`);
  });

  it('fires on the Maven repository whichever of its directories is mounted', () => {
    for (const target of ['/root/.m2', '/root/.m2/repository']) {
      expectFindings(rule, `FROM maven:3\nRUN --mount=type=cache,target=${target} mvn -B package && mvn dependency:purge-local-repository`, [
        { line: 2, data: { command: 'mvn dependency:purge-local-repository', target, effect: 'clean' } },
      ]);
    }
  });

  it('never fires on what missing-cache-mount\'s fix produces', () => {
    const text = [
      'FROM python:3.12',
      'RUN pip install --upgrade pip && pip install --no-cache-dir -r req.txt',
      'RUN npm ci && npm cache clean --force',
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
      'RUN pip install flask',
    ].join('\n');
    const fixed = fixAll({ text, rules: [missingCacheMount] }).text;
    expect(fixed).not.toBe(text);
    expectNoFindings(rule, fixed);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, `FROM node:22\n# stagecraft ignore=cache-mount-defeated\n${npmMount} npm ci && npm cache clean --force`);
  });

  it('does not fire on removing a few files from the mounted directory', () => {
    expectNoFindings(rule, 'FROM golang:1.23\nWORKDIR /src\nRUN --mount=type=cache,target=.git rm -f .git/*.lock && go build .');
  });

  it('matches a cache in a user\'s home, also with a variable in the target', () => {
    expectFindings(rule, 'FROM node:22\nUSER node\nRUN --mount=type=cache,target=/home/${USER}/.npm npm ci && npm cache clean --force', [
      { line: 3, data: { command: 'npm cache clean --force', target: '/home/${USER}/.npm', effect: 'clean' } },
    ]);
  });
});
