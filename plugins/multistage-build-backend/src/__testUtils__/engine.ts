import { DockerEngine } from '../engine/DockerEngine';

/**
 * The real engine for engine tests. Where none answers, the tests are skipped,
 * unless STAGECRAFT_REQUIRE_ENGINE=1 (the README's test command sets it), in
 * which case they fail: CI never passes without having built for real.
 */
export async function engineForTests(): Promise<DockerEngine | undefined> {
  const engine = new DockerEngine({ host: process.env.DOCKER_HOST });
  const status = await engine.status();
  if (status.available) return engine;
  if (process.env.STAGECRAFT_REQUIRE_ENGINE === '1') {
    throw new Error(`STAGECRAFT_REQUIRE_ENGINE=1 but ${status.reason}`);
  }
  return undefined;
}

/** The local base images scripts/bootstrap/base-images.sh makes, as build args. */
export const localBaseImages = {
  GCC_IMAGE: 'stagecraft/gcc:12',
  RUNTIME_IMAGE: 'stagecraft/busybox:1.35',
  BUSYBOX_IMAGE: 'stagecraft/busybox:1.35',
  PYTHON_IMAGE: 'stagecraft/python:3.11',
  NODE_IMAGE: 'stagecraft/node:18',
  NODE_RUNTIME_IMAGE: 'stagecraft/node:18-slim',
  // The template library's base-image args (Debian's toolchains stand in for the official images).
  PYTHON_RUNTIME_IMAGE: 'stagecraft/python:3.11-slim',
  GO_IMAGE: 'stagecraft/golang:1.19',
  GO_RUNTIME_IMAGE: 'stagecraft/busybox:1.35',
  RUST_IMAGE: 'stagecraft/rust:1.63',
  RUST_RUNTIME_IMAGE: 'stagecraft/debian:bookworm',
  NGINX_IMAGE: 'stagecraft/nginx:1.22',
  MAVEN_IMAGE: 'stagecraft/maven:3.8.7',
  GRADLE_IMAGE: 'stagecraft/gradle:4.4',
  JAVA_RUNTIME_IMAGE: 'stagecraft/debian:bookworm',
};

/**
 * The second engine scripts/services/second-engine.sh starts (its unix socket,
 * and tcp with --tlsverify and the client certificates it made), for tests of
 * many builders. Undefined (the tests skip) where it is not running, unless
 * STAGECRAFT_REQUIRE_ENGINE=1.
 */
export function secondEngineForTests(): { socket: string; tcp: string; certs: string } | undefined {
  const socket = process.env.STAGECRAFT_ENGINE_TWO_SOCKET;
  const tcp = process.env.STAGECRAFT_ENGINE_TWO_TCP;
  const certs = process.env.STAGECRAFT_ENGINE_TWO_CERTS;
  if (socket && tcp && certs) return { socket, tcp, certs };
  if (process.env.STAGECRAFT_REQUIRE_ENGINE === '1') {
    throw new Error('STAGECRAFT_REQUIRE_ENGINE=1 but the second engine is not set (run scripts/services/second-engine.sh and export what it prints)');
  }
  return undefined;
}

/**
 * The local registry scripts/services/registry.sh starts, with its test user.
 * Undefined (the tests skip) where it is not running, unless
 * STAGECRAFT_REQUIRE_ENGINE=1.
 */
export function registryForTests(): { host: string; username: string; password: string } | undefined {
  const host = process.env.STAGECRAFT_REGISTRY;
  const username = process.env.STAGECRAFT_REGISTRY_USER;
  const password = process.env.STAGECRAFT_REGISTRY_PASSWORD;
  if (host && username && password) return { host, username, password };
  if (process.env.STAGECRAFT_REQUIRE_ENGINE === '1') {
    throw new Error('STAGECRAFT_REQUIRE_ENGINE=1 but no test registry is set (run scripts/services/registry.sh and export what it prints)');
  }
  return undefined;
}
