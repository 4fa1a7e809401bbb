/*
 * Rust: dependencies compiled once per Cargo.lock change (against a stub
 * main, so the layer does not depend on the sources), then the service and
 * its tests with cargo's registry cached, and the binary on distroless cc
 * (glibc, no shell). The binary answers its own HEALTHCHECK (`--healthcheck`).
 */
import { dockerfileText, dockerignore, header, jsonArray, run, stageComment, testRun } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { portParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage, TemplateValues } from '../types';
import { distrolessRuntimeLines } from './distrolessParts';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'the crates Cargo.lock pins, compiled; cached until Cargo.toml or Cargo.lock changes.' },
  { name: 'build', description: 'the release binary.' },
  { name: 'test', description: '`cargo test`; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: the toolchain and `cargo run`.', optional: true },
  { name: 'runtime', description: 'distroless cc with the binary only, as the nonroot user.' },
];

const registry: CacheMount = { target: '/usr/local/cargo/registry' };

const baseImages = (v: TemplateValues) => ({
  RUST_IMAGE: `rust:${v.rustVersion}-bookworm`,
  RUST_RUNTIME_IMAGE: 'gcr.io/distroless/cc-debian12:nonroot',
});

export const rustTemplate: ServiceTemplate = {
  id: 'rust',
  title: 'Rust service (cargo)',
  language: 'rust',
  buildTool: 'cargo',
  description: 'A Cargo binary crate built in release mode with dependencies compiled in their own layer; runs on distroless cc. The HEALTHCHECK runs the binary with --healthcheck, which must exit 0 while the service is healthy (the skeleton does this).',
  compiled: true,
  parameters: [
    versionParameter({ name: 'rustVersion', title: 'Rust version', description: 'The official rust image tag to build with.', default: '1.83.0' }),
    {
      name: 'binary',
      title: 'Binary',
      description: 'The name of the binary target Cargo builds (the package name by default).',
      type: 'string',
      default: 'server',
      pattern: /^[A-Za-z0-9_-]+$/,
      patternDescription: 'a Cargo binary name such as server',
      describesProject: true,
    },
    portParameter(8080),
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const port = v.port as number;
    const binary = String(v.binary);
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG RUST_IMAGE=${images.RUST_IMAGE}`, `ARG RUST_RUNTIME_IMAGE=${images.RUST_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'deps'),
        'FROM ${RUST_IMAGE} AS deps',
        'ENV CARGO_HOME=/usr/local/cargo',
        'WORKDIR /src',
        'COPY Cargo.toml Cargo.lock ./',
        '# A stub main, so this layer compiles the dependencies without the sources.',
        run(["mkdir src && echo 'fn main() {}' > src/main.rs", 'cargo build --release --locked', 'rm -rf src'].join(' \\\n    && '), [registry]),
      ],
      [
        stageComment(stages, 'build'),
        'FROM deps AS build',
        'COPY src ./src',
        "# touch: COPY keeps the sources' old times, which cargo could take for the stub it built.",
        run(['touch src/main.rs', 'cargo build --release --locked', `install -D target/release/${binary} /out/${binary}`].join(' \\\n    && '), [registry]),
      ],
      [
        stageComment(stages, 'test'),
        'FROM build AS test',
        testRun('cargo test --release --locked', [registry]),
      ],
      [
        stageComment(stages, 'dev'),
        'FROM build AS dev',
        '# The crates go into the image, so that `cargo run` starts without a network.',
        '# stagecraft ignore=missing-cache-mount',
        'RUN cargo fetch --locked',
        'COPY . .',
        `ENV PORT=${port}`,
        `EXPOSE ${port}`,
        `CMD ${jsonArray(['cargo', 'run', '--release'])}`,
      ],
      distrolessRuntimeLines({
        stages,
        imageArg: 'RUST_RUNTIME_IMAGE',
        built: `/out/${binary}`,
        installed: `/usr/local/bin/${binary}`,
        probeFlag: '--healthcheck',
        port,
      }),
    ]);
    return { dockerfile, dockerignore: dockerignore(['target', '**/*.rs.bk']) };
  },
};
