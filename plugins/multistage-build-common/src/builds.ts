/*
 * Build configurations, runs and steps: the shapes the backend stores and
 * the API and UI exchange.
 */

/** Cache import/export settings, as `docker buildx build --cache-from/--cache-to` takes them. */
export interface CacheSettings {
  /** e.g. `type=registry,ref=registry.example.com/app:cache`. */
  from: string[];
  to: string[];
  /** Ignore the local cache entirely (`--no-cache`). */
  disabled: boolean;
}

/** Per-stage settings over the file's defaults. */
export interface StageOverride {
  /** Skip the stage's cache (`--no-cache-filter`). */
  noCache?: boolean;
}

/** Where a successful build's image is pushed. */
export interface PushSettings {
  /** e.g. `registry.example.com/team/app`: its host must be a registry in `multistageBuild.registries`. */
  repository: string;
  /**
   * Tag templates: `{runId}`, `{shortRunId}` (first 8), `{commit}` (the source's, first 12),
   * `{date}` (UTC, YYYYMMDD), `{target}`, `{entity}` (its name); e.g. `{date}-{shortRunId}`, `latest`.
   */
  tags: string[];
}

/** What a build of an entity's Dockerfile uses unless a request says otherwise. */
export interface BuildConfig {
  /** The stage to build; the Dockerfile's last stage when null. */
  target: string | null;
  buildArgs: Record<string, string>;
  /** e.g. `linux/amd64`; empty means the engine's own platform. */
  platforms: string[];
  cache: CacheSettings;
  /** By stage name. */
  stageOverrides: Record<string, StageOverride>;
  /** Ids of secrets (`multistageBuild.secrets`) its RUN --mount=type=secret may read; never values. */
  secrets: string[];
  /** Ids of SSH agents (`multistageBuild.ssh`) its RUN --mount=type=ssh may reach. */
  ssh: string[];
  /** Push the image after a successful build; null: keep it on the builder only. */
  push: PushSettings | null;
}

/** A saved configuration with its version for optimistic concurrency. */
export interface StoredBuildConfig {
  entityRef: string;
  config: BuildConfig;
  /** 0 for an entity that has never saved one (the defaults). */
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export const defaultBuildConfig: BuildConfig = {
  target: null,
  buildArgs: {},
  platforms: [],
  cache: { from: [], to: [], disabled: false },
  stageOverrides: {},
  secrets: [],
  ssh: [],
  push: null,
};

/** What a run pushed: every tag, the digest they name, and each platform's own image. */
export interface PushedImage {
  repository: string;
  tags: string[];
  /** The manifest (one platform) or manifest list (several) the tags name. */
  digest: string;
  platforms: { platform: string; digest: string }[];
}

/** Findings of a Dockerfile by severity. */
export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

/** One saved version of an entity's build configuration. */
export interface BuildConfigVersion {
  version: number;
  config: BuildConfig;
  updatedBy: string | null;
  updatedAt: string;
}

export type BuildRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Why a step did not come from the cache, worked out against the previous run. */
export type CacheMissReason =
  | { kind: 'first-build' }
  | { kind: 'instruction-changed'; before: string; after: string }
  | { kind: 'build-arg-changed'; names: string[] }
  | { kind: 'base-image-changed'; before: string | null; after: string | null }
  | { kind: 'earlier-step-missed'; step: string }
  | { kind: 'context-files-changed'; paths: string[]; more: number }
  | { kind: 'cache-disabled' }
  | { kind: 'unknown' };

export interface BuildStep {
  runId: string;
  /** BuildKit's vertex digest. */
  digest: string;
  /** BuildKit's vertex name, e.g. `[build 3/5] RUN make`. */
  name: string;
  /** The stage, by name or `stage-N` as BuildKit prints it; null for internal steps. */
  stage: string | null;
  /** 1-based position of the instruction in its stage (1 = FROM). */
  step: number | null;
  /** The instruction text, e.g. `RUN make`. */
  instruction: string | null;
  cached: boolean;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /** The last lines of the step's output. */
  logTail: string;
  missReason: CacheMissReason | null;
  /** The platform built, when the run builds several (each has its own steps); null for one. */
  platform: string | null;
}

export interface BuildRun {
  id: string;
  entityRef: string;
  status: BuildRunStatus;
  /** The stage built; null means the Dockerfile's last stage. */
  target: string | null;
  /** The saved configuration with the request's overrides: what the run was asked for. */
  config: BuildConfig;
  /**
   * Build args the operators' defaults (app-config `multistageBuild.builds.buildArgs`)
   * supplied to this run, by name only: their values are applied at build time and
   * never stored with the run.
   */
  defaultBuildArgs: string[];
  requestedBy: string | null;
  dockerfilePath: string;
  dockerfileDigest: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  imageId: string | null;
  imageSize: number | null;
  /** Final image size of each stage the target needs, by stage name. */
  stageSizes: Record<string, number>;
  error: string | null;
  cacheHits: number;
  cacheMisses: number;
  /** Estimated time the cached steps saved: their durations when they last ran uncached. */
  timeSavedMs: number;
  /** Findings of the Dockerfile for the run's target when it was queued; null for runs stored before they were counted. */
  findings: FindingCounts | null;
  /** The builder (`multistageBuild.builders`) that ran or runs it; null while queued and for runs stored before builders had names. */
  engine: string | null;
  /** What was pushed, once it was; null when the run pushes nothing or has not pushed yet. */
  pushed: PushedImage | null;
}

/** One page of runs, newest first, and how many match in all. */
export interface BuildRunPage {
  items: BuildRun[];
  total: number;
}

/** A step's whole output, as stored when the run ended. */
export interface BuildStepLog {
  digest: string;
  text: string;
  /** Bytes left out from the start, beyond `multistageBuild.builds.stepLogBytes`. */
  droppedBytes: number;
}

/** Events of a run's live stream (Server-Sent Events, `event:` is `type`). */
export type BuildEvent =
  | { type: 'status'; run: BuildRun }
  | { type: 'step'; step: BuildStep }
  | { type: 'log'; digest: string; stage: string | null; text: string }
  | { type: 'finished'; run: BuildRun };

/** A cache miss reason in one line a person can read. */
export function describeMissReason(reason: CacheMissReason): string {
  switch (reason.kind) {
    case 'first-build':
      return 'no earlier build of this target ran this step';
    case 'instruction-changed':
      return `the instruction changed: was \`${reason.before}\``;
    case 'build-arg-changed':
      return `build arg ${reason.names.join(', ')} changed`;
    case 'base-image-changed':
      return reason.before === reason.after
        ? 'the base image changed (same reference, new content)'
        : `the base image changed: was \`${reason.before}\``;
    case 'earlier-step-missed':
      return `an earlier step it depends on missed: ${reason.step}`;
    case 'context-files-changed':
      return `files it copies changed: ${reason.paths.join(', ')}${reason.more > 0 ? ` and ${reason.more} more` : ''}`;
    case 'cache-disabled':
      return 'the build ran with the cache disabled';
    default:
      return 'the engine did not reuse it, and nothing recorded explains why';
  }
}
