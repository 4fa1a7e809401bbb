/*
 * The part of a replica that runs builds: it claims queued runs from the
 * shared queue while it has room (when told of a new run, when one of its
 * builds ends, and every `claimPollMs`), keeps the lease of each run it runs
 * (a run it no longer holds, cancelled or taken over elsewhere, is stopped
 * here), and executes each: the entity's context, the Dockerfile checked
 * against the one analysed, BuildKit's trace turned into steps and events,
 * stage sizes, and the run's end.
 *
 * On shutdown it stops claiming, lets its builds end within a grace period,
 * then stops the rest on their engines and queues them again for another
 * replica.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { BuildRun, BuildStep, SeverityOverride } from '@stagecraft/plugin-multistage-build-common';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildRunStore, ContextFile } from '../database/BuildRunStore';
import type { ClaimedRun, RunQueueStore } from '../database/RunQueueStore';
import { type BuildContext, type ContextLimits, prepareBuildContext } from '../engine/buildContext';
import type { Builder, Builders } from '../engine/Builders';
import { BuildCancelledError } from '../engine/Engine';
import { dockerfileDigest } from '../source/DockerfileSource';
import type { BuildContextSource, ResolvedContext } from '../source/BuildContextSource';
import type { BuildAccess } from './BuildAccess';
import { cacheFromRefs, checkTarget, exportsInlineCache } from './buildRequest';
import { type BuiltImage, platformTag, pushImages } from './pushImages';
import { renderTag } from './tagTemplate';
import type { PreviousBuild } from './explainCacheMisses';
import { finishRun, type Outcome } from './finishRun';
import type { RunEvents } from './RunEvents';
import { SecretMasking } from './secretMasking';
import { measureStageSizes } from './stageSizes';
import { StepTracker } from './StepTracker';

export interface BuildExecutorOptions {
  replica: string;
  queue: RunQueueStore;
  runs: BuildRunStore;
  events: RunEvents;
  builders: Builders;
  analysis: AnalysisPool;
  contexts: BuildContextSource;
  logger: LoggerService;
  /** Builds this replica runs at once. */
  concurrency: number;
  leaseMs: number;
  claimPollMs: number;
  measureStageSizes?: boolean;
  flushIntervalMs?: number;
  defaultBuildArgs?: Record<string, string>;
  timeoutSeconds: number;
  contextLimits?: ContextLimits;
  severityOverrides?: Record<string, SeverityOverride>;
  stepLogBytes?: number;
  /** Secrets, SSH agents and registries builds may be granted. */
  access: BuildAccess;
}

/** Why a local build was stopped before its end. */
type StopReason = 'cancel' | 'lost' | 'release';

interface Local {
  controller: AbortController;
  reason: StopReason | undefined;
  done: Promise<void>;
}

/**
 * `work`, unless `signal` stops first; a context read after the stop is still
 * cleaned up.
 */
