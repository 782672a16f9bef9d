// Opens the embedded state: one SQLite file in DATA_DIR, WAL mode. Each state module creates its own tables
// (CREATE TABLE IF NOT EXISTS) on the Database it is given.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';

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
  return db;
}

/** An in-memory database for tests and tools that need no persistence. */
export function openMemoryDatabase(): Database {
  return new BetterSqlite3(':memory:');
}

/** True when the database answers a trivial query (for /healthz). */
export function isDatabaseReady(db: Database): boolean {
  try {
    return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
