import { InputError } from '@backstage/errors';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import {
  multistageBuildPermissions,
  multistageBuildReadPermission,
  multistageBuildRunsReadPermission,
  UnknownTargetError,
  type SeverityOverride,
  type EngineStatus,
} from '@stagecraft/plugin-multistage-build-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { EntityAccess } from './http/entityAccess';
import { bodyErrors } from './http/bodyErrors';
import { entityParams } from './http/entityParams';
import { parseInput } from './http/parseInput';
import type { DockerfileSnapshotStore } from './database/DockerfileSnapshotStore';
import { checkDockerfileText } from './source/DockerfileSource';
import type { EntityDockerfileService } from './service/EntityDockerfileService';

export interface RouterOptions {
  /** Routes for configurations, builds, cache and analytics, mounted as they are. */
  buildRoutes?: () => express.Router;
  /** The org-wide analytics page's routes, mounted as they are. */
  fleetRoutes?: () => express.Router;
  /** Who may see which entity and do what with it. */
  access: EntityAccess;
  /** Where posted Dockerfiles are analysed: off the event loop, within the analysis limits. */
  analysis: AnalysisPool;
  entityDockerfiles: EntityDockerfileService;
  snapshots: DockerfileSnapshotStore;
  /** Whether builds can run (GET /engine): the builders' health. */
  engine: { status(): Promise<EngineStatus> };
  maxDockerfileBytes: number;
  /** Per-rule severity or `off`, from app-config. */
  severityOverrides?: Record<string, SeverityOverride>;
}


const analyzeBody = z.object({
  text: z.string({ required_error: 'body field "text" (the Dockerfile) is required' }),
  /** The name the findings use for the file. */
  path: z.string().max(1024).optional(),
  /** Stage name or index whose image the rules judge. */
  target: z.string().max(256).optional(),
});

const convertBody = z.object({
  text: z.string({ required_error: 'body field "text" (the single-stage Dockerfile) is required' }),
  path: z.string().max(1024).optional(),
  /** Add a test stage that gates the runtime (default true). */
  includeTest: z.boolean().optional(),
});

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { access, entityDockerfiles, snapshots, engine } = options;
  const router = Router();
  // Dockerfiles up to the configured limit, plus room for the JSON envelope.
  router.use(express.json({ limit: options.maxDockerfileBytes * 2 + 1024 }), bodyErrors);
  router.use(createPermissionIntegrationRouter({ permissions: multistageBuildPermissions }));

  const authorizeRead = (req: express.Request) => access.authorize(req, multistageBuildReadPermission);

  if (options.buildRoutes) router.use(options.buildRoutes());
  if (options.fleetRoutes) router.use(options.fleetRoutes());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/engine', async (req, res) => {
    await authorizeRead(req);
    res.json(await engine.status());
  });

  router.get('/entities/:kind/:namespace/:name/dockerfile', async (req, res) => {
    const { entity } = await access.entity(req, parseInput(entityParams, req.params, 'path'), multistageBuildReadPermission);
    res.json(await entityDockerfiles.read(entity));
  });

  router.post('/analyze', async (req, res) => {
    await authorizeRead(req);
    const { text, path = 'Dockerfile', target } = parseInput(analyzeBody, req.body, 'body');
    checkDockerfileText({ text, where: 'body.text', maxBytes: options.maxDockerfileBytes });
    try {
      res.json(await options.analysis.describe({ path, text, target, severityOverrides: options.severityOverrides }, 'body.text'));
    } catch (e) {
      if (e instanceof UnknownTargetError) throw new InputError(`body.target: ${e.message}`);
      throw e;
    }
  });

  // Pure computation on posted text: nothing is stored, so reading is the permission it needs.
  router.post('/convert', async (req, res) => {
    await authorizeRead(req);
    const { text, path = 'Dockerfile', includeTest } = parseInput(convertBody, req.body, 'body');
    checkDockerfileText({ text, where: 'body.text', maxBytes: options.maxDockerfileBytes });
    const converted = await options.analysis.convert({ text, path, includeTest }, 'body.text');
    if (!converted.ok) throw new InputError(`body.text: ${converted.reason}`);
    res.json({
      ...converted,
      analysis: await options.analysis.describe(
        { path, text: converted.text, severityOverrides: options.severityOverrides },
        'the converted Dockerfile',
      ),
    });
  });

  router.get('/snapshots', async (req, res) => {
    const credentials = await authorizeRead(req);
    const all = await snapshots.list();
    // Only entities the caller can see in the catalog and may read the builds of.
    const visible = await access.visible(credentials, all.map(s => s.entityRef), multistageBuildRunsReadPermission);
    res.json({ items: all.filter(s => visible.has(s.entityRef)) });
  });

  return router;
}
