/*
 * Build orchestration: checks a build request, queues it (at most N at a
 * time), runs it on the engine's BuildKit with the entity's context, turns
 * BuildKit's trace into stored steps and live events, explains every cache
 * miss against the previous run, measures stage sizes, and always ends a run:
 * succeeded, failed with the engine's error, or cancelled.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  looksLikeSecretName,
  type BuildRun,
  type BuildStep,
  countFindings,
  type DockerfileAnalysisResponse,
  type SeverityOverride,
} from '@stagecraft/plugin-multistage-build-common';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildConfigStore } from '../database/BuildConfigStore';
import type { BuildRunStore } from '../database/BuildRunStore';
import type { ContextFile } from '../database/BuildRunStore';
import { type BuildContext, type ContextLimits, prepareBuildContext } from '../engine/buildContext';
import { decodeTrace, traceMessageId } from '../engine/buildkitTrace';
import { BuildCancelledError, type DockerEngine } from '../engine/DockerEngine';
import { dockerfileDigest, type DockerfileSource } from '../source/DockerfileSource';
import type { BuildContextSource, ResolvedContext } from '../source/BuildContextSource';
import { BuildQueue } from './BuildQueue';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { checkBuildArgs, checkTarget, effectiveConfig, refuseSecretBuildArgs, type BuildOverrides } from './buildRequest';
import { TooManyBuildsError } from './TooManyBuildsError';
import { explainCacheMisses, type PreviousBuild } from './explainCacheMisses';
import { RunEvents } from './RunEvents';
import { measureStageSizes } from './stageSizes';
import { SecretMasking } from './secretMasking';
import { StepTracker } from './StepTracker';

export interface BuildServiceOptions {
  /** Where the Dockerfile is analysed: off the event loop, within the analysis limits. */
  analysis: AnalysisPool;
  runs: BuildRunStore;
  configs: BuildConfigStore;
  engine: DockerEngine;
  dockerfiles: DockerfileSource;
  contexts: BuildContextSource;
  logger: LoggerService;
  /** Builds that may run at once. */
  concurrency: number;
  /** Build each stage the target needs (from cache) to record its image size. */
  measureStageSizes?: boolean;
  /** How often running steps are written to the database. */
  flushIntervalMs?: number;
  /** Build args under every saved configuration (from app-config). */
  defaultBuildArgs?: Record<string, string>;
  /** A build running longer is stopped and fails with "timed out after ..."; default an hour. */
  timeoutSeconds?: number;
  /** Files and bytes one build context may have; default 50,000 files and 1 GiB. */
  contextLimits?: ContextLimits;
  /** Builds one user may have queued or running at once; more are refused with a 429. Default 10. */
  maxUnfinishedPerUser?: number;
  /** Builds one entity may have queued or running at once; more are refused with a 429. Default 5. */
  maxUnfinishedPerEntity?: number;
  /** Per-rule severity or `off` (app-config), for the finding counts stored with each run. */
  severityOverrides?: Record<string, SeverityOverride>;
  /** How much of each step's output is stored for the run page; default 1 MiB (`multistageBuild.builds.stepLogBytes`). */
  stepLogBytes?: number;
}

export interface StartBuild extends BuildOverrides {
  entity: Entity;
  requestedBy: string | null;
}

const finished = new Set(['succeeded', 'failed', 'cancelled']);

/** What a queued run builds with: its stages, and every build arg (the operators' defaults included). */
interface BuildPlan {
  described: DockerfileAnalysisResponse;
  buildArgs: Record<string, string>;
}

/**
 * `work`, unless `signal` stops first; a context read after the stop is still
 * cleaned up.
 */
