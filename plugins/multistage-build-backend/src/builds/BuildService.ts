/*
 * Starting and cancelling builds. A request is checked (build args, target,
 * caps, a builder for its platform) and stored as a queued run; whichever
 * replica has room claims it (BuildExecutor). A cancel works from any
 * replica: a queued run ends at once; a running one is stopped on its engine
 * through BuildKit's build id, and its status stays cancelled whatever the
 * replica that ran it stores later.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  looksLikeSecretName,
  type BuildRun,
  countFindings,
  type SeverityOverride,
} from '@stagecraft/plugin-multistage-build-common';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { randomUUID } from 'node:crypto';
import type { BuildConfigStore } from '../database/BuildConfigStore';
import type { BuildRunStore, UnfinishedCounts } from '../database/BuildRunStore';
import type { RunEventStore } from '../database/RunEventStore';
import type { RunQueueStore } from '../database/RunQueueStore';
import type { ContextLimits } from '../engine/buildContext';
import { Builders } from '../engine/Builders';
import type { Engine } from '../engine/Engine';
import { dockerfileDigest, type DockerfileSource } from '../source/DockerfileSource';
import type { BuildContextSource } from '../source/BuildContextSource';
import { BuildAccess } from './BuildAccess';
import { BuildExecutor } from './BuildExecutor';
import { checkBuildArgs, checkTarget, effectiveConfig, refuseSecretBuildArgs, type BuildOverrides } from './buildRequest';
import { buildsPlatform } from './chooseEngine';
import { RunEvents } from './RunEvents';
import { TooManyBuildsError } from './TooManyBuildsError';

export interface BuildServiceOptions {
  /** Where the Dockerfile is analysed: off the event loop, within the analysis limits. */
  analysis: AnalysisPool;
  runs: BuildRunStore;
  configs: BuildConfigStore;
  /** The queue every replica claims from. */
  queue: RunQueueStore;
  /** Where live events are stored for every replica's streams. */
  eventStore: RunEventStore;
  /** The engines builds run on; or `engine` for one, named `default`. */
  builders?: Builders;
  engine?: Engine;
  dockerfiles: DockerfileSource;
  contexts: BuildContextSource;
  logger: LoggerService;
  /** Builds this replica runs at once (and the `default` builder's limit when `engine` is given). */
  concurrency: number;
  /** False: this service stores runs but never claims them (tests that seed queued runs by hand). Default true. */
  claim?: boolean;
  /** This replica's name in claims; default a random id per process. */
  replica?: string;
  /** How long a claim lasts without renewal. Default 30 s. */
  leaseMs?: number;
  /** How often queued runs are looked for without a notice. Default 1 s. */
  claimPollMs?: number;
  /** How often a running build's events are stored. Default 100 ms. */
  eventFlushMs?: number;
  /** How often streams poll stored events. Default 1 s. */
  eventPollMs?: number;
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
  /** Secrets, SSH agents and registries builds may be granted; none without it. */
  access?: BuildAccess;
  /** How much of each step's output is stored for the run page; default 1 MiB (`multistageBuild.builds.stepLogBytes`). */
  stepLogBytes?: number;
}

export interface StartBuild extends BuildOverrides {
  entity: Entity;
  requestedBy: string | null;
}

const finished = new Set(['succeeded', 'failed', 'cancelled']);

export class BuildService {
  readonly events: RunEvents;
  readonly builders: Builders;
  readonly access: BuildAccess;
  readonly replica: string;
  private readonly executor: BuildExecutor;

