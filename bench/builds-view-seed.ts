/*
 * Seeds 500 finished runs of hello-c into the multistage-build SQLite file in
 * the directory given, for bench/builds-view-browser (which runs this first).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/builds-view-seed.ts DIR
 */
import { join } from 'node:path';
import knexFactory from 'knex';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { DatabaseBuildRunStore } from '../plugins/multistage-build-backend/src/database/BuildRunStore';

const runs = 500;
const entityRef = 'component:default/hello-c';

async function seed(directory: string) {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(directory, 'multistage-build.sqlite') }, useNullAsDefault: true });
  const store = await DatabaseBuildRunStore.create({ database: { getClient: async () => knex, migrations: { skip: false } } as never });
  const start = Date.parse('2026-11-01T00:00:00Z');
  for (let i = 0; i < runs; i++) {
    const id = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
    await store.createRun({ id, entityRef, target: null, config: defaultBuildConfig, requestedBy: 'user:default/jane', dockerfilePath: 'Dockerfile', dockerfileDigest: 'sha256:x', findings: { error: 0, warning: 1, info: 2 } });
    const at = (s: number) => new Date(start + i * 600_000 + s * 1000).toISOString();
    await store.updateRun(id, { status: 'succeeded', startedAt: at(0), finishedAt: at(40), cacheHits: 6, cacheMisses: 3, imageSize: 2_800_000 });
  }
  await knex.destroy();
}

seed(process.argv[2]).catch(e => {
  console.error(e);
  process.exit(1);
});
