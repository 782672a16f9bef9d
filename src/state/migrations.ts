// The state schema as one ordered list of versioned migrations, for both engines. A database records the
// versions it has (schema_migrations); at start the missing ones are applied in order, each in a transaction,
// under a lock (SQLite: the write lock; PostgreSQL: an advisory lock), so replicas starting together migrate once.
// Append new versions at the end; never edit one that has shipped.

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial state',
    // IF NOT EXISTS: files written before versioning already hold these tables and adopt version 1 as they are.
    sqlite: `
      CREATE TABLE IF NOT EXISTS inbox (
        key TEXT PRIMARY KEY,
        event_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        received_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        payload TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS inbox_status_received ON inbox (status, received_at);
      CREATE TABLE IF NOT EXISTS seen_events (event_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS seen_events_at ON seen_events (at);
      CREATE TABLE IF NOT EXISTS failed_replies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        chat_id TEXT,
        question TEXT NOT NULL,
        error_code INTEGER,
        error TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS digest_subscriptions (
        chat_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('subscribed', 'unsubscribed', 'removed')),
        reason TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS digest_log (
        chat_id TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'gone')),
        uuid TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        claimed_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        message_id TEXT,
        error TEXT,
        PRIMARY KEY (chat_id, date)
      );
      CREATE TABLE IF NOT EXISTS digest_announced (doc_id TEXT PRIMARY KEY, date TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS feedback (
        message_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        question TEXT NOT NULL,
        sentence_id TEXT,
        section TEXT,
        chat_id TEXT,
        at INTEGER NOT NULL,
        PRIMARY KEY (message_id, user_id)
      );
      CREATE TABLE IF NOT EXISTS question_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        chat_id TEXT,
        user_id TEXT,
        message_id TEXT,
        text TEXT NOT NULL,
        answered INTEGER NOT NULL,
        top_score REAL NOT NULL DEFAULT 0,
        latency_ms REAL NOT NULL DEFAULT 0,
        sentence_id TEXT,
        vote TEXT CHECK (vote IN ('up', 'down')),
        vote_user TEXT,
        voted_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS question_log_at ON question_log (at);
      CREATE INDEX IF NOT EXISTS question_log_message ON question_log (message_id);`,
    postgres: `
      CREATE TABLE inbox (
        key TEXT PRIMARY KEY,
        event_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        received_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        payload TEXT NOT NULL
      );
      CREATE INDEX inbox_status_received ON inbox (status, received_at);
      CREATE TABLE seen_events (event_id TEXT PRIMARY KEY, at BIGINT NOT NULL);
      CREATE INDEX seen_events_at ON seen_events (at);
      CREATE TABLE failed_replies (
        id BIGSERIAL PRIMARY KEY,
        at BIGINT NOT NULL,
        message_id TEXT NOT NULL,
        chat_id TEXT,
        question TEXT NOT NULL,
        error_code INTEGER,
        error TEXT NOT NULL
      );
      CREATE TABLE digest_subscriptions (
        chat_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('subscribed', 'unsubscribed', 'removed')),
        reason TEXT,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE digest_log (
        chat_id TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'gone')),
        uuid TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        claimed_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        message_id TEXT,
        error TEXT,
        PRIMARY KEY (chat_id, date)
      );
      CREATE TABLE digest_announced (doc_id TEXT PRIMARY KEY, date TEXT NOT NULL);
      CREATE TABLE feedback (
        message_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        question TEXT NOT NULL,
        sentence_id TEXT,
        section TEXT,
        chat_id TEXT,
        at BIGINT NOT NULL,
        PRIMARY KEY (message_id, user_id)
      );
      CREATE TABLE question_log (
        id BIGSERIAL PRIMARY KEY,
        at BIGINT NOT NULL,
        chat_id TEXT,
        user_id TEXT,
        message_id TEXT,
        text TEXT NOT NULL,
        answered BOOLEAN NOT NULL,
        top_score DOUBLE PRECISION NOT NULL DEFAULT 0,
        latency_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
        sentence_id TEXT,
        vote TEXT CHECK (vote IN ('up', 'down')),
        vote_user TEXT,
        voted_at BIGINT
      );
      CREATE INDEX question_log_at ON question_log (at);
      CREATE INDEX question_log_message ON question_log (message_id);`,
  },
  {
    version: 2,
    name: 'inbox leases',
    // Which process answers a pending entry, and until when: past the lease another replica takes it over.
    sqlite: `
      ALTER TABLE inbox ADD COLUMN lease_owner TEXT;
      ALTER TABLE inbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX inbox_pending_lease ON inbox (status, lease_until);`,
    postgres: `
      ALTER TABLE inbox ADD COLUMN lease_owner TEXT;
      ALTER TABLE inbox ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
      CREATE INDEX inbox_pending_lease ON inbox (status, lease_until);`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The ledger both engines keep; created under the lock (concurrent CREATE TABLE IF NOT EXISTS can collide in PostgreSQL). */
export const LEDGER_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** Versions not yet in `applied`, in order; throws when the database is newer than this code. */
export function pendingMigrations(applied: readonly number[]): Migration[] {
  const have = new Set(applied);
  const newest = Math.max(0, ...applied);
  if (newest > SCHEMA_VERSION) {
    throw new Error(`the state database is at schema version ${newest}, newer than this build knows (${SCHEMA_VERSION}); run the newer build or restore a matching backup`);
  }
  return MIGRATIONS.filter((m) => !have.has(m.version));
}
