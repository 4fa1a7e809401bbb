import { convertChecked, refusal, stageText } from './__testUtils__/convertChecked';

describe('convertToMultiStage: Rust', () => {
  it('fetches crates from the manifests and copies the release binary out of the target cache', () => {
    const result = convertChecked(`FROM rust:1.77-bookworm
WORKDIR /app
RUN apt-get update && apt-get install -y pkg-config libssl-dev
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --locked
EXPOSE 3000
CMD ["./target/release/hello-api"]
`);
    expect(result.language).toBe('rust');
    expect(result.stages).toEqual(['deps', 'build', 'test', 'runtime']);
    expect(result.text).toContain('ARG RUST_VERSION=1.77\n');
    expect(stageText(result.text, 'deps')).toContain(
      [
        'COPY Cargo.toml Cargo.lock ./',
        'RUN --mount=type=cache,target=/usr/local/cargo/registry \\',
        '    --mount=type=cache,target=/usr/local/cargo/git \\',
        '    mkdir -p src && touch src/main.rs \\',
        '    && cargo fetch --locked \\',
        '    && rm -rf src',
      ].join('\n'),
    );
    expect(stageText(result.text, 'build')).toBe(
      [
        'FROM deps AS build',
        'COPY . .',
        'RUN --mount=type=cache,target=/usr/local/cargo/registry \\',
        '    --mount=type=cache,target=/usr/local/cargo/git \\',
        '    --mount=type=cache,target=/app/target \\',
        '    cargo build --release --locked \\',
        '    && cp target/release/hello-api /usr/local/bin/hello-api',
      ].join('\n'),
    );
    expect(stageText(result.text, 'test')).toContain('    cargo test --release --locked && touch /tmp/tests-passed');
    expect(stageText(result.text, 'runtime')).toBe(
      [
        'FROM debian:bookworm-slim AS runtime',
        'WORKDIR /app',
        'COPY --from=test /tmp/tests-passed /tmp/tests-passed',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /usr/local/bin/hello-api /usr/local/bin/hello-api',
        'EXPOSE 3000',
        'USER 10001:10001',
        'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\',
        '    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000"]',
        'CMD ["/usr/local/bin/hello-api"]',
      ].join('\n'),
    );
    expect(result.notes.join('\n')).toContain('install the OpenSSL runtime library');
  });

  it('takes the binary name from --bin and runs an Alpine build on Alpine', () => {
    const result = convertChecked(`FROM rust:1.78-alpine3.19
RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN cargo build --release --bin server
CMD ["server", "--port", "80"]
`);
    expect(stageText(result.text, 'deps')).toContain('RUN apk add --no-cache musl-dev');
    const runtime = stageText(result.text, 'runtime');
    expect(runtime.split('\n')[0]).toBe('FROM alpine:3.19 AS runtime');
    expect(runtime).toContain('COPY --from=build /usr/local/bin/server /usr/local/bin/server');
    expect(runtime).toContain('CMD ["/usr/local/bin/server", "--port", "80"]');
  });

  it('refuses when it cannot tell the binary name', () => {
    expect(
      refusal(`FROM rust:1.77
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["cargo", "run", "--release"]
`),
    ).toBe(
      'Dockerfile:5: cannot tell the binary name; expected a CMD or ENTRYPOINT that runs target/release/<name> (or <name>), or cargo build --bin <name>',
    );
  });
});
