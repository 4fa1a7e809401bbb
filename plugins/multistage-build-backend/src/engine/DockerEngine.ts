import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { pack } from 'tar-fs';
import type { EngineStatus } from '@stagecraft/plugin-multistage-build-common';
import { BuildStreamReader } from './BuildStreamReader';
import { type OpenSession, openSession } from './session/BuildkitSession';
import {
  BuildCancelledError,
  EngineBuildError,
  type BuildCacheUsage,
  type BuildRequest,
  type BuildResult,
  type BuildStreamMessage,
  type Engine,
  type EngineVersion,
  PushError,
  type PushResult,
  type RegistryAuth,
} from './Engine';

export { BuildCancelledError, EngineBuildError } from './Engine';
export type { BuildCacheUsage, BuildRequest, BuildResult, BuildStreamMessage } from './Engine';

/** Client certificates for an engine on `tcp://` with `--tlsverify`: PEM file paths. */
export interface EngineTls {
  ca: string;
  cert: string;
  key: string;
}

export interface DockerEngineOptions {
  /** `unix:///path/docker.sock` or `tcp://host:port`; default the local socket. */
  host?: string;
  /** For `tcp://` hosts: verify the engine with `ca` and authenticate with `cert` and `key`. */
  tls?: EngineTls;
}

export class DockerEngine implements Engine {
  readonly docker: Docker;
  /** Where the engine is reached, without credentials, for logs and the engines view. */
  readonly endpoint: string;
  readonly tls: boolean;

  constructor(options: DockerEngineOptions = {}) {
    this.docker = new Docker(dockerOptionsFor(options.host, options.tls));
    this.endpoint = describeHost(this.docker);
    this.tls = Boolean(options.tls && options.host?.startsWith('tcp://'));
  }

  async version(): Promise<EngineVersion> {
    const version = await this.docker.version();
    return { version: version.Version, apiVersion: version.ApiVersion, platform: `${version.Os}/${version.Arch}` };
  }

