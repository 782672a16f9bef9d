// The store contract against a real PostgreSQL server (TEST_DATABASE_URL; each test creates and drops its own
// database; several pools stand in for several replicas), plus what only PostgreSQL has: start-up retries and
// errors that never show the password.
import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, withoutPassword } from '../../src/state/postgres/connect.js';
import { openPgState } from '../../src/state/postgres/backend.js';
import { createTestDatabase, describePostgres, queryRows } from '../helpers/postgres.js';
import { stateContract, type StateHarness } from './contract.js';

describe('postgres: URLs in messages', () => {
  it('describes a URL without its password', () => {
    expect(describeDatabaseUrl('postgresql://u:p%20w@db.internal:5433/bot?sslmode=require')).toBe('postgresql://u@db.internal:5433/bot');
    expect(withoutPassword('failed for postgres://u:pw123@h/db and pw123', 'postgres://u:pw123@h/db')).toBe('failed for postgres://u@h/db and ***');
    expect(withoutPassword('auth failed for p w', 'postgres://u:p%20w@h/db')).toBe('auth failed for ***');
    expect(describeDatabaseUrl('not a url')).not.toContain('not a url');
  });
});

describePostgres('postgres', (serverUrl) => {
  const pgHarness = (): StateHarness => ({
    async fresh() {
      const db = await createTestDatabase(serverUrl);
      return {
        open: () => openPgState(db.url, { max: 4, retry: { retries: 0 } }),
        appliedVersions: async () => (await queryRows<{ version: number }>(db.url, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version),
        drop: () => db.drop(),
      };
    },
  });

  stateContract('postgres', pgHarness, { propertyRuns: 40 });

  describe('postgres: connection', () => {
    it('gives up on an unreachable server after its retries, naming DATABASE_URL without the password', async () => {
      // A loopback port with nothing listening (the test server's port + 1 is not guaranteed free; port 1 is).
      const url = 'postgres://bot:s3cr%40t-pass@127.0.0.1:1/fazhi';
      const retried: string[] = [];
      const started = Date.now();
      const err = await openPgState(url, { retry: { retries: 2, minTimeoutMs: 50, maxTimeoutMs: 100, onRetry: (r) => retried.push(r.error) } }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.name).toBe('StateUnavailableError');
      expect(err?.message).toContain('DATABASE_URL');
      expect(err?.message).toContain('postgres://bot@127.0.0.1:1/fazhi');
      expect(err?.message).not.toMatch(/s3cr|%40t-pass|@t-pass/u);
      expect(retried).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('does not retry a wrong password, and does not show it', async () => {
      const u = new URL(serverUrl);
      u.password = 'definitely-wrong-password';
      const retried: string[] = [];
      const err = await openPgState(u.toString(), { retry: { retries: 5, minTimeoutMs: 10, onRetry: (r) => retried.push(r.error) } }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(/DATABASE_URL.*password authentication failed/u);
      expect(err?.message).not.toContain('definitely-wrong-password');
      expect(retried).toEqual([]);
    });

    it('says in health() why the database is not ready once the server is gone', async () => {
      const db = await createTestDatabase(serverUrl);
      try {
        const state = await openPgState(db.url, { retry: { retries: 0 }, connectionTimeoutMs: 1_000 });
        expect(await state.health()).toEqual({ ready: true, backend: 'postgres' });
        await db.drop(); // FORCE ends the pool's connections: as if the server went away
        const h = await state.health();
        expect(h.ready).toBe(false);
        expect(h.error).toMatch(/PostgreSQL \(postgres:\/\/[^@]*@127\.0\.0\.1:\d+\/fazhi_test_\w+\) unreachable/u);
        expect(h.error).not.toContain(new URL(serverUrl).password);
        await state.close();
      } finally {
        await db.drop();
      }
    });
  });
});
