import { analyzeInBrowser } from '../../analysis/analyzeInBrowser';
import { stageUses } from './stageUses';

describe('stageUses', () => {
  it('lists the ARGs, secrets, SSH and cache mounts a stage uses', () => {
    const text = [
      'FROM golang:1.23 AS build',
      'ARG VERSION=dev GOFLAGS',
      'RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,id=gomod,target=/go/pkg/mod go build',
      'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=ssh make',
    ].join('\n');
    const { graph } = analyzeInBrowser({ path: 'Dockerfile', text });
    expect(stageUses(graph.stages[0])).toEqual({
      args: ['VERSION', 'GOFLAGS'],
      secrets: ['npmrc'],
      ssh: ['default'],
      caches: ['/root/.cache/go-build', 'gomod'],
    });
  });
});
