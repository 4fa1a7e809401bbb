import { analyzeDockerfile } from '../../analysis/analyzeDockerfile';
import { createRuleContext } from '../ruleContext';

function kindOf(text: string, target?: string, path = 'Dockerfile') {
  const { parsed, graph, target: index } = analyzeDockerfile({ path, text, target, rules: [] });
  return createRuleContext({ path, text, parsed, graph, target: index }).targetKind;
}

describe('targetKindOf', () => {
  it('calls a stage that runs and ships an image', () => {
    expect(kindOf('FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nCMD ["/app"]')).toBe('image');
    expect(kindOf('FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]')).toBe('image');
  });

  it('tells CI checks by name and by a command that runs tests', () => {
    expect(kindOf('FROM golang:1.23 AS base\nFROM base AS validate-vendor\nRUN go mod verify')).toBe('check');
    expect(kindOf('FROM golang:1.23 AS base\nFROM base AS outdated\nRUN go list -u -m all')).toBe('check');
    expect(kindOf('FROM python:3.12 AS app\nCMD ["pytest", "-q"]')).toBe('check');
    expect(kindOf('FROM node:22 AS app\nENTRYPOINT ["npm", "test"]')).toBe('check');
  });

  it('tells dev environments and scratch exports', () => {
    expect(kindOf('FROM node:22 AS base\nFROM base AS devcontainer')).toBe('dev');
    expect(kindOf('FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch AS binaries\nCOPY --from=build /out /')).toBe('export');
  });

  it('judges the selected target', () => {
    const text = 'FROM node:22 AS app\nCMD ["node", "server.js"]\nFROM app AS test\nRUN npm test';
    expect(kindOf(text)).toBe('check');
    expect(kindOf(text, 'app')).toBe('image');
  });

  it('tells build and test tooling images by their path', () => {
    const text = 'FROM golang:1.23\nRUN apt-get install -y make\nCMD ["bash"]';
    for (const path of [
      'loki-build-image/Dockerfile',
      'build-tools.Dockerfile',
      'images/builder/Dockerfile',
      'test/images/agnhost/Dockerfile_windows',
      'Dockerfile.e2e-tests',
      'images/test-runner/rootfs/Dockerfile',
    ]) {
      expect([path, kindOf(text, undefined, path)]).toEqual([path, 'tooling']);
    }
    for (const path of ['Dockerfile', 'services/api/Dockerfile', 'Dockerfile.production', 'contest/Dockerfile']) {
      expect([path, kindOf(text, undefined, path)]).toEqual([path, 'image']);
    }
  });

  it('calls a stage built on a dev environment a dev environment', () => {
    expect(kindOf('FROM golang:1.23 AS base\nFROM base AS dev\nRUN go install tool@v1\nFROM dev AS final')).toBe('dev');
  });
});
