import { cleanupInSeparateLayer as rule } from './cleanupInSeparateLayer';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on apt lists removed in a later RUN', () => {
    expectFindings(
      rule,
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*',
      [{ line: 3, stage: 0, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 2 } }],
    );
    expectFindings(rule, 'FROM debian:12-slim\nRUN apt-get install -y curl\nRUN apt-get clean', [
      { line: 3, data: { command: 'apt-get clean', createdLine: 2 } },
    ]);
  });

  it('fires on copied or downloaded files removed later, and on packages purged later', () => {
    expectFindings(
      rule,
      'FROM alpine:3.20\nWORKDIR /tmp\nCOPY app.tar.gz .\nRUN tar xzf app.tar.gz -C /opt\nRUN rm app.tar.gz',
      [{ line: 5, data: { command: 'rm app.tar.gz', createdLine: 3 } }],
    );
    expectFindings(rule, 'FROM alpine:3.20\nRUN wget -O /tmp/tool.zip https://example.com/t.zip\nRUN rm -f /tmp/tool.zip', [
      { line: 3, data: { command: 'rm -f /tmp/tool.zip', createdLine: 2 } },
    ]);
    expectFindings(rule, 'FROM alpine:3.20\nRUN apk add gcc\nRUN make && \\\n  apk del gcc', [
      { line: 3, endLine: 4, data: { command: 'apk del gcc', createdLine: 2 } },
    ]);
  });

  it('does not fire when the same RUN creates and removes', () => {
    expectNoFindings(
      rule,
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN npm ci && npm cache clean --force',
    );
  });

  it('does not fire on clean-ups of things no earlier instruction created', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nRUN rm -rf /usr/local/lib/node_modules/npm/docs');
    expectNoFindings(rule, 'FROM scratch\nCOPY app /app');
  });

  it('does not count caches kept out of the layer by a cache mount', () => {
    expectNoFindings(rule, 'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN npm cache clean --force');
  });

  it('follows the shipped stage through its base stages, not other stages', () => {
    expectFindings(rule, 'FROM debian:12 AS Base\nRUN apt-get update\nFROM base\nRUN rm -rf /var/lib/apt/lists/*', [
      { line: 4, stage: 1, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 2 } },
    ]);
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update\nFROM debian:12\nCOPY --from=0 /etc/os-release /x\nRUN rm -rf /var/lib/apt/lists/*');
  });

  it('ignores stages the target does not need', () => {
    const text = 'FROM debian:12 AS dev\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM debian:12 AS app\nCMD ["app"]';
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 3, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 2 } }], { target: 'dev' });
  });

  it('works with an ARG-based image and a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nARG BASE=debian:12\nFROM ${BASE}\nRUN apt-get update\nRUN apt-get `\n  clean', [
      { line: 5, endLine: 6, data: { command: 'apt-get clean', createdLine: 4 } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update\n# stagecraft ignore=cleanup-in-separate-layer\nRUN apt-get clean');
  });
});
