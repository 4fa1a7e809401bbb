import { argOutOfScope as rule } from './argOutOfScope';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on a global ARG that the stage does not re-declare', () => {
    expectFindings(
      rule,
      'ARG VERSION=1.4.0\nFROM alpine:3.20\nLABEL org.opencontainers.image.version=$VERSION\nARG VERSION\nLABEL v=${VERSION}',
      [{ line: 3, stage: 0, data: { name: 'VERSION', reason: 'global', declaredIn: null } }],
    );
  });

  it('fires on platform ARGs used before ARG declares them', () => {
    expectFindings(
      rule,
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nWORKDIR /out/${TARGETARCH}\nARG TARGETARCH\nCOPY . /src/$TARGETARCH',
      [{ line: 2, data: { name: 'TARGETARCH', reason: 'platform', declaredIn: null } }],
    );
  });

  it('fires on a name declared only in another stage, including with a default', () => {
    expectFindings(
      rule,
      'FROM golang:1.22 AS build\nARG APP=server\nFROM alpine:3.20\nCOPY --from=build /out/${APP:-server} /usr/local/bin/',
      [{ line: 4, stage: 1, data: { name: 'APP', reason: 'other-stage', declaredIn: 'stage "build"' } }],
    );
  });

  it('in a stage from scratch, fires on any undeclared name; one finding per variable per instruction', () => {
    expectFindings(rule, 'FROM scratch\nCOPY app $HOME/bin/$HOME $APP_DIR\nENV PATH=$PATH:/bin', [
      { line: 2, data: { name: 'HOME', reason: 'undeclared', declaredIn: null } },
      { line: 2, data: { name: 'APP_DIR', reason: 'undeclared', declaredIn: null } },
    ]);
  });

  it('inherits ARG and ENV from the stage a stage is built FROM', () => {
    expectNoFindings(
      rule,
      [
        'ARG NODE=22',
        'FROM node:${NODE} AS base',
        'ARG NODE',
        'ENV APP_HOME=/app',
        'FROM base AS build',
        'WORKDIR $APP_HOME',
        'LABEL node=$NODE',
        'FROM base',
        'USER ${NODE}',
      ].join('\n'),
    );
  });

  it('does not fire on shell text, escapes, proxies, image env or ENV on the same stage', () => {
    expectNoFindings(
      rule,
      [
        'FROM golang:1.22',
        'RUN echo $VERSION && go env $GOPATH',
        'CMD echo $HOME',
        'WORKDIR $GOPATH/src',
        'ENV A=1 B=\\$A C=\'$D\'',
        'ENV E=$A',
        'LABEL proxy=$HTTP_PROXY$no_proxy cost=$$5',
        'ARG X=1 Y=$X',
      ].join('\n'),
    );
  });

  it('reads ENV values with the scope before the instruction, as BuildKit does', () => {
    expectFindings(rule, 'FROM scratch\nENV A=1 B=$A\nFROM golang:1.22\nWORKDIR $SRC\nENV SRC=/src', [
      { line: 2, data: { name: 'A', reason: 'later', declaredIn: null } },
      { line: 4, data: { name: 'SRC', reason: 'later', declaredIn: null } },
    ]);
  });

  it('judges stages the target does not need, with a Windows escape, and respects ignore comments', () => {
    expectFindings(rule, '# escape=`\nARG TAG=1\nFROM scratch AS unused\nLABEL tag=$TAG cost=`$X\nFROM scratch', [
      { line: 4, stage: 0, data: { name: 'TAG', reason: 'global', declaredIn: null } },
    ], { target: 1 });
    expectNoFindings(rule, 'ARG V=1\nFROM scratch\n# stagecraft ignore=arg-out-of-scope\nLABEL v=$V');
  });

  it('fixes by declaring the ARG once, before the first use and its comments', () => {
    const fixed = expectFixResolves(
      rule,
      'ARG VERSION=1.4.0\nFROM alpine:3.20\n# version label\nLABEL version=$VERSION\nCOPY app-${VERSION}.tar /app.tar',
    );
    expect(fixed).toBe(
      'ARG VERSION=1.4.0\nFROM alpine:3.20\nARG VERSION\n# version label\nLABEL version=$VERSION\nCOPY app-${VERSION}.tar /app.tar',
    );
  });

  it('offers no fix for names no ARG it could re-declare provides', () => {
    expect(findingsOf(rule, 'FROM scratch\nWORKDIR $HOME').map(f => f.fix)).toEqual([null]);
  });
});
