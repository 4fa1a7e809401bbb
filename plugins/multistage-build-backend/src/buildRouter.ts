/*
 * Routes for build configurations, runs, live progress, the engine's cache
 * and build analytics. Every route checks a permission: read for reading,
 * configure for saving a configuration, run for starting and cancelling
 * builds, prune for clearing the cache.
 */
import {
  multistageBuildConfigurePermission,
  multistageBuildPrunePermission,
  multistageBuildReadPermission,
  multistageBuildRunPermission,
  type BuildEvent,
} from '@stagecraft/plugin-multistage-build-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { BuildAnalytics } from './builds/BuildAnalytics';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { checkBuildArgs, checkPlatforms, checkTarget } from './builds/buildRequest';
import type { BuildService } from './builds/BuildService';
import type { BuildConfigStore } from './database/BuildConfigStore';
import type { BuildRunStore } from './database/BuildRunStore';
import type { DockerEngine } from './engine/DockerEngine';
import { userOf, type Authorize } from './http/authorizer';
import { entityParams } from './http/entityParams';
import { parseInput } from './http/parseInput';
import type { DockerfileSource } from './service/DockerfileSource';
import type { EntityDockerfileService } from './service/EntityDockerfileService';

export interface BuildRouterOptions {
  authorize: Authorize;
  /** Where Dockerfiles are analysed: off the event loop, within the analysis limits. */
  analysis: AnalysisPool;
  entities: EntityDockerfileService;
  dockerfiles: DockerfileSource;
  configs: BuildConfigStore;
  runs: BuildRunStore;
  builds: BuildService;
  analytics: BuildAnalytics;
  engine: DockerEngine;
  /** Milliseconds between keep-alive comments on event streams. */
  keepAliveMs?: number;
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
  }),
});

const startBody = z.object({
  target: z.string().min(1).max(256).nullable().optional(),
  buildArgs: buildArgs.optional(),
  noCache: z.boolean().optional(),
});

const listQuery = z.object({
  entityRef: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const runParams = z.object({ id: z.string().uuid({ message: 'is not a build run id' }) });

const finished = new Set(['succeeded', 'failed', 'cancelled']);

export function createBuildRouter(options: BuildRouterOptions): express.Router {
  const { authorize, analysis, entities, dockerfiles, configs, runs, builds, analytics, engine } = options;
  const router = Router();

  const entityOf = async (req: express.Request, credentials: Parameters<EntityDockerfileService['findEntity']>[1]) =>
    entities.findEntity(parseInput(entityParams, req.params, 'path'), credentials);

  router.get('/entities/:kind/:namespace/:name/config', async (req, res) => {
    const credentials = await authorize(req, multistageBuildReadPermission);
    const entity = await entityOf(req, credentials);
    res.json(await configs.get(stringifyEntityRef(entity)));
  });

  router.put('/entities/:kind/:namespace/:name/config', async (req, res) => {
    const credentials = await authorize(req, multistageBuildConfigurePermission);
    const entity = await entityOf(req, credentials);
    const { version, config } = parseInput(configBody, req.body, 'body');
    checkBuildArgs(config.buildArgs, 'body.config.buildArgs');
    checkPlatforms(config.platforms, 'body.config.platforms');
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

  router.post('/entities/:kind/:namespace/:name/builds', async (req, res) => {
    const credentials = await authorize(req, multistageBuildRunPermission);
    const entity = await entityOf(req, credentials);
    const body = parseInput(startBody, req.body ?? {}, 'body');
    const run = await builds.start({ entity, requestedBy: userOf(credentials), ...body });
    res.status(202).json(run);
  });

  router.get('/builds', async (req, res) => {
    await authorize(req, multistageBuildReadPermission);
    const { entityRef, limit } = parseInput(listQuery, req.query, 'query');
    res.json({ items: await runs.listRuns({ entityRef, limit }) });
  });

  router.get('/builds/:id', async (req, res) => {
    await authorize(req, multistageBuildReadPermission);
    const { id } = parseInput(runParams, req.params, 'path');
    const run = await runs.getRun(id);
    if (!run) throw new NotFoundError(`No build run ${id}`);
    res.json({ run, steps: await runs.listSteps(id) });
  });

  router.get('/builds/:id/layers', async (req, res) => {
    await authorize(req, multistageBuildReadPermission);
    const { id } = parseInput(runParams, req.params, 'path');
    const run = await runs.getRun(id);
    if (!run) throw new NotFoundError(`No build run ${id}`);
    if (!run.imageId) throw new NotFoundError(`Build run ${id} produced no image (${run.status})`);
    res.json({ imageId: run.imageId, layers: await engine.imageLayers(run.imageId) });
  });

  router.post('/builds/:id/cancel', async (req, res) => {
    await authorize(req, multistageBuildRunPermission);
    const { id } = parseInput(runParams, req.params, 'path');
    res.json(await builds.cancel(id));
  });

  router.get('/builds/:id/events', async (req, res) => {
    await authorize(req, multistageBuildReadPermission);
    const { id } = parseInput(runParams, req.params, 'path');
    const run = await runs.getRun(id);
    if (!run) throw new NotFoundError(`No build run ${id}`);

    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const send = (event: BuildEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    // Subscribe before reading the stored state, so nothing falls in between.
    const buffered: BuildEvent[] = [];
    let live = false;
    const unsubscribe = builds.events.subscribe(id, event => {
      if (!live) buffered.push(event);
      else deliver(event);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    const close = () => {
      clearInterval(keepAlive);
      unsubscribe();
      res.end();
    };
    function deliver(event: BuildEvent) {
      send(event);
      if (event.type === 'finished') close();
    }
    req.on('close', close);

    const current = (await runs.getRun(id))!;
    send({ type: 'status', run: current });
    for (const step of await runs.listSteps(id)) send({ type: 'step', step });
    if (finished.has(current.status)) {
      send({ type: 'finished', run: current });
      close();
      return;
    }
    live = true;
    buffered.splice(0).forEach(deliver);
  });

  router.get('/cache', async (req, res) => {
    await authorize(req, multistageBuildReadPermission);
    res.json(await engine.buildCacheUsage());
  });

  router.post('/cache/prune', async (req, res) => {
    await authorize(req, multistageBuildPrunePermission);
    res.json({ reclaimedBytes: await engine.pruneBuildCache() });
  });

  router.get('/analytics', async (req, res) => {
    await authorize(req, multistageBuildReadPermission);
    const { entityRef } = parseInput(z.object({ entityRef: z.string().max(512).optional() }), req.query, 'query');
    res.json(await analytics.summarize({ entityRef }));
  });

  return router;
}
