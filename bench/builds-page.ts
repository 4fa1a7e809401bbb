/*
 * bench/builds-page: what the Builds and Analytics views ask of the backend
 * for an entity with 500 stored runs (10 steps each), over HTTP through the
 * real router, on a real SQLite file (and PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set):
 *   - the first page of the Builds table (20 rows, with the total);
 *   - a filtered page (status and target);
 *   - the Analytics view's page of 100 points with their stage durations;
 *   - the whole list the tab used to fetch (all 500 runs), for comparison.
 * Target: the first rows in under 1 s. Prints numbers; asserts nothing.
 *
 *   yarn bench:builds-page
 */
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultBuildConfig, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuildRouter } from '../plugins/multistage-build-backend/src/buildRouter';
import { BuildAnalytics } from '../plugins/multistage-build-backend/src/builds/BuildAnalytics';
import { DatabaseBuildRunStore } from '../plugins/multistage-build-backend/src/database/BuildRunStore';
import { DatabaseDockerfileSnapshotStore } from '../plugins/multistage-build-backend/src/database/DockerfileSnapshotStore';
import { EntityAccess } from '../plugins/multistage-build-backend/src/http/entityAccess';

const entityRef = 'component:default/busy';
const entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'busy', namespace: 'default' }, spec: {} };
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

async function fill(runs: DatabaseBuildRunStore, count: number) {
  const start = Date.parse('2026-11-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await runs.createRun({ id, entityRef, target: i % 3 ? null : 'test', config: defaultBuildConfig, requestedBy: 'user:default/jane', dockerfilePath: 'Dockerfile', dockerfileDigest: `sha256:${i % 7}`, findings: { error: 0, warning: i % 4, info: 2 } });
    const at = (s: number) => new Date(start + i * 600_000 + s * 1000).toISOString();
    await runs.updateRun(id, { status: i % 10 ? 'succeeded' : 'failed', startedAt: at(0), finishedAt: at(60), cacheHits: 6, cacheMisses: 4, imageSize: 50e6 + i });
    const steps: BuildStep[] = Array.from({ length: 10 }, (_, s) => ({
      runId: id, digest: `sha256:${id}-${s}`, name: `[build ${s + 1}/10] RUN step ${s}`, stage: s < 6 ? 'build' : 'runtime', step: s + 1,
      instruction: `RUN step ${s}`, cached: s < 6, startedAt: at(s * 6), completedAt: at(s * 6 + 5), durationMs: 5000, error: null, logTail: 'ok\n', missReason: null, platform: null,
    }));
    await runs.saveSteps(steps);
  }
}

async function measure(label: string, knex: Knex) {
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const runs = await DatabaseBuildRunStore.create({ database });
  const snapshots = await DatabaseDockerfileSnapshotStore.create({ database });
  await fill(runs, 500);
  const router = createBuildRouter({
    access: new EntityAccess({ httpAuth: mockServices.httpAuth(), permissions: mockServices.permissions(), catalog: catalogServiceMock({ entities: [entity] }) }),
    analytics: new BuildAnalytics(runs, snapshots),
    runs,
  } as never);
  const app = express().use(router).use(mockErrorHandler());
  const server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const time = async (path: string, repeat = 20) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < repeat; i++) {
      const started = performance.now();
      const response = await fetch(`${base}${path}`);
      bytes = (await response.arrayBuffer()).byteLength;
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      times.push(performance.now() - started);
    }
    return `median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KiB`;
  };
  const ref = encodeURIComponent(entityRef);
  console.log(`\n${label}: 500 runs, 5000 steps`);
  console.log(`  Builds table, first page (20 rows + total)  ${await time(`/builds?entityRef=${ref}&limit=20`)}`);
  console.log(`  Builds table, status + target filter       ${await time(`/builds?entityRef=${ref}&limit=20&status=succeeded&target=test`)}`);
  console.log(`  Analytics view, 100 points + stages         ${await time('/entities/component/default/busy/analytics?limit=100')}`);
  console.log(`  every run at once (the old tab's list)      ${await time(`/builds?entityRef=${ref}&limit=500`, 5)}`);
  console.log(`  old analytics (JavaScript, a query per run) ${await time(`/analytics?entityRef=${ref}`, 5)}`);
  server.close();
  await knex.destroy();
}

async function main() {
  const file = join(mkdtempSync(join(tmpdir(), 'stagecraft-bench-')), 'runs.sqlite');
  await measure('SQLite file', knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true }));
  const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (pg) {
    const admin = knexFactory({ client: 'pg', connection: pg });
    const name = `bench_${Date.now()}`;
    await admin.raw(`CREATE DATABASE ${name}`);
    await measure('PostgreSQL 15', knexFactory({ client: 'pg', connection: { connectionString: pg.replace(/\/[^/]*$/, `/${name}`) } }));
    await admin.raw(`DROP DATABASE ${name}`);
    await admin.destroy();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