function untilStopped<T extends { context: ResolvedContext }>(work: Promise<T>, signal: AbortSignal): Promise<T> {
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

/** The Dockerfile the engine builds is the context's copy; it must be the one analysed when the run was queued. */
async function readSameDockerfile(context: ResolvedContext, analysed: string): Promise<string> {
  const bytes = await readFile(join(context.dir, context.dockerfile));
  const digest = dockerfileDigest(bytes);
  if (digest !== analysed) {
    throw new Error(
      `the Dockerfile changed between its analysis (${analysed.slice(0, 19)}) and the build (${digest.slice(0, 19)}); start the build again`,
    );
  }
  return bytes.toString('utf8');
}

/**
 * The tags a run pushes under, made before anything is built: a template that
 * cannot be filled for this run ({commit} of a source without one), or a
 * platform's tag that grows too long, fails the run at once, not after the build.
 */
function pushTags(run: BuildRun, commit: string | null, entityName: string): string[] {
  const tags = run.config.push!.tags.map(t => renderTag(t, { runId: run.id, commit, createdAt: run.createdAt, target: run.config.target, entityName }));
  if (run.config.platforms.length > 1) {
    for (const platform of run.config.platforms) {
      const tag = platformTag(tags[0], platform);
      if (tag.length > 128) throw new Error(`the tag ${tag} of ${platform}'s image is longer than 128 characters; shorten the first tag template`);
    }
  }
  return tags;
}

/** "90 s", "2 min", "1 h 30 min": how a build timeout reads in a run's error. */
function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** Why a build that threw ended, and what its open steps are told. */
function howItEnded(options: { timedOut: boolean; stop: StopReason | undefined; error: Error; timeoutSeconds: number }) {
  if (options.timedOut) {
    return {
      cancelled: false,
      error: `timed out after ${formatSeconds(options.timeoutSeconds)} (multistageBuild.builds.timeoutSeconds); the engine build was stopped`,
      stepReason: 'the build timed out while this step ran',
    };
  }
  if (options.stop === 'cancel' || options.error instanceof BuildCancelledError) {
    return { cancelled: true, error: 'cancelled while running', stepReason: 'cancelled while this step ran' };
  }
  return { cancelled: false, error: options.error.message, stepReason: `stopped: ${options.error.message}` };
}

export class BuildExecutor {
  private readonly local = new Map<string, Local>();
  private claiming = false;
  private claimAgain = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BuildExecutorOptions) {}

  private get access(): BuildAccess {
    return this.options.access;
  }

  /** Starts looking for queued runs and renewing leases. */
  start(): void {
    this.stopped = false;
    this.pollTimer = setInterval(() => this.poke(), this.options.claimPollMs);
    this.pollTimer.unref();
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    this.leaseTimer.unref();
    this.poke();
  }

  /** Claims queued runs now, while this replica has room. */
  poke(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    void this.claimWhileRoom().finally(() => {
      this.claiming = false;
      if (this.claimAgain) {
        this.claimAgain = false;
        this.poke();
      }
    });
  }

  /** Builds running here now. */
  get running(): number {
    return this.local.size;
  }

  /** Stops the run's build when it runs here; false when it does not. */
  cancelLocal(runId: string): boolean {
    return this.stopLocal(runId, 'cancel');
  }

  /** Stops claiming: the before-shutdown hook. */
  stopClaiming(): void {
    this.stopped = true;
    clearInterval(this.pollTimer);
  }

  /**
   * Lets running builds end within `graceMs`, then stops the rest and queues
   * them again for another replica; resolves once none runs here.
   */
  async drain(graceMs: number): Promise<void> {
    this.stopClaiming();
    const all = () => Promise.all([...this.local.values()].map(l => l.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise(r => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    const left = [...this.local.keys()];
    if (left.length > 0) this.options.logger.info(`Shutting down: ${left.length} build(s) still running are stopped and queued again for another replica`);
    for (const id of left) this.stopLocal(id, 'release');
    await all();
    clearInterval(this.leaseTimer);
  }

  private stopLocal(runId: string, reason: StopReason): boolean {
    const local = this.local.get(runId);
    if (!local) return false;
    // A user's cancel wins over a shutdown's release: the run must not be built again.
    local.reason = reason === 'cancel' ? 'cancel' : (local.reason ?? reason);
    local.controller.abort();
    return true;
  }

  private async claimWhileRoom(): Promise<void> {
    await this.options.builders.checkUnchecked();
    while (!this.stopped && this.local.size < this.options.concurrency) {
      const claimed = await this.options.queue
        .claim({
          replica: this.options.replica,
          leaseMs: this.options.leaseMs,
          engines: this.options.builders.candidates(),
          buildersFor: (config, entityRef) => this.access.buildersFor(config, entityRef),
        })
        .catch(e => {
          this.options.logger.warn(`Could not claim a queued build: ${e}`);
          return undefined;
        });
      if (!claimed) return;
      this.launch(claimed);
    }
  }

  private launch(claimed: ClaimedRun): void {
    const controller = new AbortController();
    const local: Local = { controller, reason: undefined, done: Promise.resolve() };
    this.local.set(claimed.run.id, local);
    local.done = this.execute(claimed, local)
      .catch(e => this.options.logger.error(`Build ${claimed.run.id} ended without its end being recorded: ${e}`))
      .finally(() => {
        this.local.delete(claimed.run.id);
        this.poke();
      });
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.local.keys()];
    if (ids.length === 0) return;
    try {
      const held = await this.options.queue.renew(this.options.replica, ids, this.options.leaseMs);
      // Cancelled through another replica, or taken over after this one stalled: stop it here.
      for (const id of ids) if (!held.has(id)) this.stopLocal(id, 'lost');
    } catch (e) {
      this.options.logger.warn(`Could not renew the leases of running builds: ${e}`);
    }
  }

  private async execute(claimed: ClaimedRun, local: Local): Promise<void> {
    const { run, entity } = claimed;
    const { runs, events, logger, replica } = this.options;
    const builder = this.options.builders.get(run.engine);
    events.publish(run.id, { type: 'status', run });
    if (!builder) {
      await this.end(run, `the builder ${run.engine} is no longer configured (multistageBuild.builders); start the build again`);
      return;
    }
    const defaults = this.options.defaultBuildArgs ?? {};
    const buildArgs = { ...defaults, ...run.config.buildArgs };
    // Values of secret-looking args, of configured secrets and of registry passwords never reach the stored or streamed logs.
    const secrets = SecretMasking.forBuildArgs(buildArgs, this.access.secretValues());
    const redact = (text: string) => secrets.mask(text);
    const signal = local.controller.signal;
    const timeLimit = AbortSignal.timeout(this.options.timeoutSeconds * 1000);
    const stop = AbortSignal.any([signal, timeLimit]);
    const previous = this.previousBuild(run);
    previous.catch(() => undefined);

    const prepared = this.prepare(entity);
    prepared.catch(() => undefined);
    let context: ResolvedContext | undefined;
    let tracker: StepTracker | undefined;
    let flushTimer: NodeJS.Timeout | undefined;
    let contextSaved: Promise<ContextFile[] | undefined> = Promise.resolve(undefined);
    try {
      const { files, context: resolved } = await untilStopped(prepared, stop);
      context = resolved;
      const dockerfileText = await readSameDockerfile(resolved, run.dockerfileDigest);
      const described = await checkTarget({
        analysis: this.options.analysis,
        target: run.config.target,
        buildArgs,
        dockerfileText,
        path: run.dockerfilePath,
        where: 'target',
        findings: { severityOverrides: this.options.severityOverrides },
      });
      tracker = new StepTracker(run.id, described.stages[0]?.name ?? 'stage-0', secrets, this.options.stepLogBytes);
      const stepsOf = tracker;
      const dirty = new Map<string, BuildStep>();
      flushTimer = setInterval(() => {
        const batch = [...dirty.values()];
        dirty.clear();
        if (batch.length === 0) return;
        // Only while this replica holds the run: a run taken over has a new attempt's steps.
        this.options.queue
          .holds(run.id, replica)
          .then(held => (held ? runs.saveSteps(batch) : undefined))
          .catch(e => logger.warn(`Could not store steps of build ${run.id}: ${e}`));
      }, this.options.flushIntervalMs ?? 500);
      // Digested and stored while the engine builds: nothing needs them before the end.
      contextSaved = files.digests().then(async digests => {
        await runs.saveContextFiles(run.id, digests);
        return digests;
      });
      contextSaved.catch(() => undefined);

      // Recorded before the engine is asked, so any replica can stop the build, and recovery knows it started.
      const buildId = randomUUID();
      if (!(await this.options.queue.setEngineBuildId(run.id, replica, buildId))) throw new BuildCancelledError();
      // Grants may have been withdrawn since the run was queued: checked again, and every tag made, before anything is built.
      this.access.checkConfig(run.config, run.entityRef, 'the run\'s configuration');
      const tags = run.config.push ? pushTags(run, resolved.commit, entity.metadata.name) : [];
      const grants = await this.access.session(run.config, run.entityRef, builder.name);
      // The image carries its cache config when it is pushed with inline cache.
      const engineArgs = exportsInlineCache(run.config) ? { ...buildArgs, BUILDKIT_INLINE_CACHE: '1' } : buildArgs;
      const platforms = run.config.platforms.length > 0 ? run.config.platforms : [null];
      const images: BuiltImage[] = [];
      // One platform after another on one builder: each has its own steps, recorded with its platform.
      for (const platform of platforms) {
        stepsOf.platform = platforms.length > 1 ? platform : null;
        const built = await builder.engine.build({
          context: files.tar(),
          dockerfile: resolved.dockerfile,
          target: run.config.target ?? undefined,
          buildArgs: engineArgs,
          noCache: run.config.cache.disabled,
          platform: platform ?? undefined,
          cacheFrom: run.config.cache.from.length > 0 ? cacheFromRefs(run.config.cache.from) : undefined,
          session: grants,
          signal: stop,
          buildId,
          onStatus: status => {
            const changes = stepsOf.apply(status);
            for (const step of changes.steps) {
              dirty.set(step.digest, step);
              events.publish(run.id, { type: 'step', step });
            }
            // Output moves a step's stored tail but is announced only as `log` events.
            for (const log of changes.logs) {
              dirty.set(log.digest, stepsOf.step(log.digest)!);
              events.publish(run.id, { type: 'log', ...log });
            }
          },
        });
        images.push({ platform, imageId: built.imageId });
      }
      const { imageId } = images[0];
      const pushed = run.config.push
        ? await pushImages({
            engine: builder.engine,
            access: this.access,
            push: run.config.push,
            tags,
            images,
            enginePlatform: builder.platforms[0] ?? 'linux/amd64',
            entityRef: run.entityRef,
            signal: stop,
          }).catch(e => {
            if (e instanceof BuildCancelledError) throw e;
            throw new Error(`the image was built, and pushing it failed: ${(e as Error).message}`);
          })
        : null;
      const outcome = (async (): Promise<Outcome> => {
        const imageSize = await builder.engine.imageSize(imageId);
        const stageSizes =
          this.options.measureStageSizes === false || stop.aborted
            ? {}
            : await measureStageSizes({ engine: builder.engine, logger, described, context: files, dockerfile: resolved.dockerfile, config: run.config, buildArgs, signal: stop, keep: imageId, mask: redact, session: grants });
        return { status: 'succeeded', imageId, imageSize, stageSizes, error: null, pushed };
      })();
      outcome.catch(() => undefined);
      clearInterval(flushTimer);
      await finishRun({ runs, queue: this.options.queue, events, logger, replica, queued: run, tracker: stepsOf, contextFiles: await contextSaved, previous: await previous, outcome });
    } catch (e) {
      clearInterval(flushTimer);
      if (local.reason === 'release') {
        await this.release(run);
        return;
      }
      await this.failed(run, builder, tracker, e as Error, {
        timedOut: timeLimit.aborted && !signal.aborted,
        redact,
        previous: await previous.catch(() => undefined),
        contextSaved,
      });
    } finally {
      clearInterval(flushTimer);
      await context?.cleanup().catch(() => undefined);
    }
  }

  /** The entity's context, read and checked against the limits; released again on failure. */
  private async prepare(entity: Entity): Promise<{ context: ResolvedContext; files: BuildContext }> {
    const context = await this.options.contexts.resolve(entity);
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
  }

  private async failed(
    run: BuildRun,
    builder: Builder,
    tracker: StepTracker | undefined,
    error: Error,
    details: { timedOut: boolean; redact: (text: string) => string; previous: PreviousBuild | undefined; contextSaved: Promise<ContextFile[] | undefined> },
  ): Promise<void> {
    const { logger, events } = this.options;
    const local = this.local.get(run.id);
    // The engine's error quotes the failing command, build args expanded.
    const message = details.redact(error.message);
    const ending = howItEnded({ timedOut: details.timedOut, stop: local?.reason, error: new Error(message), timeoutSeconds: this.options.timeoutSeconds });
    if (/connection to the engine broke|refused the build/.test(message)) {
      // The builder may be gone: check now, so no new build is claimed for it.
      void builder.check();
    }
    // Which engine went away, when there are several.
    const error_ = /connection to the engine broke/.test(message) ? `${ending.error} (builder ${builder.name} at ${builder.engine.endpoint})` : ending.error;
    if (!ending.cancelled) logger.warn(`Build ${run.id} of ${run.entityRef} failed: ${error_}`);
    if (!tracker) {
      await this.end(run, error_, ending.cancelled);
      return;
    }
    // No step stays "running": those still open end now, saying why.
    for (const step of tracker.closeOpen({ at: new Date(), reason: ending.stepReason })) events.publish(run.id, { type: 'step', step });
    await details.contextSaved.catch(() => undefined);
    await finishRun({
      runs: this.options.runs,
      queue: this.options.queue,
      events,
      logger,
      replica: this.options.replica,
      queued: run,
      tracker,
      contextFiles: undefined,
      previous: details.previous,
      outcome: { status: ending.cancelled ? 'cancelled' : 'failed', imageId: null, imageSize: null, stageSizes: {}, error: error_, pushed: null },
    });
  }

  /** Ends a run that failed before any step, unless another replica's cancel or a takeover came first. */
  private async end(run: BuildRun, error: string, cancelled = false): Promise<void> {
    const { run: ended, applied } = await this.options.runs.transitionRun(
      run.id,
      ['running'],
      { status: cancelled ? 'cancelled' : 'failed', error, finishedAt: new Date().toISOString() },
      { claimedBy: this.options.replica },
    );
    // Not applied: cancelled or taken over elsewhere, which announced it.
    if (applied) this.options.events.publish(run.id, { type: 'finished', run: ended });
    await this.options.events.flush(run.id);
  }

  /** Shutting down: the run goes back to the queue for another replica. */
  private async release(run: BuildRun): Promise<void> {
    if (await this.options.queue.requeue(run.id, { claimedBy: this.options.replica })) {
      const queued = await this.options.runs.getRun(run.id);
      if (queued) this.options.events.publish(run.id, { type: 'status', run: queued });
      await this.options.events.flush(run.id);
    }
  }

  /** The latest earlier run of the same entity and target, with its steps and context digests. */
  private async previousBuild(queued: BuildRun): Promise<PreviousBuild | undefined> {
    const { runs } = this.options;
    const run = await runs.previousRun({ entityRef: queued.entityRef, target: queued.target, before: queued.createdAt });
    if (!run) return undefined;
    const [steps, contextFiles] = await Promise.all([runs.listSteps(run.id), runs.contextFiles(run.id)]);
    return { config: run.config, steps, contextFiles };
  }
}
