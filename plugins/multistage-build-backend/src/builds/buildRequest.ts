/*
 * What one build runs with: the entity's saved configuration, overridden by
 * the request. Checked before anything is queued, so bad input is a 400 that
 * says which field, never a failed run.
 */
import { InputError } from '@backstage/errors';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import {
  looksLikeSecretName,
  UnknownTargetError,
  type BuildConfig,
  type DockerfileAnalysisResponse,
  type SeverityOverride,
} from '@stagecraft/plugin-multistage-build-common';

export interface BuildOverrides {
  target?: string | null;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
}

const argName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const platformName = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/**
 * How large the build args of one build may be, URL-encoded. The Engine API
 * takes them as JSON in the request line of `POST /build`, and dockerd (Go's
 * net/http) refuses a request line and headers over 1 MiB: this leaves room
 * for the other parameters and headers. An engine test builds at this size.
 */
export const maxEncodedBuildArgsBytes = 768 * 1024;

/**
 * Refuses values for build args whose names look secret: whatever a saved
 * configuration or a build request holds is stored with the run and shown to
 * everyone who may read the entity's runs.
 */
export function refuseSecretBuildArgs(buildArgs: Record<string, string>, where: string): void {
  const secret = Object.keys(buildArgs).filter(looksLikeSecretName);
  if (secret.length === 0) return;
  throw new InputError(
    `${where}.${secret[0]}: "${secret[0]}" looks like a secret, and build args are stored with every run and shown to ` +
      'whoever may read its runs; set it as an operator default in app-config (multistageBuild.builds.buildArgs), ' +
      'which is applied at build time and never stored, until BuildKit secret mounts are supported',
  );
}

/** Refuses build-arg names Docker would refuse, and more than the engine's request can carry, naming the field. */
export function checkBuildArgs(buildArgs: Record<string, string>, where: string): void {
  for (const name of Object.keys(buildArgs)) {
    if (!argName.test(name)) {
      throw new InputError(`${where}.${name}: "${name}" is not a valid build-arg name (letters, digits and _, not starting with a digit)`);
    }
  }
  const encoded = encodeURIComponent(JSON.stringify(buildArgs)).length;
  if (encoded > maxEncodedBuildArgsBytes) {
    throw new InputError(
      `${where}: the build args take ${encoded.toLocaleString('en-US')} bytes in the engine's request (URL-encoded JSON); ` +
        `the engine accepts at most ${maxEncodedBuildArgsBytes.toLocaleString('en-US')}`,
    );
  }
}

/** The fields of a `--cache-to`/`--cache-from` entry (`type=registry,ref=…,mode=max`). */
function cacheFields(entry: string): Record<string, string> {
  return Object.fromEntries(entry.split(',').map(part => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part.trim(), ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
  }));
}

/**
 * Settings the engine cannot apply are refused, never stored and silently
 * ignored. Each message names the field, why, and what would support it.
 *
 * - cache.to: the Engine API's /build exports cache only inline, in the image
 *   it pushes (BUILDKIT_INLINE_CACHE); a registry cache export (and its
 *   `mode=max`, the layers of every stage) needs a BuildKit daemon.
 * - cache.from: imports come from images in a registry (`cache_from`).
 * - platforms: several make a manifest list, which only a registry holds.
 * - stageOverrides.noCache: /build has no per-stage no-cache.
 */
