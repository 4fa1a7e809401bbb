import type { Config } from '@backstage/config';
import { allRules, type SeverityOverride } from '@stagecraft/plugin-multistage-build-common';
import { defaultStepLogBytes } from './builds/StepTracker';
import { resolve as resolvePath } from 'node:path';
import { defaultContextLimits } from './engine/buildContext';

/** Settings read from `multistageBuild` in app-config. */
export interface MultistageBuildConfig {
  allowedRoots: string[];
  /** Trust absolute `backstage.io/source-location`s outside the repository an entity was read from. */
  trustSourceLocation: boolean;
  maxDockerfileBytes: number;
  dockerHost: string | undefined;
  /** Per-rule severity or `off`, by rule id, applied to every analysis. */
  severityOverrides: Record<string, SeverityOverride>;
  builds: {
    /** Builds that may run at once; the rest wait in order. */
    concurrency: number;
    /** Build each stage a target needs (from cache) to record its size. */
    measureStageSizes: boolean;
    /** Build args every build gets unless its configuration sets them (registry mirrors, base images). */
    buildArgs: Record<string, string>;
    /** A build running longer is stopped on the engine and fails with "timed out after ...". */
    timeoutSeconds: number;
    /** Files and bytes one build context may have. */
    contextLimits: { maxFiles: number; maxBytes: number };
    /** Builds one user may have queued or running; more are refused with a 429. */
    maxUnfinishedPerUser: number;
    /** Builds one entity may have queued or running; more are refused with a 429. */
    maxUnfinishedPerEntity: number;
    /** How much of each step's output is stored for the run page. */
    stepLogBytes: number;
  };
  analytics: {
    refreshMinutes: number;
    scanRequestsPerSecond: number;
    rollupMinutes: number;
    /** Null keeps every run. */
    retentionDays: number | null;
    visibilityCacheSeconds: number;
  };
}

const severities: readonly string[] = ['error', 'warning', 'info', 'off'];

function readBuildArgs(section: Config | undefined): Record<string, string> {
  const args: Record<string, string> = {};
  for (const name of section?.keys() ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`multistageBuild.builds.buildArgs.${name}: "${name}" is not a valid build-arg name`);
    }
    args[name] = section!.getString(name);
  }
  return args;
}

/** Reads `multistageBuild.analysis.rules`, refusing unknown ids and levels by their config path. */
function readSeverityOverrides(section: Config | undefined): Record<string, SeverityOverride> {
  const rules = section?.getOptionalConfig('analysis.rules');
  if (!rules) return {};
  const known = new Set(allRules.map(r => r.id));
  const overrides: Record<string, SeverityOverride> = {};
  for (const id of rules.keys()) {
    const where = `multistageBuild.analysis.rules.${id}`;
    if (!known.has(id)) throw new Error(`${where}: there is no rule "${id}" (see docs/rules/README.md)`);
    const level = rules.getString(id);
    if (!severities.includes(level)) {
      throw new Error(`${where}: must be one of ${severities.join(', ')}, got "${level}"`);
    }
    overrides[id] = level as SeverityOverride;
  }
  return overrides;
}

export const DEFAULT_MAX_DOCKERFILE_BYTES = 1024 * 1024;
/** An hour: far above the examples' builds, short enough that a hung build frees its slot the same day. */
export const DEFAULT_BUILD_TIMEOUT_SECONDS = 3600;

/** A setting that must be a whole number, 0 or more, refused by its config path otherwise. */
function wholeNumber(section: Config | undefined, key: string): number | undefined {
  const value = section?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new Error(`multistageBuild.${key} must be a whole number, 0 or more, got ${value}`);
  }
  return value;
}

/** A setting that must be a positive whole number, refused by its config path otherwise. */
function positiveWholeNumber(section: Config | undefined, key: string): number | undefined {
  const value = section?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`multistageBuild.${key} must be a positive whole number, got ${value}`);
  }
  return value;
}

export function readMultistageBuildConfig(config: Config): MultistageBuildConfig {
  const section = config.getOptionalConfig('multistageBuild');
  return {
    allowedRoots: (section?.getOptionalStringArray('allowedRoots') ?? []).map(root =>
      resolvePath(root),
    ),
    trustSourceLocation: section?.getOptionalBoolean('trustSourceLocation') ?? false,
    maxDockerfileBytes:
      section?.getOptionalNumber('maxDockerfileBytes') ?? DEFAULT_MAX_DOCKERFILE_BYTES,
    dockerHost: section?.getOptionalString('docker.host') ?? process.env.DOCKER_HOST,
    severityOverrides: readSeverityOverrides(section),
    builds: {
      concurrency: section?.getOptionalNumber('builds.concurrency') ?? 2,
      measureStageSizes: section?.getOptionalBoolean('builds.measureStageSizes') ?? true,
      buildArgs: readBuildArgs(section?.getOptionalConfig('builds.buildArgs')),
      timeoutSeconds: positiveWholeNumber(section, 'builds.timeoutSeconds') ?? DEFAULT_BUILD_TIMEOUT_SECONDS,
      contextLimits: {
        maxFiles: positiveWholeNumber(section, 'builds.maxContextFiles') ?? defaultContextLimits.maxFiles,
        maxBytes: positiveWholeNumber(section, 'builds.maxContextBytes') ?? defaultContextLimits.maxBytes,
      },
      maxUnfinishedPerUser: positiveWholeNumber(section, 'builds.maxUnfinishedPerUser') ?? 10,
      maxUnfinishedPerEntity: positiveWholeNumber(section, 'builds.maxUnfinishedPerEntity') ?? 5,
      stepLogBytes: positiveWholeNumber(section, 'builds.stepLogBytes') ?? defaultStepLogBytes,
    },
    analytics: readAnalyticsConfig(section),
  };
}

function readAnalyticsConfig(section: Config | undefined): MultistageBuildConfig['analytics'] {
  const retentionDays = wholeNumber(section, 'analytics.retentionDays') ?? 365;
  return {
    refreshMinutes: positiveWholeNumber(section, 'analytics.refreshMinutes') ?? 30,
    scanRequestsPerSecond: positiveWholeNumber(section, 'analytics.scanRequestsPerSecond') ?? 5,
    rollupMinutes: positiveWholeNumber(section, 'analytics.rollupMinutes') ?? 60,
    retentionDays: retentionDays === 0 ? null : retentionDays,
    visibilityCacheSeconds: wholeNumber(section, 'analytics.visibilityCacheSeconds') ?? 30,
  };
}
