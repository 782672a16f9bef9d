// Applies the versioned migrations (src/state/migrations.ts) to PostgreSQL under a session advisory lock: replicas
// starting at the same moment queue on the lock, and each finds the versions the first one applied.
import type pg from 'pg';
import { LEDGER_SQL, pendingMigrations } from '../migrations.js';

/** An arbitrary, fixed key for pg_advisory_lock, the same in every replica. */
export const MIGRATION_LOCK_KEY = 7_271_305_001;

/** Returns the versions this call applied (empty when another replica, or an earlier start, did). */
export async function migratePostgres(pool: pg.Pool, now: () => number = Date.now): Promise<number[]> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await c.query(LEDGER_SQL);
      const applied = (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
      const todo = pendingMigrations(applied);
      for (const m of todo) {
        await c.query('BEGIN');
        try {
          await c.query(m.postgres);
          await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
        }
      }
      return todo.map((m) => m.version);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    c.release();
  }
}
