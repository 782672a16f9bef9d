// Opens the embedded state: one SQLite file in DATA_DIR, WAL mode, migrated to the current schema version.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { LEDGER_SQL, pendingMigrations } from './migrations.js';

export type { Database };

export const DB_FILE = 'fazhi-bot.sqlite';

export function openDatabase(dataDir: string): Database {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new BetterSqlite3(join(dir, DB_FILE));
  // WAL: readers never block the writer; NORMAL: a committed row survives a process crash (SIGKILL), only an OS
  // crash can lose the last transactions — the acked-event inbox needs the former.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  try {
    migrateSqlite(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** An in-memory database for tests and tools that need no persistence. */
export function openMemoryDatabase(): Database {
  const db = new BetterSqlite3(':memory:');
  migrateSqlite(db);
  return db;
}

/**
 * Applies the missing migrations in one IMMEDIATE transaction (the write lock): a second process opening the
 * same file waits, then finds nothing left to do. Returns the versions applied.
 */
export function migrateSqlite(db: Database, now: () => number = Date.now): number[] {
  return db
    .transaction(() => {
      db.exec(LEDGER_SQL);
      const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version);
      const todo = pendingMigrations(applied);
      const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const m of todo) {
        db.exec(m.sqlite);
        record.run(m.version, m.name, now());
      }
      return todo.map((m) => m.version);
    })
    .immediate();
}

/** True when the database answers a trivial query (for /healthz). */
export function isDatabaseReady(db: Database): boolean {
  try {
    return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
