// The store contract against the embedded SQLite file (a real file in a temp dir; several connections stand in for
// several processes), plus what only SQLite has: files written before versioned migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE, isDatabaseReady, openDatabase } from '../../src/state/db.js';
import { SCHEMA_VERSION } from '../../src/state/migrations.js';
import { openSqliteState } from '../../src/state/sqlite.js';
import { stateContract, type StateHarness } from './contract.js';

const sqliteHarness = (): StateHarness => ({
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-state-'));
    return {
      open: async () => openSqliteState(dir),
      async appliedVersions() {
        const db = new Database(join(dir, DB_FILE), { readonly: true });
        try {
          return db.prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version);
        } finally {
          db.close();
        }
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

stateContract('sqlite', sqliteHarness);

describe('sqlite: files from before versioned migrations', () => {
  it('adopts the tables already there, keeps their rows, and adds the newer columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-state-'));
    try {
      const old = new Database(join(dir, DB_FILE));
      old.exec(`CREATE TABLE inbox (key TEXT PRIMARY KEY, event_id TEXT, status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, payload TEXT NOT NULL)`);
      old.prepare("INSERT INTO inbox (key, event_id, status, received_at, updated_at, payload) VALUES ('msg:om_old', 'ev_old', 'pending', 5, 5, '\"x\"')").run();
      old.close();
      const db = openDatabase(dir);
      expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: SCHEMA_VERSION });
      expect(db.prepare("SELECT key, lease_until FROM inbox WHERE key = 'msg:om_old'").get()).toEqual({ key: 'msg:om_old', lease_until: 0 });
      expect(isDatabaseReady(db)).toBe(true);
      db.close();
      expect(isDatabaseReady(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file from a newer build, saying so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-state-'));
    try {
      openDatabase(dir).prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
      expect(() => openDatabase(dir)).toThrow(/schema version 999, newer than this build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