function untilStopped(
  work: Promise<{ context: ResolvedContext; files: BuildContext }>,
  signal: AbortSignal,
): Promise<{ context: ResolvedContext; files: BuildContext }> {
  const stopped = new Promise<never>((_, reject) => {
    const abort = () => {
      work.then(p => p.context.cleanup()).catch(() => undefined);
      reject(new BuildCancelledError());
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
  stopped.catch(() => undefined);
  return Promise.race([work, stopped]);
}

/**
 * The Dockerfile the engine builds is the context's copy; it must be the one
 * that was analysed and recorded when the run was queued.
 */
async function checkSameDockerfile(context: ResolvedContext, analysed: string): Promise<void> {
  const digest = dockerfileDigest(await readFile(join(context.dir, context.dockerfile)));
  if (digest !== analysed) {
    throw new Error(
      `the Dockerfile changed between its analysis (${analysed.slice(0, 19)}) and the build (${digest.slice(0, 19)}); start the build again`,
    );
  }
}

/** Why a build that threw ended: timed out, cancelled, or failed; and what its open steps are told. */
function howItEnded(options: { timedOut: boolean; cancelled: boolean; error: Error; timeoutSeconds: number }) {
  if (options.timedOut) {
    return {
      cancelled: false,
      error: `timed out after ${formatSeconds(options.timeoutSeconds)} (multistageBuild.builds.timeoutSeconds); the engine build was stopped`,
      stepReason: 'the build timed out while this step ran',
    };
  }
  if (options.cancelled) {
    return { cancelled: true, error: 'cancelled while running', stepReason: 'cancelled while this step ran' };
  }
  return { cancelled: false, error: options.error.message, stepReason: `stopped: ${options.error.message}` };
}

/** "90 s", "2 min", "1 h 30 min": how a build timeout reads in a run's error. */
function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** How a run ended, as finish() stores it. */
type Outcome = Pick<BuildRun, 'status' | 'imageId' | 'imageSize' | 'stageSizes' | 'error'>;

/** The name BuildKit would give the only stage of a single-stage file. */
function singleStageName(described: DockerfileAnalysisResponse): string {
  return described.stages[0]?.name ?? 'stage-0';
}

export class BuildService {
  readonly events = new RunEvents();
  private readonly queue: BuildQueue;

  constructor(private readonly options: BuildServiceOptions) {
    this.queue = new BuildQueue(options.concurrency);
  }

  /** Ends runs a previous process left behind; call once at start-up. */
  async recover(): Promise<void> {
    const count = await this.options.runs.failUnfinishedRuns(
      'the backend stopped before this build ended; start it again',
    );
    if (count > 0) this.options.logger.warn(`Marked ${count} unfinished build run(s) from an earlier start as failed`);
  }

  /** Checks the request, stores a queued run and queues it. */
  async start(request: StartBuild): Promise<BuildRun> {
    const entityRef = stringifyEntityRef(request.entity);
    if (request.buildArgs) {
      checkBuildArgs(request.buildArgs, 'body.buildArgs');
      refuseSecretBuildArgs(request.buildArgs, 'body.buildArgs');
    }
    // Counting and storing happen under a lock per entity and per user, so parallel
    // requests cannot all pass the same count (one process; issue 15 takes it to the database).
    const keys = [`entity:${entityRef}`, ...(request.requestedBy ? [`user:${request.requestedBy}`] : [])];
    const run = await this.exclusive(keys, async () => {
      await this.checkCaps(entityRef, request.requestedBy);
      const [dockerfile, saved] = await Promise.all([
        this.options.dockerfiles.read(request.entity),
        this.options.configs.get(entityRef),
      ]);
      // What the run was asked for is stored; the operators' defaults are applied
      // at build time only, since they may hold registry tokens.
      const config = effectiveConfig(saved.config, request);
      const defaults = this.options.defaultBuildArgs ?? {};
      const defaultBuildArgs = Object.keys(defaults).filter(name => !(name in config.buildArgs));
      const buildArgs = { ...defaults, ...config.buildArgs };
      // What the engine gets is the defaults, the saved args and the request's together.
      checkBuildArgs(buildArgs, request.buildArgs ? 'body.buildArgs' : 'the saved configuration\'s buildArgs');
      const described = await checkTarget({
        analysis: this.options.analysis,
        target: config.target,
        buildArgs,
        dockerfileText: dockerfile.text,
        path: dockerfile.path,
        where: 'body.target',
        findings: { severityOverrides: this.options.severityOverrides },
      });

      const id = randomUUID();
      const created = this.options.runs.createRun({
        id,
        entityRef,
        target: config.target,
        config,
        defaultBuildArgs,
        requestedBy: request.requestedBy,
        dockerfilePath: dockerfile.path,
        dockerfileDigest: dockerfileDigest(dockerfile.text),
        findings: countFindings(described.findings),
      });
      created.catch(() => undefined); // rethrown below; execute() then does nothing
      // Queued before the insert returns, so that the context is read while the run is
      // stored: execute() uses neither the engine nor the store until the run exists.
      this.queue.enqueue(id, signal => this.execute(created, request.entity, { described, buildArgs }, signal));
      return created;
    });
    this.events.publish(run.id, { type: 'status', run });
    return run;
  }

  /**
   * The build args to rebuild a past run with: what it was asked for, less
   * what the operators' defaults supply anyway. Runs stored before defaults
   * were kept out of them hold the defaults' values, secret ones included.
   */
  rebuildArgs(past: BuildRun): Record<string, string> {
    const defaults = this.options.defaultBuildArgs ?? {};
    return Object.fromEntries(
      Object.entries(past.config.buildArgs).filter(
        ([name, value]) => !(name in defaults) || (defaults[name] !== value && !looksLikeSecretName(name)),
      ),
    );
  }

  private readonly locks = new Map<string, Promise<void>>();
  /** The steps of runs building in this process, as they are now (the store lags by a flush). */
  private readonly trackers = new Map<string, StepTracker>();

  /**
   * A run's steps as this process knows them this instant, or undefined when
   * it is not building here. Taken in the same tick as an event subscription,
   * it and the events after it neither overlap nor leave a gap.
   */
  liveSteps(runId: string): BuildStep[] | undefined {
    return this.trackers.get(runId)?.steps().map(step => ({ ...step }));
  }

  /** Runs `task` while holding every lock in `keys` (taken in sorted order, so two tasks never wait on each other). */
  private async exclusive<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const previous = this.locks.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>(resolvePromise => {
        release = resolvePromise;
      });
      const chained = previous.then(() => held);
      this.locks.set(key, chained);
      await previous;
      releases.push(() => {
        release();
        if (this.locks.get(key) === chained) this.locks.delete(key);
      });
    }
    try {
      return await task();
    } finally {
      releases.forEach(r => r());
    }
  }

  /**
   * Refuses a build past the caps on unfinished builds, counted from the
   * stored runs (so they hold across restarts), with a 429 naming the cap.
   */
  private async checkCaps(entityRef: string, requestedBy: string | null): Promise<void> {
    const perEntity = this.options.maxUnfinishedPerEntity ?? 5;
    const perUser = this.options.maxUnfinishedPerUser ?? 10;
    const [ofEntity, ofUser] = await Promise.all([
      this.options.runs.countUnfinishedRuns({ entityRef }),
      requestedBy === null ? 0 : this.options.runs.countUnfinishedRuns({ requestedBy }),
    ]);
    if (ofEntity >= perEntity) {
      throw new TooManyBuildsError(
        `${entityRef} already has ${ofEntity} builds queued or running, the most one entity may have ` +
          '(multistageBuild.builds.maxUnfinishedPerEntity); wait for one to end or cancel one',
      );
    }
    if (ofUser >= perUser) {
      throw new TooManyBuildsError(
        `${requestedBy} already has ${ofUser} builds queued or running, the most one user may have ` +
          '(multistageBuild.builds.maxUnfinishedPerUser); wait for one to end or cancel one',
      );
    }
  }

  async cancel(runId: string): Promise<BuildRun> {
    const run = await this.options.runs.getRun(runId);
    if (!run) throw new NotFoundError(`No build run ${runId}`);
    if (finished.has(run.status)) throw new ConflictError(`Build run ${runId} already ended (${run.status})`);
    const outcome = this.queue.cancel(runId);
    if (outcome === 'aborted') return run; // execute() records the end
    // Queued here, or left by another replica: end it now, unless it ended meanwhile.
    const { run: cancelled, applied } = await this.options.runs.transitionRun(runId, ['queued', 'running'], {
      status: 'cancelled',
      finishedAt: new Date().toISOString(),
      // A run running on another replica keeps building there until it ends; its end then leaves this status.
      error: run.status === 'queued' ? 'cancelled before it started' : 'cancelled while another replica ran it',
    });
    if (!applied) throw new ConflictError(`Build run ${runId} already ended (${cancelled.status})`);
    this.events.publish(runId, { type: 'finished', run: cancelled });
    return cancelled;
  }

  get queueStats() {
    return this.queue.stats;
  }

  /** Resolves when no build runs or waits. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async execute(
    created: Promise<BuildRun>,
    entity: Entity,
    plan: BuildPlan,
    signal: AbortSignal,
  ): Promise<void> {
    // Read while the run is stored; the tar itself streams from disk during the build.
    const prepared = this.options.contexts.resolve(entity).then(async context => {
      try {
        const files = await prepareBuildContext({
          dir: context.dir,
          dockerfile: context.dockerfile,
          limits: this.options.contextLimits,
          what: `${stringifyEntityRef(entity)} build context`,
        });
        return { context, files };
      } catch (e) {
        await context.cleanup().catch(() => undefined);
        throw e;
      }
    });
    prepared.catch(() => undefined);
    const queued = await created.catch(() => undefined);
    if (!queued) {
      // start() reports the store's error; nothing was recorded, so only the context is released.
      await prepared.then(p => p.context.cleanup()).catch(() => undefined);
      return;
    }
    await this.run(queued, prepared, plan, signal);
  }

  private async run(
    queued: BuildRun,
    prepared: Promise<{ context: ResolvedContext; files: BuildContext }>,
    { described, buildArgs }: BuildPlan,
    signal: AbortSignal,
  ): Promise<void> {
    const { runs, engine, logger } = this.options;
    const runId = queued.id;
    // Values of secret-looking default args never reach the stored or streamed logs.
    const secrets = SecretMasking.forBuildArgs(buildArgs);
    const redact = (text: string) => secrets.mask(text);
    const tracker = new StepTracker(runId, singleStageName(described), secrets, this.options.stepLogBytes);
    this.trackers.set(runId, tracker);
    const dirty = new Map<string, BuildStep>();
    const flush = async () => {
      const batch = [...dirty.values()];
      dirty.clear();
      await runs.saveSteps(batch);
    };
    const timer = setInterval(() => {
      flush().catch(e => logger.warn(`Could not store steps of build ${runId}: ${e}`));
    }, this.options.flushIntervalMs ?? 500);
    let context: ResolvedContext | undefined;
    let contextSaved: Promise<ContextFile[] | undefined> = Promise.resolve(undefined);
    let runningSaved: Promise<void> = Promise.resolve();
    // What the cache explanation compares with, fetched while the build runs.
    const previous = this.previousBuild(queued);
    previous.catch(() => undefined);
    // The engine build is stopped by either a cancel or the time limit.
    const timeoutSeconds = this.options.timeoutSeconds ?? 3600;
    const timeLimit = AbortSignal.timeout(timeoutSeconds * 1000);
    const stop = AbortSignal.any([signal, timeLimit]);

    try {
      // Recorded while the context is read and sent: the engine need not wait for the database.
      runningSaved = runs.transitionRun(runId, ['queued'], { status: 'running', startedAt: new Date().toISOString() }).then(({ run: running, applied }) => {
        if (applied) this.events.publish(runId, { type: 'status', run: running });
        // Cancelled through another replica before it started here: stop it (finish keeps the cancelled status).
        else this.queue.cancel(runId);
      });
      runningSaved.catch(() => undefined);
      // Reading a remote context counts against the time limit (and a cancel) too.
      const { files, context: resolved } = await untilStopped(prepared, stop);
      context = resolved;
      await checkSameDockerfile(resolved, queued.dockerfileDigest);
      // Digested and stored while the engine builds: nothing needs them before the end.
      contextSaved = files.digests().then(async digests => {
        await runs.saveContextFiles(runId, digests);
        return digests;
      });
      contextSaved.catch(() => undefined);

      const { config } = queued;
      const noCacheStages = Object.entries(config.stageOverrides)
        .filter(([, o]) => o.noCache)
        .map(([name]) => name);
      const { imageId } = await engine.build({
        context: files.tar(),
        dockerfile: context.dockerfile,
        target: config.target ?? undefined,
        buildArgs,
        noCache: config.cache.disabled,
        platform: config.platforms[0],
        cacheFrom: config.cache.from.length > 0 ? config.cache.from : undefined,
        signal: stop,
        onMessage: message => {
          if (message.id !== traceMessageId || typeof message.aux !== 'string') return;
          const changes = tracker.apply(decodeTrace(message.aux));
          for (const step of changes.steps) {
            dirty.set(step.digest, step);
            this.events.publish(runId, { type: 'step', step });
          }
          // Output moves a step's stored tail but is announced only as `log` events.
          for (const log of changes.logs) {
            dirty.set(log.digest, tracker.step(log.digest)!);
            this.events.publish(runId, { type: 'log', ...log });
          }
        },
      });
      if (noCacheStages.length > 0) {
        logger.info(`Build ${runId}: per-stage no-cache (${noCacheStages.join(', ')}) needs buildx; the engine API ignores it`);
      }

      const dockerfile = context.dockerfile;
      // Measured while finish() stores the steps.
      const outcome = (async (): Promise<Outcome> => {
        const imageSize = await engine.imageSize(imageId);
        const stageSizes = this.options.measureStageSizes === false || stop.aborted
          ? {}
          : await measureStageSizes({ engine, logger, described, context: files, dockerfile, config, buildArgs, signal: stop, keep: imageId, mask: redact });
        return { status: 'succeeded', imageId, imageSize, stageSizes, error: null };
      })();
      outcome.catch(() => undefined);
      await runningSaved;
      const digests = await contextSaved;
      await this.finish(queued, tracker, digests, await previous, outcome);
    } catch (e) {
      const ending = howItEnded({
        timedOut: timeLimit.aborted && !signal.aborted,
        cancelled: e instanceof BuildCancelledError || signal.aborted,
        // The engine's error quotes the failing command, build args expanded.
        error: new Error(redact((e as Error).message)),
        timeoutSeconds,
      });
      const { cancelled, error } = ending;
      if (!cancelled) logger.warn(`Build ${runId} of ${queued.entityRef} failed: ${error}`);
      // No step stays "running": those still open end now, saying why.
      const closed = tracker.closeOpen({ at: new Date(), reason: ending.stepReason });
      for (const step of closed) this.events.publish(runId, { type: 'step', step });
      await runningSaved.catch(() => undefined);
      await contextSaved.catch(() => undefined);
      await this.finish(queued, tracker, undefined, await previous.catch(() => undefined), {
        status: cancelled ? 'cancelled' : 'failed',
        imageId: null,
        imageSize: null,
        stageSizes: {},
        error,
      }).catch(storeError => logger.error(`Could not record the end of build ${runId}: ${storeError}`));
    } finally {
      clearInterval(timer);
      this.trackers.delete(runId);
      await context?.cleanup().catch(() => undefined);
    }
  }

  /** Explains misses, totals the cache, stores steps and the run's end, and announces it. */
  private async finish(
    queued: BuildRun,
    tracker: StepTracker,
    contextFiles: { path: string; digest: string }[] | undefined,
    previous: PreviousBuild | undefined,
    outcome: Outcome | Promise<Outcome>,
  ): Promise<void> {
    const { runs } = this.options;
    for (const log of tracker.flushLogs()) this.events.publish(queued.id, { type: 'log', ...log });
    const steps = tracker.steps().filter(s => s.stage !== null);
    const currentFiles = contextFiles
      ? new Map(contextFiles.map(f => [f.path, f.digest]))
      : await runs.contextFiles(queued.id);
    const reasons = explainCacheMisses({ config: queued.config, tracker, contextFiles: currentFiles }, previous);
    // A reason quotes the previous run's instruction, which BuildKit wrote with the build args expanded.
    for (const step of tracker.steps()) step.missReason = tracker.maskReason(reasons.get(step.digest) ?? null);
    const hits = steps.filter(s => s.cached);
    const [, , saved, ended] = await Promise.all([
      runs.saveSteps(tracker.steps()),
      // The whole output is a convenience: failing to store it must not leave the run unfinished.
      runs
        .saveStepLogs(queued.id, tracker.outputsOf())
        .catch(e => this.options.logger.warn(`Could not store the step logs of build ${queued.id}: ${e}`)),
      runs.uncachedDurations(hits.map(s => s.digest)),
      outcome,
    ]);
    // Conditional: a run cancelled through another replica meanwhile keeps that status, with this run's steps.
    const { run } = await runs.transitionRun(queued.id, ['queued', 'running'], {
      ...ended,
      finishedAt: new Date().toISOString(),
      cacheHits: hits.length,
      // Resolving an unchanged base image is neither a hit nor a miss.
      cacheMisses: steps.filter(s => reasons.has(s.digest)).length,
      timeSavedMs: hits.reduce((sum, s) => sum + (saved.get(s.digest) ?? 0), 0),
    });
    for (const step of tracker.steps()) if (step.missReason) this.events.publish(queued.id, { type: 'step', step });
    this.events.publish(queued.id, { type: 'finished', run });
  }

  /** The latest earlier run of the same entity and target, with its steps and context digests. */
  private async previousBuild(queued: BuildRun): Promise<PreviousBuild | undefined> {
    const { runs } = this.options;
    const run = await runs.previousRun({ entityRef: queued.entityRef, target: queued.target, before: queued.createdAt });
    if (!run) return undefined;
    const [steps, contextFiles] = await Promise.all([runs.listSteps(run.id), runs.contextFiles(run.id)]);
    return { config: run.config, steps, contextFiles };
  }

  /**
   * The image size of every named stage the target needs, by building each
   * as a target: all from cache after the main build, so it costs seconds.
   */
}
