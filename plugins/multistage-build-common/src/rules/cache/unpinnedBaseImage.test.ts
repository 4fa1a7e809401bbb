import { unpinnedBaseImage as rule } from './unpinnedBaseImage';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe(rule.id, () => {
  it('fires on bases without a tag or with latest, in every stage', () => {
    expectFindings(rule, 'FROM node AS build\nRUN npm ci\nFROM --platform=linux/amd64 nginx:latest\nCOPY --from=build /app /srv', [
      { line: 1, stage: 0, data: { image: 'node', latest: false } },
      { line: 3, stage: 1, data: { image: 'nginx:latest', latest: true } },
    ]);
    expectFindings(rule, 'FROM ghcr.io/acme/app\nCMD ["app"]', [{ line: 1, data: { image: 'ghcr.io/acme/app', latest: false } }]);
  });

  it('does not fire on tags, digests, stages or scratch', () => {
    expectNoFindings(rule, 'FROM node:22.4-slim AS Build\nFROM build\nFROM scratch');
    expectNoFindings(rule, `FROM node@${digest}\nFROM nginx:latest@${digest}`);
  });

  it('judges ARG-only references by their default, and partly variable ones by their value', () => {
    expectFindings(rule, 'ARG BASE=node\nFROM ${BASE}\nFROM $BASE', [
      { line: 2, data: { image: 'node', latest: false } },
      { line: 3, data: { image: 'node', latest: false } },
    ]);
    expectNoFindings(rule, 'ARG V=22\nFROM node:${V}');
    expectFindings(rule, 'ARG REGISTRY=registry.example.com\nFROM ${REGISTRY}/node', [
      { line: 2, data: { image: 'registry.example.com/node', latest: false } },
    ]);
  });

  it('fires even in stages the target does not need, and with a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nFROM mcr.microsoft.com/windows/servercore AS tools\nFROM alpine:3.20 AS app', [
      { line: 2, data: { image: 'mcr.microsoft.com/windows/servercore', latest: false } },
    ], { target: 'app' });
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=unpinned-base-image\nFROM node');
  });

  it('does not fire on helper stages outside the image that only fetch and unpack', () => {
    expectNoFindings(
      rule,
      'FROM alpine AS fetch\nRUN wget -qO- https://example.com/tool-1.2.tar.gz | tar -xz -C /out\nFROM scratch\nCOPY --from=fetch /out/tool /tool\nENTRYPOINT ["/tool"]',
    );
    expectFindings(rule, 'FROM alpine AS app\nRUN wget -q https://example.com/x\nCMD ["sh"]', [{ line: 1, data: { image: 'alpine', latest: false } }]);
  });

  it('judges a FROM that is only an ARG by the ARG default, and leaves one with no default to the caller', () => {
    expectFindings(rule, 'ARG BASE=alpine\nFROM ${BASE}\nCMD ["sh"]', [{ line: 2, data: { image: 'alpine', latest: false } }]);
    expectNoFindings(rule, 'ARG BASE\nFROM ${BASE}\nCMD ["sh"]');
    expectNoFindings(rule, 'ARG BASE=alpine:3.20\nFROM $BASE\nCMD ["sh"]');
  });
});
