import type { Config } from '@backstage/config';
import { allRules, type SeverityOverride } from '@stagecraft/plugin-multistage-build-common';
import { defaultStepLogBytes } from './builds/StepTracker';
import { resolve as resolvePath } from 'node:path';
import { defaultContextLimits } from './engine/buildContext';
import type { EngineTls } from './engine/DockerEngine';
import { type BuildAccessSettings, readBuildAccess } from './buildAccessConfig';

/** One Docker engine builds may run on (`multistageBuild.builders[]`). */
export interface BuilderSettings {
  name: string;
  /** `unix:///path/docker.sock` or `tcp://host:port`. */
  host: string | undefined;
  tls?: EngineTls;
  /** Platforms it builds; empty means the engine's own, asked at the health check. */
  platforms: string[];
  /** Builds it may run at once, across every replica. */
  concurrency: number;
}

/** Settings read from `multistageBuild` in app-config. */
export interface MultistageBuildConfig {
  allowedRoots: string[];
  /** Trust absolute `backstage.io/source-location`s outside the repository an entity was read from. */
  trustSourceLocation: boolean;
  maxDockerfileBytes: number;
  dockerHost: string | undefined;
  /** The engines builds run on; without `multistageBuild.builders`, one named `default` at `docker.host`. */
  builders: BuilderSettings[];
  /** Per-rule severity or `off`, by rule id, applied to every analysis. */
  severityOverrides: Record<string, SeverityOverride>;
  /** Secrets, SSH agents and registries builds may be granted. */
  access: BuildAccessSettings;
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
    /** A replica that stops renewing its claim on a run this long loses it to recovery. */
    leaseSeconds: number;
    /** How often a replica looks for queued runs when nothing told it of one. */
    claimPollMs: number;
    /** On shutdown, how long running builds may take to end before the rest are released to other replicas. */
    shutdownGraceSeconds: number;
    /** How often each builder's health is checked. */
    healthCheckSeconds: number;
  };
  events: {
    /** How often a running build's events are stored (and announced to other replicas). */
    flushMs: number;
    /** How often a stream polls stored events, besides PostgreSQL's notifications. */
    pollMs: number;
    /** Events of a run are removed this long after it ends. */
    retentionMinutes: number;
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
  const dockerHost = section?.getOptionalString('docker.host') ?? process.env.DOCKER_HOST;
  const concurrency = positiveWholeNumber(section, 'builds.concurrency') ?? 2;
  return {
    allowedRoots: (section?.getOptionalStringArray('allowedRoots') ?? []).map(root =>
      resolvePath(root),
    ),
    trustSourceLocation: section?.getOptionalBoolean('trustSourceLocation') ?? false,
    maxDockerfileBytes:
      section?.getOptionalNumber('maxDockerfileBytes') ?? DEFAULT_MAX_DOCKERFILE_BYTES,
    dockerHost,
    builders: readBuilders(section, dockerHost, concurrency),
    severityOverrides: readSeverityOverrides(section),
    access: readBuildAccess(section),
    builds: {
      concurrency,
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
      leaseSeconds: positiveWholeNumber(section, 'builds.leaseSeconds') ?? 30,
      claimPollMs: positiveWholeNumber(section, 'builds.claimPollMs') ?? 1000,
      // Kubernetes kills a pod 30 s after SIGTERM by default: release what is left before that.
      shutdownGraceSeconds: wholeNumber(section, 'builds.shutdownGraceSeconds') ?? 20,
      healthCheckSeconds: positiveWholeNumber(section, 'builds.healthCheckSeconds') ?? 10,
    },
    events: {
      flushMs: positiveWholeNumber(section, 'events.flushMs') ?? 100,
      pollMs: positiveWholeNumber(section, 'events.pollMs') ?? 1000,
      retentionMinutes: positiveWholeNumber(section, 'events.retentionMinutes') ?? 60,
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

const builderName = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Reads `multistageBuild.builders`, refusing a bad entry by its config path; one `default` builder without it. */
function readBuilders(section: Config | undefined, dockerHost: string | undefined, concurrency: number): BuilderSettings[] {
  const entries = section?.getOptionalConfigArray('builders');
  if (!entries) return [{ name: 'default', host: dockerHost, platforms: [], concurrency }];
  if (entries.length === 0) throw new Error('multistageBuild.builders is empty: list at least one engine, or leave it out to use docker.host');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `multistageBuild.builders[${index}]`;
    const name = entry.getString('name');
    if (!builderName.test(name)) throw new Error(`${where}.name: "${name}" must be lower-case letters, digits and dashes (at most 63)`);
    if (seen.has(name)) throw new Error(`${where}.name: "${name}" is used twice`);
    seen.add(name);
    const host = entry.getString('host');
    if (!/^(unix|tcp):\/\//.test(host)) throw new Error(`${where}.host: "${host}" must start with unix:// or tcp://`);
    const tlsSection = entry.getOptionalConfig('tls');
    if (tlsSection && !host.startsWith('tcp://')) throw new Error(`${where}.tls: TLS applies to tcp:// hosts only`);
    const limit = entry.getOptionalNumber('concurrency') ?? concurrency;
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`${where}.concurrency must be a positive whole number, got ${limit}`);
    const platforms = entry.getOptionalStringArray('platforms') ?? [];
    for (const platform of platforms) {
      if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform)) throw new Error(`${where}.platforms: "${platform}" is not an os/arch[/variant] platform`);
    }
    return {
      name,
      host,
      tls: tlsSection
        ? { ca: tlsSection.getString('ca'), cert: tlsSection.getString('cert'), key: tlsSection.getString('key') }
        : undefined,
      platforms,
      concurrency: limit,
    };
  });
}