  /**
   * Stops a build started with `buildId`, from any process: BuildKit ends it
   * and the stream of whoever started it ends with an error. A build that
   * already ended, or that this engine never saw, is no error.
   */
  async cancelBuild(buildId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolvePromise, reject) => {
          this.docker.modem.dial(
            { path: '/build/cancel?', method: 'POST', options: { id: buildId }, statusCodes: { 200: true, 404: true, 500: 'server error' } },
            (err: Error | null) => (err ? reject(err) : resolvePromise()),
          );
        }),
        // An engine that does not answer must not hold up a cancel or a recovery round.
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.endpoint} did not answer the cancel within 5 s`)), 5000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
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
    const context = request.context ?? pack(request.contextDir ?? '.');
    let session: OpenSession | undefined;
    let stream: NodeJS.ReadableStream;
    try {
      // Our own session, never dockerode's: it serves the build's secrets, SSH agents and registry logins.
      session = await openSession(this.docker, request.session ?? {});
      // Unset options must be left out: the engine reads `t=` as an invalid tag.
      const options: Record<string, unknown> = { dockerfile: request.dockerfile, version: '2', session: session.id };
      if (request.tag) options.t = request.tag;
      if (request.target) options.target = request.target;
      if (request.buildArgs) options.buildargs = JSON.stringify(request.buildArgs);
      if (request.noCache) options.nocache = true;
      if (request.platform) options.platform = request.platform;
      // The API takes a JSON array in the query string.
      if (request.cacheFrom?.length) options.cachefrom = JSON.stringify(request.cacheFrom);
      if (request.buildId) options.buildid = request.buildId;
      stream = await new Promise<NodeJS.ReadableStream>((resolvePromise, reject) => {
        this.docker.modem.dial(
          {
            path: '/build?',
            method: 'POST',
            file: context,
            options,
            isStream: true,
            abortSignal: request.signal,
            statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
          } as never,
          (err, response) => (err ? reject(err) : resolvePromise(response as NodeJS.ReadableStream)),
        );
      });
    } catch (e) {
      session?.close();
      if (request.signal?.aborted) throw new BuildCancelledError();
      // The engine refused the request (unreachable, bad option, ...).
      throw new EngineBuildError(`the engine refused the build: ${(e as Error).message}`);
    }

    try {
      return await this.follow(stream, request);
    } catch (e) {
      if (!(e instanceof EngineBuildError) || /connection to the engine broke/.test(e.message)) throw e;
      // An engine stopping (SIGTERM) kills the build's processes and closes its
      // API, in either order: the stream may say only that a step failed.
      // Whether the engine still answers a moment later tells the two apart.
      const gone = await this.stopsAnswering(250);
      if (!gone) throw e;
      throw new EngineBuildError(`the connection to the engine broke during the build: the engine stopped answering (${gone}); its last message: ${e.message}`);
    } finally {
      session?.close();
    }
  }

  /**
   * Why the engine stopped taking connections within `ms`; undefined when it
   * kept taking them. A new connection each time: pings over a kept-alive one
   * are still answered by an engine whose API is already closed.
   */
  private async stopsAnswering(ms: number): Promise<string | undefined> {
    const { socketPath, host, port } = this.docker.modem as { socketPath?: string; host?: string; port?: number };
    const deadline = Date.now() + ms;
    do {
      const refused = await new Promise<string | undefined>(resolvePromise => {
        const socket = socketPath ? connect(socketPath) : connect(Number(port), host ?? 'localhost');
        socket.setTimeout(ms, () => {
          socket.destroy();
          resolvePromise(`no connection within ${ms} ms`);
        });
        socket.once('connect', () => {
          socket.destroy();
          resolvePromise(undefined);
        });
        socket.once('error', e => resolvePromise(e.message));
      });
      if (refused) return refused;
      await new Promise(r => setTimeout(r, 100));
    } while (Date.now() < deadline);
    return undefined;
  }

  private async follow(stream: NodeJS.ReadableStream, request: BuildRequest): Promise<BuildResult> {
    const reader = new BuildStreamReader({ onStatus: request.onStatus, onMessage: request.onMessage });
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => {
          if (request.signal?.aborted) reject(new BuildCancelledError());
          else if (err) reject(new EngineBuildError(`the connection to the engine broke during the build (${err.message}): the engine stopped or restarted`));
          else resolve();
        },
        (message: BuildStreamMessage) => {
          try {
            reader.push(message);
          } catch (e) {
            // A trace that does not decode ends the build with that reason, not the process.
            reject(e);
          }
        },
      );
    });
    if (request.signal?.aborted) throw new BuildCancelledError();
    return reader.result();
  }

  /**
   * Tags the image as `repository:tag` and pushes it through the engine
   * (`/images/{name}/push`, credentials in X-Registry-Auth). Answers the digest
   * the registry gave the manifest; a refusal (unauthorized, unknown registry)
   * throws a PushError with the registry's message.
   */
  async push(imageId: string, target: { repository: string; tag: string; auth?: RegistryAuth }): Promise<PushResult> {
    // Tag and push are two calls: two builds pushing the same reference here must not interleave,
    // or one would push (and record the digest of) the other's image.
    const reference = `${target.repository}:${target.tag}`;
    const before = this.pushes.get(reference) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.tagAndPush(imageId, target));
    const settled = mine.then(() => undefined, () => undefined);
    this.pushes.set(reference, settled);
    try {
      return await mine;
    } finally {
      if (this.pushes.get(reference) === settled) this.pushes.delete(reference);
    }
  }

  private readonly pushes = new Map<string, Promise<void>>();

  private async tagAndPush(imageId: string, target: { repository: string; tag: string; auth?: RegistryAuth }): Promise<PushResult> {
    const reference = `${target.repository}:${target.tag}`;
    await this.docker.getImage(imageId).tag({ repo: target.repository, tag: target.tag });
    let stream: NodeJS.ReadableStream;
    try {
      // dockerode's types miss the promise form of push (it answers the progress stream).
      stream = (await this.docker.getImage(reference).push({ tag: target.tag, authconfig: target.auth } as never)) as unknown as NodeJS.ReadableStream;
    } catch (e) {
      throw new PushError(`the engine refused to push ${reference}: ${(e as Error).message}`);
    }
    let digest: string | undefined;
    let failure: string | undefined;
    await new Promise<void>((resolvePromise, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(new PushError(`the connection to the engine broke while pushing ${reference}: ${err.message}`)) : resolvePromise()),
        (message: BuildStreamMessage) => {
          if (message.error || message.errorDetail) failure = message.errorDetail?.message ?? message.error;
          const aux = message.aux as { Digest?: string } | undefined;
          if (aux?.Digest) digest = aux.Digest;
        },
      );
    });
    if (failure !== undefined) throw new PushError(`pushing ${reference} failed: ${failure}`);
    if (!digest) throw new PushError(`pushing ${reference} ended without a digest from the registry`);
    return { reference, digest };
  }

  /** The image's size in bytes, layers shared with other images included. */
  async imageSize(imageId: string): Promise<number> {
    const info = await this.docker.getImage(imageId).inspect();
    return info.Size;
  }

  /**
   * Removes an image nobody named: one built only to be measured. Tagged
   * images, and images a container uses, stay; BuildKit's cache is separate
   * from the image store, so later builds still hit it. Returns whether it went.
   */
  async removeUntaggedImage(imageId: string): Promise<boolean> {
    const image = this.docker.getImage(imageId);
    const info = await image.inspect().catch(() => undefined);
    if (!info) return false;
    const tags = (info.RepoTags ?? []).filter(t => t !== '<none>:<none>');
    if (tags.length > 0) return false;
    return image.remove({ noprune: false }).then(
      () => true,
      () => false,
    );
  }

  /** Layers of an image, newest first, with the instruction that made each and its size. */
  async imageLayers(imageId: string): Promise<{ createdBy: string; sizeBytes: number }[]> {
    const history = (await this.docker.getImage(imageId).history()) as { CreatedBy: string; Size: number }[];
    return history.map(h => ({ createdBy: h.CreatedBy, sizeBytes: h.Size }));
  }

  async buildCacheUsage(): Promise<BuildCacheUsage> {
    const df = (await this.docker.df()) as { BuildCache?: { Size: number; InUse: boolean; Shared: boolean }[] };
    const records = df.BuildCache ?? [];
    return {
      records: records.length,
      sizeBytes: records.reduce((sum, r) => sum + r.Size, 0),
      reclaimableBytes: records.filter(r => !r.InUse && !r.Shared).reduce((sum, r) => sum + r.Size, 0),
    };
  }

  /** Prunes the build cache; returns the bytes freed. */
  async pruneBuildCache(): Promise<number> {
    const result = (await this.docker.pruneBuilder()) as { SpaceReclaimed?: number };
    return result.SpaceReclaimed ?? 0;
  }
}


function dockerOptionsFor(host: string | undefined, tls: EngineTls | undefined): Docker.DockerOptions {
  if (!host) return { socketPath: '/var/run/docker.sock' };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  if (!tls) return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
  return {
    host: url.hostname,
    port: Number(url.port || 2376),
    protocol: 'https',
    ca: readFileSync(tls.ca),
    cert: readFileSync(tls.cert),
    key: readFileSync(tls.key),
  };
}

function describeHost(docker: Docker): string {
  const { socketPath, host, port } = docker.modem as { socketPath?: string; host?: string; port?: number };
  return socketPath ? `unix://${socketPath}` : `tcp://${host}:${port}`;
}
