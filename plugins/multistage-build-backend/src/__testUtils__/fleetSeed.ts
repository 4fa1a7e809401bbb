/*
 * Runs and steps written straight into the tables, at chosen times: the
 * stores create runs "now", and the org-wide figures are about days.
 */
import type { CacheMissReason } from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import type { CatalogFields } from '../database/FleetEntityStore';

export interface SeedRun {
  id: string;
  entityRef: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  createdAt: string;
  /** Seconds from start to end; no start or end when absent. */
  seconds?: number;
  imageSize?: number;
  cacheHits?: number;
  cacheMisses?: number;
  timeSavedMs?: number;
  /** The causes of the run's missed steps, one step each. */
  misses?: CacheMissReason[];
}

export async function insertRuns(knex: Knex, list: SeedRun[]): Promise<void> {
  for (const run of list) {
    const created = new Date(run.createdAt);
    await knex('multistage_build_runs').insert({
      id: run.id,
      entity_ref: run.entityRef,
      status: run.status,
      target: null,
      config_json: '{}',
      requested_by: 'user:default/jane',
      dockerfile_path: 'Dockerfile',
      dockerfile_digest: 'sha256:abc',
      created_at: created,
      // A running run has started; a queued one has not.
      started_at: run.seconds === undefined && run.status !== 'running' ? null : created,
      finished_at: run.seconds === undefined ? null : new Date(created.getTime() + run.seconds * 1000),
      image_size: run.imageSize ?? null,
      stage_sizes_json: '{}',
      cache_hits: run.cacheHits ?? 0,
      cache_misses: run.cacheMisses ?? 0,
      time_saved_ms: run.timeSavedMs ?? 0,
    });
    for (const [i, reason] of (run.misses ?? []).entries()) {
      await knex('multistage_build_steps').insert({
        run_id: run.id,
        digest: `sha256:${run.id}-${i}`,
        position: i,
        name: `[build ${i + 1}/9] RUN step ${i}`,
        cached: false,
        miss_reason_json: JSON.stringify(reason),
      });
    }
  }
}

export function catalogEntity(name: string, overrides: Partial<CatalogFields> = {}): CatalogFields {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    title: null,
    owner: 'group:default/team-a',
    system: 'shop',
    lifecycle: 'production',
    type: 'service',
    ...overrides,
  };
}
