import Docker from 'dockerode';
import { pack } from 'tar-fs';
import type { EngineStatus } from '@stagecraft/plugin-multistage-build-common';

/** One JSON line of the engine's /build stream. */
export interface BuildStreamMessage {
  stream?: string;
  id?: string;
  aux?: unknown;
  error?: string;
  errorDetail?: { message?: string };
}

export interface BuildRequest {
  /** The build context directory (already checked against the allowed roots). */
  contextDir: string;
  /** The Dockerfile path relative to the context. */
  dockerfile: string;
  tag?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Called with every message of the engine's build stream. */
  onMessage?: (message: BuildStreamMessage) => void;
}

export interface BuildResult {
  imageId: string;
}

/** Builds fail with the engine's own message, kept whole for the user. */
export class EngineBuildError extends Error {
  name = 'EngineBuildError';
}

/**
 * The Docker Engine API through dockerode, with its built-in BuildKit
 * (`version: '2'`): no session, so no secrets or SSH forwarding, but cache
 * mounts, `--from`, targets and build args all work.
 */
export class DockerEngine {
  readonly docker: Docker;

  constructor(options: { host?: string } = {}) {
    this.docker = new Docker(dockerOptionsFor(options.host));
  }

  async status(): Promise<EngineStatus> {
    try {
      const version = await this.docker.version();
      return { available: true, version: version.Version, apiVersion: version.ApiVersion };
    } catch (e) {
      return {
        available: false,
        reason: `No Docker engine answers at ${describeHost(this.docker)}: ${(e as Error).message}. ` +
          'Start dockerd (or set multistageBuild.docker.host / DOCKER_HOST) to enable builds; analysis works without it.',
      };
    }
  }

  async build(request: BuildRequest): Promise<BuildResult> {
    const context = pack(request.contextDir);
    let stream: NodeJS.ReadableStream;
    try {
      // Unset options must be left out: the engine reads `t=` as an invalid tag.
      const options: Docker.ImageBuildOptions = { dockerfile: request.dockerfile, version: '2' };
      if (request.tag) options.t = request.tag;
      if (request.target) options.target = request.target;
      if (request.buildArgs) options.buildargs = request.buildArgs;
      stream = await this.docker.buildImage(context as unknown as NodeJS.ReadableStream, options);
    } catch (e) {
      // The engine refused the request (unreachable, bad option, ...).
      throw new EngineBuildError(`the engine refused the build: ${(e as Error).message}`);
    }

    let imageId: string | undefined;
    let failure: string | undefined;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) =>
          err ? reject(new EngineBuildError(`the engine's build stream broke: ${err.message}`)) : resolve(),
        (message: BuildStreamMessage) => {
          // dockerode does not reject on an error line: the stream just ends.
          if (message.error || message.errorDetail) {
            failure = message.errorDetail?.message ?? message.error;
          }
          if (message.id === 'moby.image.id') {
            imageId = (message.aux as { ID?: string } | undefined)?.ID;
          }
          request.onMessage?.(message);
        },
      );
    });
    if (failure !== undefined) throw new EngineBuildError(failure);
    if (!imageId) throw new EngineBuildError('the engine finished the build without reporting an image id');
    return { imageId };
  }
}

function dockerOptionsFor(host: string | undefined): Docker.DockerOptions {
  if (!host) return { socketPath: '/var/run/docker.sock' };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
}

function describeHost(docker: Docker): string {
  const { socketPath, host, port } = docker.modem as { socketPath?: string; host?: string; port?: number };
  return socketPath ? `unix://${socketPath}` : `tcp://${host}:${port}`;
}