export function refuseUnappliedSettings(
  config: Pick<BuildConfig, 'platforms' | 'cache' | 'stageOverrides' | 'push'>,
  where: string,
): void {
  if (config.platforms.length > 1 && !config.push) {
    throw new InputError(
      `${where}.platforms: ${config.platforms.length} platforms make a manifest list, which only a registry holds; ` +
        'set push (a repository on a configured registry), or build one platform',
    );
  }
  if (new Set(config.platforms).size !== config.platforms.length) throw new InputError(`${where}.platforms: a platform is listed twice`);
  config.cache.to.forEach((entry, i) => {
    const fields = cacheFields(entry);
    const field = `${where}.cache.to[${i}]`;
    if (fields.type === 'inline') {
      const extra = Object.keys(fields).find(key => key !== 'type');
      if (extra !== undefined) {
        throw new InputError(`${field}: type=inline takes no options (${extra} would be ignored); mode=max needs a BuildKit daemon`);
      }
      if (!config.push) {
        throw new InputError(`${field}: inline cache travels inside the pushed image; set push so there is an image to carry it`);
      }
      return;
    }
    if (fields.type === 'registry' && fields.mode === 'max') {
      throw new InputError(
        `${field}: a registry cache with mode=max (every stage's layers) needs a BuildKit daemon (buildx with the docker-container ` +
          'driver, or a standalone buildkitd), which these builders are not: the Docker Engine API exports cache only inline. ' +
          'Use type=inline (the final stage\'s layers, in the pushed image)',
      );
    }
    throw new InputError(
      `${field}: "${entry}": the Docker Engine API's /build exports cache only inline (type=inline, with push); ` +
        `type=${fields.type ?? '?'} needs a BuildKit daemon (buildx with the docker-container driver)`,
    );
  });
  config.cache.from.forEach((entry, i) => {
    const fields = cacheFields(entry);
    if (!entry.includes('=')) return;
    const extra = Object.keys(fields).find(key => key !== 'type' && key !== 'ref');
    if (fields.type === 'registry' && fields.ref && extra === undefined) return;
    throw new InputError(
      `${where}.cache.from[${i}]: "${entry}": the Docker Engine API's /build imports cache only from images in a registry ` +
        '(an image reference, or type=registry,ref=…); other types need a BuildKit daemon',
    );
  });
  const noCache = Object.entries(config.stageOverrides).find(([, o]) => o.noCache === true);
  if (noCache) {
    throw new InputError(
      `${where}.stageOverrides.${noCache[0]}.noCache: the Engine API's /build has no per-stage no-cache ` +
        `(buildx's --no-cache-filter); use cache.disabled to build every stage without the cache`,
    );
  }
}

/** The image references a build imports cache from (`cache_from`), from `cache.from` entries. */
export function cacheFromRefs(entries: string[]): string[] {
  return entries.map(entry => (entry.includes('=') ? cacheFields(entry).ref : entry)).filter((ref): ref is string => Boolean(ref));
}

/** Whether the build exports inline cache into the image it pushes. */
export function exportsInlineCache(config: Pick<BuildConfig, 'cache' | 'push'>): boolean {
  return config.push !== null && config.cache.to.some(entry => cacheFields(entry).type === 'inline');
}

export function checkPlatforms(platforms: string[], where: string): void {
  platforms.forEach((platform, i) => {
    if (!platformName.test(platform)) {
      throw new InputError(`${where}[${i}]: "${platform}" is not a platform like linux/amd64 or linux/arm64/v8`);
    }
  });
}

/**
 * Checks that the target (null: the last stage) is a stage of the Dockerfile,
 * naming the field when it is not, and returns the stages and the critical
 * path a build of it works with (no rules run: this is not the analysis).
 */
export async function checkTarget(options: {
  analysis: AnalysisPool;
  target: string | null;
  buildArgs?: Record<string, string>;
  dockerfileText: string;
  path: string;
  where: string;
  /** Run the default rules (with these overrides) too, for the run's finding counts; otherwise no rules run. */
  findings?: { severityOverrides?: Record<string, SeverityOverride> };
}): Promise<DockerfileAnalysisResponse> {
  try {
    return await options.analysis.describe(
      {
        path: options.path,
        text: options.dockerfileText,
        target: options.target ?? undefined,
        buildArgs: options.buildArgs,
        ...(options.findings ? { severityOverrides: options.findings.severityOverrides } : { rules: [] }),
      },
      options.path,
    );
  } catch (e) {
    if (e instanceof UnknownTargetError) throw new InputError(`${options.where}: ${e.message}`);
    throw e;
  }
}

/** The configuration a run uses: saved settings with the request's overrides applied. */
export function effectiveConfig(saved: BuildConfig, overrides: BuildOverrides): BuildConfig {
  return {
    ...saved,
    target: overrides.target === undefined ? saved.target : overrides.target,
    buildArgs: { ...saved.buildArgs, ...(overrides.buildArgs ?? {}) },
    cache: { ...saved.cache, disabled: overrides.noCache ?? saved.cache.disabled },
  };
}
