/*
 * Routes for build configurations, runs, live progress, the engine's cache
 * and build analytics. Every route checks a permission: read for reading,
 * configure for saving a configuration, run for starting and cancelling
 * builds, prune for clearing the cache.
 */
import {
  maskSecretBuildArgs,
  multistageBuildCancelPermission,
  multistageBuildConfigurePermission,
  multistageBuildEnginesReadPermission,
  type EngineView,
  multistageBuildPrunePermission,
  multistageBuildReadPermission,
  multistageBuildRunPermission,
  multistageBuildRunsReadPermission,
  type BuildEvent,
  type BuildRun,
  type BuildStep,
} from '@stagecraft/plugin-multistage-build-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { BuildAnalytics } from './builds/BuildAnalytics';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { checkBuildArgs, checkPlatforms, checkTarget, refuseSecretBuildArgs } from './builds/buildRequest';
import type { BuildService } from './builds/BuildService';
import type { BuildConfigStore } from './database/BuildConfigStore';
import type { BuildRunStore } from './database/BuildRunStore';
import type { Builders } from './engine/Builders';
import type { RunQueueStore } from './database/RunQueueStore';
import { SecretMasking } from './builds/secretMasking';
import { userOf } from './http/userOf';
import type { EntityAccess, EntityPermission } from './http/entityAccess';
import { entityParams } from './http/entityParams';
import { parseInput } from './http/parseInput';
import type { DockerfileSource } from './source/DockerfileSource';

export interface BuildRouterOptions {
  /** Who may see which entity and do what with its builds. */
  access: EntityAccess;
  /** Where Dockerfiles are analysed: off the event loop, within the analysis limits. */
  analysis: AnalysisPool;
  dockerfiles: DockerfileSource;
  configs: BuildConfigStore;
  runs: BuildRunStore;
  builds: BuildService;
  analytics: BuildAnalytics;
  builders: Builders;
  queue: RunQueueStore;
  /** Milliseconds between keep-alive comments on event streams. */
  keepAliveMs?: number;
  /** Milliseconds between checks that a streamed run has not ended without its `finished` event. */
  endCheckMs?: number;
}

const buildArgs = z.record(z.string().max(256), z.string().max(64 * 1024));

const configBody = z.object({
  version: z.number({ required_error: 'the version you read is required (0 for the defaults)' }).int().min(0),
  config: z.object({
    target: z.string().min(1).max(256).nullable().default(null),
    buildArgs: buildArgs.default({}),
    platforms: z.array(z.string().max(64)).max(16).default([]),
    cache: z
      .object({
        from: z.array(z.string().max(1024)).max(16).default([]),
        to: z.array(z.string().max(1024)).max(16).default([]),
        disabled: z.boolean().default(false),
      })
      .default({}),
    stageOverrides: z.record(z.string().max(256), z.object({ noCache: z.boolean().optional() })).default({}),
    // Ids only: values live in app-config (multistageBuild.secrets, .ssh) and never here.
    secrets: z.array(z.string().max(64)).max(32).default([]),
    ssh: z.array(z.string().max(64)).max(8).default([]),
    push: z
      .object({
        repository: z.string().min(1).max(255),
        tags: z.array(z.string().min(1).max(128)).max(10),
      })
      .nullable()
      .default(null),
  }),
});

const startBody = z.object({
  target: z.string().min(1).max(256).nullable().optional(),
  buildArgs: buildArgs.optional(),
  noCache: z.boolean().optional(),
});

const runStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

const listQuery = z.object({
  entityRef: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Comma-separated statuses. */
  status: z
    .string()
    .max(100)
    .transform(value => value.split(',').filter(Boolean))
    .pipe(z.array(runStatus))
    .optional(),
  /** A stage name; empty for runs of the last stage. */
  target: z.string().max(256).optional(),
});

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const stepParams = z.object({
  id: z.string().uuid({ message: 'is not a build run id' }),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'is not a step digest (sha256:…)'),
});

const runParams = z.object({ id: z.string().uuid({ message: 'is not a build run id' }) });

const finished = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * A run as the API returns it: values of build args whose names look secret
 * are masked (runs stored before such values were refused may hold them).
 */
