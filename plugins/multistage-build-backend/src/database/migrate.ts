import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath('@stagecraft/plugin-multistage-build-backend', 'migrations');

/**
 * The plugin's Knex client with its migrations applied, unless the database
 * service says they are run elsewhere. Every store calls this; Knex makes the
 * second and later calls no-ops.
 */
export async function migratedClient(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<Knex> {
  const knex = await options.database.getClient();
  if (!options.skipMigrations && !options.database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}
