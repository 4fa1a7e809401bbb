/*
 * The org-wide build analytics page's routes. Each asks for the caller's
 * credentials and our read permission, then counts only the entities the
 * caller may see (VisibleEntities); bad query parameters are a 400 naming them.
 */
import { fleetSortFields, fleetWindows, multistageBuildReadPermission, type FleetQuery } from '@stagecraft/plugin-multistage-build-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { FleetAnalytics } from './fleet/FleetAnalytics';
import type { VisibleEntities } from './fleet/VisibleEntities';
import type { EntityAccess } from './http/entityAccess';
import { parseInput } from './http/parseInput';

export interface FleetRouterOptions {
  access: EntityAccess;
  fleet: FleetAnalytics;
  visible: VisibleEntities;
}

const days = z
  .enum(fleetWindows.map(String) as [string, ...string[]], { message: `must be one of ${fleetWindows.join(', ')}` })
  .default('30')
  .transform(Number);

const fleetQuery = z
  .object({
    days,
    search: z.string().max(200).optional(),
    owner: z.string().max(512).optional(),
    system: z.string().max(512).optional(),
    lifecycle: z.string().max(200).optional(),
    kind: z.string().max(200).optional(),
    type: z.string().max(200).optional(),
    state: z.enum(['never-built', 'failing']).optional(),
    rule: z.string().max(200).optional(),
    sort: z.enum(fleetSortFields).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(25),
  })
  .strict();

export function createFleetRouter(options: FleetRouterOptions): express.Router {
  const { access, fleet, visible } = options;
  const router = Router();

  const visibleTo = async (req: express.Request) => visible.of(await access.authorize(req, multistageBuildReadPermission));

  router.get('/fleet/summary', async (req, res) => {
    const query = parseInput(z.object({ days }).strict(), req.query, 'query');
    res.json(await fleet.summary(query.days as FleetQuery['days'] & number, await visibleTo(req)));
  });

  router.get('/fleet/entities', async (req, res) => {
    const query = parseInput(fleetQuery, req.query, 'query') as FleetQuery;
    res.json(await fleet.entities(query, await visibleTo(req)));
  });

  router.get('/fleet/entities.csv', async (req, res) => {
    const { offset: _offset, limit: _limit, ...query } = parseInput(fleetQuery, req.query, 'query') as FleetQuery;
    const csv = await fleet.csv(query, await visibleTo(req));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="build-analytics-${query.days}d.csv"`);
    res.send(csv);
  });

  return router;
}
