import { TestDatabases, type TestDatabaseId } from '@backstage/backend-test-utils';

const postgresVariable = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * SQLite always; PostgreSQL when a server is configured. The README's test
 * command starts one and sets STAGECRAFT_REQUIRE_POSTGRES=1, so there a
 * missing server fails the run instead of silently testing SQLite alone.
 */
export function createTestDatabases(): { databases: TestDatabases; ids: TestDatabaseId[] } {
  const hasPostgres = Boolean(process.env[postgresVariable]);
  if (process.env.STAGECRAFT_REQUIRE_POSTGRES === '1' && !hasPostgres) {
    throw new Error(`STAGECRAFT_REQUIRE_POSTGRES=1 but ${postgresVariable} is not set`);
  }
  const ids: TestDatabaseId[] = hasPostgres ? ['SQLITE_3', 'POSTGRES_15'] : ['SQLITE_3'];
  return { databases: TestDatabases.create({ ids, disableDocker: true }), ids };
}