  constructor(private readonly options: BuildServiceOptions) {
    if (!options.builders && !options.engine) throw new Error('BuildService needs builders or an engine');
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new Error(`build concurrency must be a whole number of at least 1, got ${options.concurrency}`);
    }
    this.builders = options.builders ?? Builders.single(options.engine!, options.concurrency);
    this.access = options.access ?? BuildAccess.none();
    this.replica = options.replica ?? randomUUID();
    this.events = new RunEvents({
      store: options.eventStore,
      logger: options.logger,
      flushMs: options.eventFlushMs,
      pollMs: options.eventPollMs,
    });
    this.executor = new BuildExecutor({
      replica: this.replica,
      queue: options.queue,
      runs: options.runs,
      events: this.events,
      builders: this.builders,
      analysis: options.analysis,
      contexts: options.contexts,
      logger: options.logger,
      concurrency: options.concurrency,
      leaseMs: options.leaseMs ?? 30_000,
      claimPollMs: options.claimPollMs ?? 1000,
      measureStageSizes: options.measureStageSizes,
      flushIntervalMs: options.flushIntervalMs,
      defaultBuildArgs: options.defaultBuildArgs,
      timeoutSeconds: options.timeoutSeconds ?? 3600,
      contextLimits: options.contextLimits,
      severityOverrides: options.severityOverrides,
      stepLogBytes: options.stepLogBytes,
      access: this.access,
    });
    if (options.claim !== false) this.executor.start();
  }

  /** Checks the request, stores a queued run, and tells the executor. */
  async start(request: StartBuild): Promise<BuildRun> {
    const entityRef = stringifyEntityRef(request.entity);
    if (request.buildArgs) {
      checkBuildArgs(request.buildArgs, 'body.buildArgs');
      refuseSecretBuildArgs(request.buildArgs, 'body.buildArgs');
    }
    // Requests to this replica for one entity or user wait for each other (the caps are judged
    // again in the database with the insert, for requests on other replicas).
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
      // Grants and what the engine can apply may have changed since the configuration was saved.
      this.access.checkConfig(config, entityRef, 'the saved configuration');
      await this.checkBuilders(config.platforms, this.access.buildersFor(config, entityRef));
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
      this.access.checkMounts(described, config, dockerfile.path);
      this.access.refuseCustomFrontend(dockerfile.text, buildArgs, config, dockerfile.path);
      // Counted again with the insert: another replica may have stored runs since.
      return this.options.runs.createRun({
        id: randomUUID(),
        entityRef,
        target: config.target,
        config,
        defaultBuildArgs,
        requestedBy: request.requestedBy,
        dockerfilePath: dockerfile.path,
        dockerfileDigest: dockerfileDigest(dockerfile.text),
        findings: countFindings(described.findings),
        entity: request.entity,
      }, counts => this.refuseOverCaps(entityRef, request.requestedBy, counts));
    });
    this.events.publish(run.id, { type: 'status', run });
    this.executor.poke();
    return run;
  }

  /**
   * A build needs a builder for its platform (400 when none is configured) and
   * a healthy one among those (503 saying why each is out). A queued run waits
   * for room, never for a builder that may not come back.
   */
  private async checkBuilders(platforms: string[], only: string[] | null): Promise<void> {
    const all = only ? this.builders.list().filter(b => only.includes(b.name)) : this.builders.list();
    if (all.length === 0) {
      throw new InputError(`the SSH agents this build is granted are served only on builders ${only!.join(', ')} (multistageBuild.ssh[].builders), and none of them is configured`);
    }
    const buildsAll = (b: (typeof all)[number]) => platforms.every(p => buildsPlatform(b, p));
    await this.builders.checkUnchecked();
    let able = all.filter(b => b.health.healthy && buildsAll(b));
    if (able.length === 0) {
      // Health is as old as the last check: ask again before refusing.
      await this.builders.checkAll();
      able = all.filter(b => b.health.healthy && buildsAll(b));
    }
    if (able.length > 0) return;
    const forPlatform = all.filter(b => !b.health.healthy || buildsAll(b));
    if (platforms.length > 0 && forPlatform.every(b => b.health.healthy)) {
      throw new InputError(
        `no builder builds ${platforms.join(' and ')}${platforms.length > 1 ? ' (one builder builds every platform of a run)' : ''}: ${all.map(b => `${b.name} builds ${b.platforms.join(', ') || 'its own platform'}`).join('; ')} (multistageBuild.builders[].platforms)`,
      );
    }
    throw new ServiceUnavailableError(
      `no builder can take builds now: ${all
        .filter(b => !b.health.healthy)
        .map(b => `${b.name}: ${b.health.reason}`)
        .join('; ')}. Start the engine (or fix multistageBuild.builders / docker.host); analysis works without it.`,
    );
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
   * stored runs (so they hold across restarts), with a 429 naming the cap:
   * early, before the Dockerfile is read and analysed, and again with the
   * insert (so they hold across replicas).
   */
  private async checkCaps(entityRef: string, requestedBy: string | null): Promise<void> {
    const [ofEntity, ofUser] = await Promise.all([
      this.options.runs.countUnfinishedRuns({ entityRef }),
      requestedBy === null ? 0 : this.options.runs.countUnfinishedRuns({ requestedBy }),
    ]);
    this.refuseOverCaps(entityRef, requestedBy, { ofEntity, ofUser });
  }

  private refuseOverCaps(entityRef: string, requestedBy: string | null, { ofEntity, ofUser }: UnfinishedCounts): void {
    const perEntity = this.options.maxUnfinishedPerEntity ?? 5;
    const perUser = this.options.maxUnfinishedPerUser ?? 10;
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
    if (this.executor.cancelLocal(runId)) return run; // the executor records the end
    // Queued: it ends now. Running on another replica (perhaps claimed since it was read): it ends
    // now too, and its build is stopped on its engine.
    const finishedAt = new Date().toISOString();
    let ended = await this.options.runs.transitionRun(runId, ['queued'], { status: 'cancelled', finishedAt, error: 'cancelled before it started' });
    const wasRunning = !ended.applied;
    if (wasRunning) {
      ended = await this.options.runs.transitionRun(runId, ['running'], { status: 'cancelled', finishedAt, error: 'cancelled while running' });
    }
    if (!ended.applied) throw new ConflictError(`Build run ${runId} already ended (${ended.run.status})`);
    this.events.publish(runId, { type: 'finished', run: ended.run });
    await this.events.flush(runId);
    if (wasRunning) void this.stopOnEngine(ended.run);
    return ended.run;
  }

  /**
   * Stops a build another replica runs, on its engine; that replica's stream
   * then ends and keeps the cancel. Asked again over two seconds: the build id
   * is recorded just before the engine is asked, so BuildKit may not know it
   * yet. A build not at the engine yet is stopped by its replica at its next
   * lease renewal.
   */
  private async stopOnEngine(run: BuildRun): Promise<void> {
    const builder = this.builders.get(run.engine);
    if (!builder) return;
    for (const wait of [0, 500, 1500]) {
      await new Promise(r => setTimeout(r, wait).unref());
      const buildId = await this.options.queue.engineBuildId(run.id).catch(() => undefined);
      if (!buildId) continue;
      await builder.engine
        .cancelBuild(buildId)
        .catch(e => this.options.logger.warn(`Could not stop build ${run.id} on builder ${builder.name}: ${e}`));
    }
  }

  /** Builds running on this replica now. */
  get running(): number {
    return this.executor.running;
  }

  /** Resolves when no run is queued or running, here or anywhere (tests and benchmarks). */
  async idle(pollMs = 50): Promise<void> {
    for (;;) {
      const counts = await this.options.runs.countRunsByStatus({ status: ['queued', 'running'] });
      if (this.executor.running === 0 && !counts.queued && !counts.running) return;
      await new Promise(r => setTimeout(r, pollMs));
    }
  }

  /** Stops claiming new runs (before shutdown). */
  stopClaiming(): void {
    this.executor.stopClaiming();
  }

  /** Lets running builds end within `graceMs`, releases the rest to other replicas, and closes the event feed. */
  async shutdown(graceMs: number): Promise<void> {
    await this.executor.drain(graceMs);
    await this.events.close();
  }
}
