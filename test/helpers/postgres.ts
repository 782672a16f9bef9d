// A real PostgreSQL server for tests: TEST_DATABASE_URL points at it (.ci/run starts a throwaway cluster and sets
// it). Each test creates its own database and drops it afterwards. Without TEST_DATABASE_URL the PostgreSQL tests
// fail, saying how to run them; SKIP_POSTGRES_TESTS=1 is the explicit way to leave them out on a machine without
// PostgreSQL (they are then reported as skipped, never silently passed).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

export const POSTGRES_HINT =
  'PostgreSQL tests need a server: set TEST_DATABASE_URL=postgres://user:password@127.0.0.1:PORT/postgres (a role allowed to CREATE DATABASE), ' +
  'or run .ci/run, which starts a throwaway cluster; SKIP_POSTGRES_TESTS=1 leaves them out explicitly.';

export const testDatabaseUrl = (): string | null => process.env.TEST_DATABASE_URL?.trim() || null;
export const postgresTestsSkipped = (): boolean => process.env.SKIP_POSTGRES_TESTS === '1';

/**
 * `describe` for PostgreSQL suites: runs them with a server, fails loudly without one, skips only when told to.
 */
export function describePostgres(name: string, body: (serverUrl: string) => void): void {
  const url = testDatabaseUrl();
  if (url) describe(name, () => body(url));
  else if (postgresTestsSkipped()) describe.skip(`${name} (SKIP_POSTGRES_TESTS=1)`, () => it('skipped', () => undefined));
  else
    describe(name, () => {
      it('has a PostgreSQL server to run against', () => {
        throw new Error(POSTGRES_HINT);
      });
    });
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server; `drop()` ends its connections and removes it. */
export async function createTestDatabase(serverUrl: string, prefix = 'fazhi_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** One query on a database (test assertions on tables). */
export async function queryRows<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
