/*
 * Go: modules downloaded once per go.sum change, the build and the tests
 * with Go's module and build caches mounted, and a static binary on a
 * distroless image. The binary answers its own HEALTHCHECK (`-healthcheck`),
 * since the runtime image has no shell or curl.
 */
import { dockerfileText, dockerignore, header, jsonArray, run, stageComment, testRun } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { pathParameter, portParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage, TemplateValues } from '../types';
import { distrolessRuntimeLines } from './distrolessParts';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'the modules go.mod and go.sum pin; cached until they change.' },
  { name: 'build', description: 'a static, stripped binary (CGO off).' },
  { name: 'test', description: '`go vet` and `go test`; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: the toolchain and `go run`.', optional: true },
  { name: 'runtime', description: 'distroless static with the binary only, as the nonroot user.' },
];

const modules: CacheMount = { target: '/go/pkg/mod' };
const caches: CacheMount[] = [modules, { target: '/root/.cache/go-build' }];

const baseImages = (v: TemplateValues) => ({
  GO_IMAGE: `golang:${v.goVersion}-bookworm`,
  GO_RUNTIME_IMAGE: 'gcr.io/distroless/static-debian12:nonroot',
});

export const goTemplate: ServiceTemplate = {
  id: 'go',
  title: 'Go service',
  language: 'go',
  buildTool: 'go',
  description: 'A Go module built into one static binary that runs on distroless. The HEALTHCHECK runs the binary with -healthcheck, which must exit 0 while the service is healthy (the skeleton does this).',
  compiled: true,
  parameters: [
    versionParameter({ name: 'goVersion', title: 'Go version', description: 'The official golang image tag to build with.', default: '1.23.4' }),
    pathParameter({ name: 'mainPackage', title: 'Main package', description: 'The package `go build` compiles, relative to the module root.', default: 'cmd/server' }),
    portParameter(8080),
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const port = v.port as number;
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG GO_IMAGE=${images.GO_IMAGE}`, `ARG GO_RUNTIME_IMAGE=${images.GO_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'deps'),
        'FROM ${GO_IMAGE} AS deps',
        'ENV GOMODCACHE=/go/pkg/mod GOCACHE=/root/.cache/go-build CGO_ENABLED=0',
        'WORKDIR /src',
        '# go.sum is absent until the module has a dependency.',
        'COPY go.mod go.sum* ./',
        run('go mod download', [modules]),
      ],
      [
        stageComment(stages, 'build'),
        'FROM deps AS build',
        'COPY . .',
        run(`go build -trimpath -ldflags="-s -w" -o /out/server ./${v.mainPackage}`, caches),
      ],
      [stageComment(stages, 'test'), 'FROM build AS test', testRun('go vet ./... && go test ./...', caches)],
      [
        stageComment(stages, 'dev'),
        'FROM deps AS dev',
        '# The modules go into the image, so that `go run` starts without a network.',
        '# stagecraft ignore=missing-cache-mount',
        'RUN go mod download',
        'COPY . .',
        `ENV PORT=${port}`,
        `EXPOSE ${port}`,
        `CMD ${jsonArray(['go', 'run', `./${v.mainPackage}`])}`,
      ],
      distrolessRuntimeLines({ stages, imageArg: 'GO_RUNTIME_IMAGE', built: '/out/server', installed: '/server', probeFlag: '-healthcheck', port }),
    ]);
    return { dockerfile, dockerignore: dockerignore(['bin', '*.test', 'coverage.out']) };
  },
};