function shown(run: BuildRun): BuildRun {
  const masking = SecretMasking.forBuildArgs(run.config.buildArgs);
  return {
    ...run,
    error: masking.mask(run.error) ?? null,
    config: { ...run.config, buildArgs: maskSecretBuildArgs(run.config.buildArgs) },
  };
}

/** A run's steps as the API returns them: masked with the run's own stored values, as for `shown`. */
function shownSteps(run: BuildRun, steps: BuildStep[]): BuildStep[] {
  const masking = SecretMasking.forBuildArgs(run.config.buildArgs);
  return steps.map(step => ({
    ...step,
    name: masking.mask(step.name),
    instruction: masking.mask(step.instruction) ?? null,
    error: masking.mask(step.error) ?? null,
    logTail: masking.mask(step.logTail),
  }));
}

export function createBuildRouter(options: BuildRouterOptions): express.Router {
  const healthy = () => options.builders.list().filter(b => b.health.healthy);
  const { access, analysis, dockerfiles, configs, runs, builds, analytics, builders, queue } = options;
  const router = Router();

  /** The entity a route names, once the caller may see it (404) and do `permission` on it (403). */
  const entityOf = (req: express.Request, permission: EntityPermission) =>
    access.entity(req, parseInput(entityParams, req.params, 'path'), permission);

  /**
   * A run, once the caller may see its entity and do `permission` on it. A run
   * of an entity the caller cannot see is answered like one that does not exist.
   */
  const runOf = async (req: express.Request, permission: EntityPermission) => {
    const { id } = parseInput(runParams, req.params, 'path');
    const run = await runs.getRun(id);
    if (!run) throw new NotFoundError(`No build run ${id}`);
    try {
      return { run, ...(await access.entity(req, run.entityRef, permission)) };
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError(`No build run ${id}`);
      throw e;
    }
  };

  router.get('/entities/:kind/:namespace/:name/config', async (req, res) => {
    const { entity } = await entityOf(req, multistageBuildRunsReadPermission);
    const stored = await configs.get(stringifyEntityRef(entity));
    // Saved before secret-looking values were refused, a configuration may hold one: never shown.
    res.json({ ...stored, config: { ...stored.config, buildArgs: maskSecretBuildArgs(stored.config.buildArgs) } });
  });

  router.put('/entities/:kind/:namespace/:name/config', async (req, res) => {
    const { entity, credentials } = await entityOf(req, multistageBuildConfigurePermission);
    const { version, config } = parseInput(configBody, req.body, 'body');
    checkBuildArgs(config.buildArgs, 'body.config.buildArgs');
    refuseSecretBuildArgs(config.buildArgs, 'body.config.buildArgs');
    checkPlatforms(config.platforms, 'body.config.platforms');
    builds.access.checkConfig(config, stringifyEntityRef(entity), 'body.config');
    if (config.target !== null) {
      const dockerfile = await dockerfiles.read(entity);
      await checkTarget({
        analysis,
        target: config.target,
        dockerfileText: dockerfile.text,
        path: dockerfile.path,
        where: 'body.config.target',
      });
    }
    res.json(
      await configs.save({ entityRef: stringifyEntityRef(entity), config, expectedVersion: version, updatedBy: userOf(credentials) }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/config/history', async (req, res) => {
    const { entity } = await entityOf(req, multistageBuildRunsReadPermission);
    const { limit } = parseInput(historyQuery, req.query, 'query');
    const versions = await configs.history(stringifyEntityRef(entity), { limit });
    // Saved before secret-looking values were refused, an old version may hold one.
    res.json({ items: versions.map(v => ({ ...v, config: { ...v.config, buildArgs: maskSecretBuildArgs(v.config.buildArgs) } })) });
  });

  router.get('/entities/:kind/:namespace/:name/analytics', async (req, res) => {
    const { entity } = await entityOf(req, multistageBuildRunsReadPermission);
    const { limit, offset } = parseInput(pageQuery, req.query, 'query');
    res.json(await analytics.entityHistory({ entityRef: stringifyEntityRef(entity), limit, offset }));
  });

  router.post('/entities/:kind/:namespace/:name/builds', async (req, res) => {
    const { entity, credentials } = await entityOf(req, multistageBuildRunPermission);
    const body = parseInput(startBody, req.body ?? {}, 'body');
    const run = await builds.start({ entity, requestedBy: userOf(credentials), ...body });
    res.status(202).json(shown(run));
  });

  // Rebuilds a past run with its settings, read here: a client never resends (masked) values.
  router.post('/builds/:id/rebuild', async (req, res) => {
    const { run: past, entity, credentials } = await runOf(req, multistageBuildRunPermission);
    const run = await builds.start({
      entity,
      requestedBy: userOf(credentials),
      target: past.config.target,
      buildArgs: builds.rebuildArgs(past),
      noCache: past.config.cache.disabled,
    });
    res.status(202).json(shown(run));
  });

  router.get('/builds', async (req, res) => {
    const credentials = await access.authorize(req, multistageBuildReadPermission);
    const { entityRef, limit, offset, status, target } = parseInput(listQuery, req.query, 'query');
    // Only runs of entities the caller can see and may read the runs of: the
    // visible entities are found first, so a page is full whenever there are runs to show.
    const candidates = entityRef ? [entityRef] : await runs.entityRefsWithRuns();
    const visible = await access.visible(credentials, candidates, multistageBuildRunsReadPermission);
    const filter = {
      entityRefs: [...visible],
      status: status && status.length > 0 ? status : undefined,
      target: target === undefined ? undefined : target || null,
    };
    const [items, total] = await Promise.all([runs.listRuns({ ...filter, limit, offset }), runs.countRuns(filter)]);
    res.json({ items: items.map(shown), total });
  });

  router.get('/builds/:id', async (req, res) => {
    const { run } = await runOf(req, multistageBuildRunsReadPermission);
    res.json({ run: shown(run), steps: shownSteps(run, await runs.listSteps(run.id)) });
  });

  router.get('/builds/:id/layers', async (req, res) => {
    const { run } = await runOf(req, multistageBuildRunsReadPermission);
    if (!run.imageId) throw new NotFoundError(`Build run ${run.id} produced no image (${run.status})`);
    const builder = builders.get(run.engine) ?? builders.primary;
    res.json({ imageId: run.imageId, layers: await builder.engine.imageLayers(run.imageId) });
  });

  router.get('/builds/:id/steps/:digest/log', async (req, res) => {
    const { digest } = parseInput(stepParams, req.params, 'path');
    const { run } = await runOf(req, multistageBuildRunsReadPermission);
    const log = await runs.stepLog(run.id, digest);
    if (!log) {
      throw new NotFoundError(
        finished.has(run.status)
          ? `Build run ${run.id} stored no output for step ${digest}`
          : `Build run ${run.id} is ${run.status}: a step's whole output is stored when the run ends; until then it arrives on the event stream`,
      );
    }
    res.json({ ...log, text: SecretMasking.forBuildArgs(run.config.buildArgs).mask(log.text) });
  });

  router.post('/builds/:id/cancel', async (req, res) => {
    const { run } = await runOf(req, multistageBuildCancelPermission);
    res.json(shown(await builds.cancel(run.id)));
  });

  router.get('/builds/:id/events', async (req, res) => {
    const {
      run: { id },
    } = await runOf(req, multistageBuildRunsReadPermission);
    // A reconnecting EventSource sends the header; a client that cannot set headers may use the query.
    const { lastEventId } = parseInput(
      z.object({ lastEventId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),
      { lastEventId: req.header('last-event-id') ?? req.query.lastEventId },
      'header Last-Event-ID (or query)',
    );

    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => {};
    const close = () => {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      unsubscribe();
      res.end();
    };
    // Before anything is awaited: a client that leaves early must not leave a subscription behind.
    req.on('close', close);
    const send = (event: BuildEvent, seq?: number) => {
      const masked = event.type === 'status' || event.type === 'finished' ? { ...event, run: shown(event.run) } : event;
      res.write(`${seq === undefined ? '' : `id: ${seq}\n`}event: ${event.type}\ndata: ${JSON.stringify(masked)}\n\n`);
    };
    /** The stored end of a run, for a stream whose run ended without its events. */
    const sendStoredEnd = async (run: BuildRun) => {
      send({ type: 'status', run });
      for (const step of shownSteps(run, await runs.listSteps(id))) send({ type: 'step', step });
      send({ type: 'finished', run });
      close();
    };
    const current = (await runs.getRun(id))!;
    if (closed) return;
    if (finished.has(current.status)) {
      // Ended: the stored state says everything, unless a resuming client only lacks the last events.
      const rest = lastEventId === undefined ? [] : await builds.events.stored(id, lastEventId);
      if (rest.some(e => e.event.type === 'finished')) {
        for (const e of rest) send(e.event, e.seq);
        close();
      } else {
        await sendStoredEnd(current);
      }
      return;
    }
    // Every stored event after the client's last, then each new one, from whichever replica
    // executes the run: a new stream replays the run from its start, exactly as a live one saw it.
    timers.push(setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000));
    unsubscribe = builds.events.subscribe(id, lastEventId ?? 0, ({ seq, event }) => {
      if (closed) return;
      send(event.type === 'step' ? { type: 'step', step: shownSteps(current, [event.step])[0] } : event, seq);
      if (event.type === 'finished') close();
    });
    // A replica that stopped between storing a run's end and storing its events leaves a stream
    // waiting: once the stored run has ended twice in a row without its event, the stored end is sent.
    let endedChecks = 0;
    const endCheck = setInterval(() => {
      runs
        .getRun(id)
        .then(async run => {
          endedChecks = run && finished.has(run.status) ? endedChecks + 1 : 0;
          if (run && endedChecks >= 2 && !closed) await sendStoredEnd(run);
        })
        .catch(() => undefined);
    }, options.endCheckMs ?? 5000);
    timers.push(endCheck);
  });

  router.get('/cache', async (req, res) => {
    await access.authorize(req, multistageBuildReadPermission);
    // Every healthy builder's cache together: an entity's builds may run on any of them.
    const usage = await Promise.all(healthy().map(b => b.engine.buildCacheUsage()));
    res.json({
      records: usage.reduce((sum, u) => sum + u.records, 0),
      sizeBytes: usage.reduce((sum, u) => sum + u.sizeBytes, 0),
      reclaimableBytes: usage.reduce((sum, u) => sum + u.reclaimableBytes, 0),
    });
  });

  router.post('/cache/prune', async (req, res) => {
    await access.authorize(req, multistageBuildPrunePermission);
    const freed = await Promise.all(healthy().map(b => b.engine.pruneBuildCache()));
    res.json({ reclaimedBytes: freed.reduce((sum, n) => sum + n, 0) });
  });

  router.get('/engines', async (req, res) => {
    await access.authorize(req, multistageBuildEnginesReadPermission);
    const [running, queued] = await Promise.all([queue.runningPerEngine(), queue.queuedCount()]);
    const engines = await Promise.all(
      builders.list().map(async (b): Promise<EngineView> => ({
        name: b.name,
        endpoint: b.engine.endpoint,
        tls: b.tls,
        platforms: b.platforms,
        concurrency: b.concurrency,
        running: running.get(b.name) ?? 0,
        healthy: b.health.healthy,
        reason: b.health.reason,
        checkedAt: b.health.checkedAt,
        version: b.health.version,
        cache: b.health.healthy ? await b.engine.buildCacheUsage().catch(() => null) : null,
      })),
    );
    res.json({ engines, queued });
  });

  router.post('/engines/:name/prune', async (req, res) => {
    await access.authorize(req, multistageBuildPrunePermission);
    const { name } = parseInput(z.object({ name: z.string().max(63) }), req.params, 'path');
    const builder = builders.get(name);
    if (!builder) throw new NotFoundError(`No builder named ${name} (multistageBuild.builders)`);
    if (!builder.health.healthy) throw new ConflictError(`Builder ${name} is out: ${builder.health.reason}`);
    res.json({ reclaimedBytes: await builder.engine.pruneBuildCache() });
  });

  router.get('/analytics', async (req, res) => {
    const credentials = await access.authorize(req, multistageBuildReadPermission);
    const { entityRef } = parseInput(z.object({ entityRef: z.string().max(512).optional() }), req.query, 'query');
    // Figures over the entities the caller can see and may read the runs of, and no others.
    res.json(
      await analytics.summarize({
        entityRef,
        visible: refs => access.visible(credentials, refs, multistageBuildRunsReadPermission),
      }),
    );
  });

  return router;
}
