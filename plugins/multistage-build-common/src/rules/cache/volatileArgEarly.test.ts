import { volatileArgEarly as rule } from './volatileArgEarly';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on a per-build ARG or ENV declared before RUN steps that do not use it', () => {
    expectFindings(
      rule,
      'FROM node:22\nARG GIT_COMMIT\nENV BUILD_DATE=today\nCOPY package.json .\nRUN npm ci\nRUN npm run build\nLABEL rev=$GIT_COMMIT',
      [
        { line: 2, stage: 0, data: { keyword: 'ARG', name: 'GIT_COMMIT', runs: 2 } },
        { line: 3, stage: 0, data: { keyword: 'ENV', name: 'BUILD_DATE', runs: 2 } },
      ],
    );
  });

  it('does not fire when the next RUN uses it, or for names that are not per-build', () => {
    expectNoFindings(rule, 'FROM golang:1.22\nARG VERSION\nRUN go build -ldflags "-X main.version=${VERSION}" .');
    expectNoFindings(rule, 'FROM node:22\nARG NODE_VERSION=22\nENV APP_HOME=/app\nRUN npm ci');
    expectNoFindings(rule, 'FROM node:22\nRUN npm ci\nARG CACHEBUST\nCOPY . .');
  });

  it('ignores global ARGs before the first FROM', () => {
    expectNoFindings(rule, 'ARG VERSION=1\nFROM alpine:3.20\nRUN apk add curl');
  });

  it('fixes by moving the declaration down to its first use', () => {
    const text = 'FROM debian:12 AS App\nARG GIT_COMMIT\nRUN apt-get update && apt-get install -y curl\nRUN mkdir /app\nLABEL rev=${GIT_COMMIT}\nCMD ["app"]';
    expect(expectFixResolves(rule, text)).toBe(
      'FROM debian:12 AS App\nRUN apt-get update && apt-get install -y curl\nRUN mkdir /app\nARG GIT_COMMIT\nLABEL rev=${GIT_COMMIT}\nCMD ["app"]',
    );
  });

  it('fixes by moving it to the end of the stage when nothing uses it', () => {
    const text = 'FROM node:22\nENV VERSION=1.2.3\nRUN npm ci\nFROM scratch\nCOPY --from=0 /app /app';
    expect(expectFixResolves(rule, text)).toBe('FROM node:22\nRUN npm ci\nENV VERSION=1.2.3\nFROM scratch\nCOPY --from=0 /app /app');
  });

  it('offers no fix past scripts that may read the variable, or for multi-name declarations', () => {
    expect(findingsOf(rule, 'FROM node:22\nARG VERSION\nRUN ./build.sh\nLABEL v=$VERSION').map(f => f.fix)).toEqual([null]);
    expect(findingsOf(rule, 'FROM node:22\nARG VERSION OTHER\nRUN npm ci').map(f => f.fix)).toEqual([null]);
  });

  it('works with ARG-based images, every stage and a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nARG BASE=alpine:3.20\nFROM ${BASE} AS Build\nARG COMMIT_SHA\nRUN apk `\n  add git', [
      { line: 4, stage: 0, data: { keyword: 'ARG', name: 'COMMIT_SHA', runs: 1 } },
    ], { target: 0 });
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=volatile-arg-early\nARG CACHEBUST=1\nRUN npm ci');
  });
});
