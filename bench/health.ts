/*
 * bench/health: does the backend stay responsive while the worst input the
 * analysis limits allow is analysed? The real router and the real analysis
 * pool (default settings) behind a real HTTP server on 127.0.0.1; /health is
 * asked every 10 ms, first idle, then while two clients post the worst
 * allowed Dockerfile back to back. Target: /health p95 under 50 ms.
 * For comparison it prints how long the same analysis holds a thread, which
 * is how long /health would wait if it ran on the event loop.
 *
 *   yarn bench:health
 */
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { describeDockerfile } from '@stagecraft/plugin-multistage-build-common';
import express from 'express';
import knexFactory from 'knex';
import type { AddressInfo } from 'node:net';
import { AnalysisPool } from '../plugins/multistage-build-node/src';
import { DatabaseDockerfileSnapshotStore } from '../plugins/multistage-build-backend/src/database/DockerfileSnapshotStore';
import { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';
import { createRouter } from '../plugins/multistage-build-backend/src/router';
import { DockerfileSource } from '../plugins/multistage-build-backend/src/source/DockerfileSource';
import { EntityDockerfileService } from '../plugins/multistage-build-backend/src/service/EntityDockerfileService';
import { EntityAccess } from '../plugins/multistage-build-backend/src/http/entityAccess';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

/**
 * The worst input the default limits allow that we know of: 500 stages (the
 * stage limit), each naming a stage that does not exist (the name suggester's
 * work), 10,000 instructions (the instruction limit), just under 1 MiB (the
 * size limit).
 */
function worstAllowedInput(): string {
  const stages: string[] = [];
  for (let i = 0; i < 500; i++) {
    const runs = Array.from(
      { length: 18 },
      (_, j) => `RUN apt-get update && apt-get install -y --no-install-recommends pkg${i}-${j} && rm -rf /var/lib/apt/lists/*`,
    );
    stages.push([`FROM debian:12 AS s${i}`, `COPY --from=x${i} /a /a`, ...runs].join('\n'));
  }
  return `${stages.join('\n')}\n`;
}

async function main() {
  const text = worstAllowedInput();
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const snapshots = await DatabaseDockerfileSnapshotStore.create({ database: mockServices.database({ knex }) });
  const analysis = new AnalysisPool();
  const router = await createRouter({
    analysis,
    access: new EntityAccess({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock({ entities: [] }),
    }),
    entityDockerfiles: new EntityDockerfileService({
      analysis,
      // No entity is read here: only posted text is analysed.
      source: new DockerfileSource({ urlReader: {} as UrlReaderService, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [], maxDockerfileBytes: 1 << 20 }),
      snapshots,
    }),
    snapshots,
    engine: new DockerEngine({ host: 'unix:///nonexistent/docker.sock' }),
    maxDockerfileBytes: 1 << 20,
  });
  const server = express().use(router).use(mockErrorHandler()).listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const started = Date.now();
  describeDockerfile({ path: 'Dockerfile', text });
  const onThread = Date.now() - started;
  console.log(
    `bench/health: worst allowed input ${text.length.toLocaleString('en-US')} bytes, 500 stages, 10,000 instructions; ` +
      `one analysis holds a thread for ${onThread} ms`,
  );

  const probeHealth = async (count: number) => {
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      const response = await fetch(`${base}/health`);
      await response.text();
      latencies.push(performance.now() - t);
      await new Promise(r => setTimeout(r, 10));
    }
    return latencies;
  };

  console.log(`  /health, idle: ${summary(await probeHealth(200))}`);

  let loading = true;
  const analysed: number[] = [];
  const statuses = new Map<number, number>();
  const client = async () => {
    while (loading) {
      const t = performance.now();
      const response = await fetch(`${base}/analyze`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      analysed.push(performance.now() - t);
    }
  };
  const clients = [client(), client()];
  const loaded = await probeHealth(300);
  loading = false;
  await Promise.all(clients);
  console.log(`  /health while two clients post the worst input back to back: ${summary(loaded)} (target p95 under 50 ms)`);
  console.log(
    `  analyses answered meanwhile: ${analysed.length} (${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}), ` +
      `each ${summary(analysed)}`,
  );

  await analysis.close();
  server.close();
  await knex.destroy();
}

main().catch(e => {
  console.error(e);
  // A failed run must not hang on the server or the workers it left open.
  process.exit(1);
});
