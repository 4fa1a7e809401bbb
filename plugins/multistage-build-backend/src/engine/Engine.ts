/*
 * What the build path needs of a Docker engine: build with BuildKit and hear
 * its progress already decoded, stop a build from anywhere by its id, and the
 * image and cache operations around a build. DockerEngine is the real one
 * (dockerode over the Engine API); tests replay recorded engine streams
 * through the same stream reader (__testUtils__/RecordedEngine).
 */
import type { BuildkitStatus } from './buildkitTrace';
import type { SessionGrants } from './session/BuildkitSession';

/** One JSON line of the engine's /build stream. */
export interface BuildStreamMessage {
  stream?: string;
  id?: string;
  aux?: unknown;
  error?: string;
  errorDetail?: { message?: string };
}

export interface BuildRequest {
  /** The build context directory (already checked against the allowed roots), packed whole. */
  contextDir?: string;
  /** Or the context as a tar stream (see buildContext.ts: `.dockerignore` applied). */
  context?: NodeJS.ReadableStream;
  /** The Dockerfile path relative to the context. */
  dockerfile: string;
  tag?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Build without the engine's cache. */
  noCache?: boolean;
  /** e.g. `linux/amd64`. */
  platform?: string;
  /** Images whose layers may be used as cache (`--cache-from`). */
  cacheFrom?: string[];
  /** What the build's BuildKit session serves: secrets, SSH agents, registry logins. Nothing when left out. */
  session?: SessionGrants;
  /** Aborting ends the request; the engine then cancels the build. */
  signal?: AbortSignal;
  /** BuildKit's build id: any process can stop the build with `cancelBuild(buildId)`. */
  buildId?: string;
  /** Called with BuildKit's progress, decoded: vertexes, their statuses and logs. */
  onStatus?: (status: BuildkitStatus) => void;
  /** Called with every raw message of the engine's build stream (logs of template builds). */
  onMessage?: (message: BuildStreamMessage) => void;
}

export interface BuildResult {
  imageId: string;
}

/** The engine's build cache, as `docker system df` reports it. */
export interface BuildCacheUsage {
  records: number;
  sizeBytes: number;
  /** Bytes of records that no image uses any more. */
  reclaimableBytes: number;
}

/** Credentials for a registry, sent to the engine in X-Registry-Auth; never stored or logged. */
export interface RegistryAuth {
  username: string;
  password: string;
  /** The registry host, e.g. `registry.example.com` or `localhost:5000`. */
  serveraddress: string;
}

/** What a push left in the registry. */
export interface PushResult {
  /** `repository:tag` as pushed. */
  reference: string;
  /** The manifest digest the registry answered, `sha256:…`. */
  digest: string;
}

/** Pushing failed, with the engine's (registry's) own message. */
export class PushError extends Error {
  name = 'PushError';
}

/** The engine's answer to a version request: what the health check reads. */
export interface EngineVersion {
  version: string;
  apiVersion: string;
  /** e.g. `linux/amd64`. */
  platform: string;
}

export interface Engine {
  /** Where the engine is reached, without credentials. */
  readonly endpoint: string;
  /** Whether it is reached over TLS with a client certificate. */
  readonly tls: boolean;
  version(): Promise<EngineVersion>;
  build(request: BuildRequest): Promise<BuildResult>;
  /** Stops a build started with `buildId`, from any process; an unknown or ended build is no error. */
  cancelBuild(buildId: string): Promise<void>;
  imageSize(imageId: string): Promise<number>;
  /** Tags the image `repository:tag` and pushes it; answers the digest the registry gave it. */
  push(imageId: string, target: { repository: string; tag: string; auth?: RegistryAuth }): Promise<PushResult>;
  removeUntaggedImage(imageId: string): Promise<boolean>;
  imageLayers(imageId: string): Promise<{ createdBy: string; sizeBytes: number }[]>;
  buildCacheUsage(): Promise<BuildCacheUsage>;
  pruneBuildCache(): Promise<number>;
}

/** The build was cancelled by its caller. */
export class BuildCancelledError extends Error {
  name = 'BuildCancelledError';

  constructor() {
    super('the build was cancelled');
  }
}

/** Builds fail with the engine's own message, kept whole for the user. */
export class EngineBuildError extends Error {
  name = 'EngineBuildError';
}
