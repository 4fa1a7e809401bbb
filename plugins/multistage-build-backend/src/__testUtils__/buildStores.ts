import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseBuildConfigStore } from '../database/BuildConfigStore';
import { DatabaseBuildRunStore } from '../database/BuildRunStore';
import { RunEventStore } from '../database/RunEventStore';
import { RunQueueStore } from '../database/RunQueueStore';
import { Builders } from '../engine/Builders';
import { DockerEngine } from '../engine/DockerEngine';

/** Every store a BuildService needs, on one database. */
export async function buildStores(database: DatabaseService) {
  return {
    runs: await DatabaseBuildRunStore.create({ database }),
    configs: await DatabaseBuildConfigStore.create({ database }),
    queue: await RunQueueStore.create({ database }),
    eventStore: await RunEventStore.create({ database }),
  };
}

/**
 * One builder whose health check answers but whose builds reach no engine
 * (nothing listens on its socket): a build is claimed and then fails with the
 * engine's own reason, never hangs. For route tests without an engine.
 */
export function refusingBuilders(concurrency = 2): Builders {
  const engine = new DockerEngine({ host: 'unix:///nonexistent/docker.sock' });
  (engine.docker as unknown as { version: () => Promise<unknown> }).version = async () => ({ Os: 'linux', Arch: 'amd64', Version: 'test double' });
  return Builders.single(engine, concurrency);
}
