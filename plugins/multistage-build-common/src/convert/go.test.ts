import { convertChecked, stageText } from './__testUtils__/convertChecked';

describe('convertToMultiStage: Go', () => {
  it('runs a static binary on distroless as nonroot when no port needs a probe', () => {
    const result = convertChecked(`FROM golang:1.22-alpine
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /out/worker ./cmd/worker
ENTRYPOINT ["/out/worker"]
`);
    expect(result.language).toBe('go');
    expect(result.stages).toEqual(['deps', 'build', 'test', 'runtime']);
    expect(result.text).toContain('ARG GO_VERSION=1.22\n');
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM golang:${GO_VERSION}-alpine AS deps',
        'WORKDIR /src',
        'ENV CGO_ENABLED=0',
        'COPY go.mod go.sum ./',
        'RUN --mount=type=cache,target=/go/pkg/mod \\',
        '    go mod download',
      ].join('\n'),
    );
    expect(stageText(result.text, 'build')).toBe(
      [
        'FROM deps AS build',
        'COPY . .',
        'RUN --mount=type=cache,target=/go/pkg/mod \\',
        '    --mount=type=cache,target=/root/.cache/go-build \\',
        '    go build -ldflags="-s -w" -o /out/worker ./cmd/worker',
      ].join('\n'),
    );
    expect(stageText(result.text, 'test')).toContain('    go test ./... && touch /tmp/tests-passed');
    expect(stageText(result.text, 'runtime')).toBe(
      [
        'FROM gcr.io/distroless/static-debian12:nonroot AS runtime',
        'WORKDIR /src',
        'COPY --from=test /tmp/tests-passed /tmp/tests-passed',
        'COPY --from=build /out/worker /out/worker',
        'USER 65532:65532',
        'ENTRYPOINT ["/out/worker"]',
      ].join('\n'),
    );
  });

  it('adds -o from the CMD, uses debian slim with a bash probe for an exposed port', () => {
    const result = convertChecked(`FROM golang:1.23-bookworm
WORKDIR /app
COPY . .
RUN go mod download && go build ./cmd/api
EXPOSE 8080
CMD ./api --listen :8080
`);
    expect(stageText(result.text, 'deps')).toContain('COPY go.mod go.sum* ./');
    expect(stageText(result.text, 'build')).toContain('    go build -o /app/api ./cmd/api');
    expect(stageText(result.text, 'runtime')).toBe(
      [
        'FROM debian:bookworm-slim AS runtime',
        'WORKDIR /app',
        'COPY --from=test /tmp/tests-passed /tmp/tests-passed',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /app/api /app/api',
        'EXPOSE 8080',
        'USER 10001:10001',
        'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\',
        '    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]',
        'CMD ["./api", "--listen", ":8080"]',
      ].join('\n'),
    );
  });

  it('keeps the build ARGs the build command uses next to it', () => {
    const result = convertChecked(`FROM golang:1.22
ARG VERSION=dev
WORKDIR /app
COPY . .
RUN go build -ldflags "-X main.version=\${VERSION}" -o /app/server .
CMD ["/app/server"]
`);
    expect(stageText(result.text, 'build')).toContain(
      'COPY . .\nARG VERSION=dev\nRUN --mount=type=cache,target=/go/pkg/mod',
    );
  });
});
