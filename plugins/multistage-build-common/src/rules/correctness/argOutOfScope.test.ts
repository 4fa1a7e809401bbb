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

  it('fires on platform ARGs and undeclared global ARGs in RUN scripts and the heredocs their shell expands', () => {
    // excalidraw: npm_config_target_arch is always empty without ARG TARGETARCH.
    expectFindings(
      rule,
      [
        'ARG NODE_VERSION=22',
        'FROM --platform=${BUILDPLATFORM} node:24 AS build',
        'RUN --mount=type=cache,target=/root/.cache/yarn \\',
        '    npm_config_target_arch=${TARGETARCH} yarn install',
        'RUN <<EOF',
        'echo "building for $NODE_VERSION"',
        'EOF',
        'RUN cat <<CONF > /etc/app.conf',
        'arch=$TARGETARCH',
        'CONF',
      ].join('\n'),
      [
        { line: 3, endLine: 4, stage: 0, data: { name: 'TARGETARCH', reason: 'platform', declaredIn: null } },
        { line: 5, endLine: 7, stage: 0, data: { name: 'NODE_VERSION', reason: 'global', declaredIn: null } },
        { line: 8, endLine: 10, stage: 0, data: { name: 'TARGETARCH', reason: 'platform', declaredIn: null } },
      ],
    );
    expectFindings(
      rule,
      'FROM alpine:3.20 AS build\nARG APP=server\nFROM alpine:3.20\nRUN echo $APP\nRUN ["sh", "-c", "echo $LATER"]\nENV LATER=1',
      [
        { line: 4, stage: 1, data: { name: 'APP', reason: 'other-stage', declaredIn: 'stage "build"' } },
        { line: 5, stage: 1, data: { name: 'LATER', reason: 'later', declaredIn: null } },
      ],
    );
  });

  it('does not fire in RUN on names in scope, names the script or a mount sets, or names the file never declares', () => {
    expectNoFindings(
      rule,
      [
        'ARG VERSION=1 TOKEN',
        'FROM golang:1.22',
        'ARG TARGETARCH',
        'ARG VERSION',
        'ENV APP=/app',
        'RUN echo $TARGETARCH $VERSION $APP $GOPATH $HOME',
        'RUN GOARCH=amd64; case "$TARGETARCH" in arm64) GOARCH=arm64 ;; esac; echo $GOARCH',
        'RUN for TARGETOS in linux darwin; do echo $TARGETOS; done && export BUILDARCH=x && echo $BUILDARCH',
        'RUN --mount=type=secret,id=token,env=TOKEN echo $TOKEN',
        'RUN . ./versions.env && echo $TARGETVARIANT',
        "RUN echo '$TARGETOS' \\$TARGETOS # $TARGETOS",
        'RUN ["/bin/echo", "$TARGETOS"]',
        "RUN cat <<'EOF' > /usr/local/bin/run",
        'exec app --arch=$TARGETARCH --os=$TARGETOS',
        'EOF',
        'CMD echo $TARGETOS',
      ].join('\n'),
    );
  });

  it('fixes a RUN use by declaring the ARG before it', () => {
    const fixed = expectFixResolves(
      rule,
      'FROM --platform=$BUILDPLATFORM node:24 AS build\nCOPY . .\n# install\nRUN --mount=type=cache,target=/root/.npm \\\n    npm_config_target_arch=${TARGETARCH} npm ci',
    );
    expect(fixed).toBe(
      'FROM --platform=$BUILDPLATFORM node:24 AS build\nCOPY . .\nARG TARGETARCH\n# install\nRUN --mount=type=cache,target=/root/.npm \\\n    npm_config_target_arch=${TARGETARCH} npm ci',
    );
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

  it("does not report what a base image's environment sets: search paths, homes, and an ENV that extends itself", () => {
    expectNoFindings(
      rule,
      [
        'FROM quay.io/pypa/manylinux_2_28 AS base',
        'ENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH',
        'FROM base AS other',
        'ENV CUDA_HOME=/usr/local/cuda PYTHONPATH=/src',
        'FROM ubuntu:24.04',
        'RUN echo $CUDA_HOME $PYTHONPATH',
        'ENV FLAGS="-O2 $FLAGS"',
        'FROM alpine:3.20 AS x',
        'ENV FLAGS=-g',
      ].join('\n'),
    );
  });
});
