import { volatileArgEarly as rule } from './volatileArgEarly';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on a per-build ARG or ENV declared before RUN steps that do not use it', () => {
    expectFindings(
      rule,
      'FROM node:22\nARG GIT_COMMIT\nENV BUILD_DATE=today\nCOPY package.json .\nRUN npm ci\nRUN mkdir -p /app && chown node /app\nLABEL rev=$GIT_COMMIT',
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

  it('counts a script or a build command as a use: it may read the variable from its environment', () => {
    // docker/cli: ./scripts/build/binary reads VERSION without the Dockerfile naming it.
    expectNoFindings(rule, 'FROM golang:1.22\nARG VERSION\nCOPY . .\nRUN xx-go --wrap && TARGET=/out ./scripts/build/binary');
    expectNoFindings(rule, 'FROM node:22\nARG VERSION\nRUN npm run build');
    expectNoFindings(rule, 'FROM python:3.12\nARG VERSION\nRUN pip install .');
    expectFindings(rule, 'FROM node:22\nARG GIT_COMMIT\nRUN apt-get update && apt-get install -y git\nRUN npm run build\nRUN npm test', [
      { line: 2, data: { keyword: 'ARG', name: 'GIT_COMMIT', runs: 1 } },
    ]);
    expectFindings(rule, 'FROM debian:12\nARG BUILD_DATE\nRUN set -eux; if [ -d /x ]; then rm -rf /x; fi\nRUN ./configure', [
      { line: 2, data: { keyword: 'ARG', name: 'BUILD_DATE', runs: 1 } },
    ]);
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

  it('moves it just before a step that may read it, and above that step\'s comments', () => {
    const text = 'FROM node:22\nARG VERSION\nRUN npm ci\n# stagecraft ignore=swallowed-failure\nRUN VERSION=$VERSION ./build.sh || true';
    expect(expectFixResolves(rule, text)).toBe(
      'FROM node:22\nRUN npm ci\nARG VERSION\n# stagecraft ignore=swallowed-failure\nRUN VERSION=$VERSION ./build.sh || true',
    );
  });

  it('offers no fix when nothing names the variable, for cache-bust ARGs, or for multi-name declarations', () => {
    expect(findingsOf(rule, 'FROM node:22\nENV VERSION=dev\nRUN npm ci\nFROM scratch\nCOPY --from=0 /app /app').map(f => f.fix)).toEqual([null]);
    expect(findingsOf(rule, 'FROM node:22\nARG VERSION\nRUN npm ci\nRUN ./build.sh').map(f => f.fix)).toEqual([null]);
    expect(findingsOf(rule, 'FROM debian:12\nARG CACHEBUST=1\nRUN apt-get update && apt-get install -y git\nRUN echo $CACHEBUST').map(f => f.fix)).toEqual([null]);
    expect(findingsOf(rule, 'FROM node:22\nARG VERSION OTHER\nRUN npm ci\nLABEL v=$VERSION').map(f => f.fix)).toEqual([null]);
  });

  it('works with ARG-based images, every stage and a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nARG BASE=alpine:3.20\nFROM ${BASE} AS Build\nARG COMMIT_SHA\nRUN apk `\n  add git', [
      { line: 4, stage: 0, data: { keyword: 'ARG', name: 'COMMIT_SHA', runs: 1 } },
    ], { target: 0 });
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=volatile-arg-early\nARG CACHEBUST=1\nRUN npm ci');
  });

  it('does not fire on version variables pinned to a concrete release in the file', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nARG VERSION=1.4.2\nRUN apk add --no-cache make && make build');
    expectNoFindings(rule, 'FROM alpine:3.20\nENV APP_VERSION="v2.0.1"\nRUN ./build.sh');
    expectNoFindings(rule, 'ARG VERSION=3.1.0\nFROM alpine:3.20\nARG VERSION\nRUN ./build.sh');
    // Jenkins' REF is a directory, not a Git ref.
    expectNoFindings(rule, 'FROM alpine:3.20\nARG REF=/usr/share/jenkins/ref\nRUN apk add --no-cache git\nRUN mkdir -p ${REF}');
    expectNoFindings(rule, 'FROM alpine:3.20\nARG BUILD_ID=/opt/build\nRUN apk add --no-cache git');
    expectFindings(rule, 'FROM alpine:3.20\nARG VERSION=0.0.0\nRUN apk add --no-cache make\nRUN ./build.sh', [
      { line: 2, data: { keyword: 'ARG', name: 'VERSION', runs: 1 } },
    ]);
  });

  it('judges an ENV that copies an ARG by the ARG: a concrete default is a constant', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nARG APP_VER=0.0.1\nENV APP_VERSION=${APP_VER}\nRUN apk add --no-cache make');
  });
});
