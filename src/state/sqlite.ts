// The embedded state backend: one SQLite file in DATA_DIR (the default, when DATABASE_URL is unset).
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DB_FILE, isDatabaseReady, openDatabase, openMemoryDatabase } from './db.js';
import { createDigestLog } from './digest-log.js';
import { createFailedReplies } from './failed-replies.js';
import { createFeedbackStore } from './feedback.js';
import { createInbox } from './inbox.js';
import type { StateBackend, StateStores, StoreOptions } from './ports.js';
import { createQuestionLog } from './question-log.js';
import { createSubscriptionStore } from './subscriptions.js';

export function sqliteStores(db: Database, opts: StoreOptions = {}): StateStores {
  return {
    inbox: createInbox(db, opts.inbox),
    failedReplies: createFailedReplies(db),
    subscriptions: createSubscriptionStore(db, opts.subscriptions),
    digestLog: createDigestLog(db, opts.digestLog),
    feedback: createFeedbackStore(db),
    questionLog: createQuestionLog(db, opts.questionLog),
  };
}

/** Wraps an open, migrated database (a file in DATA_DIR, or `:memory:` for tests and tools). */
export function sqliteBackend(db: Database, where: string): StateBackend & { db: Database } {
  return {
    kind: 'sqlite',
    where,
    singleProcess: true,
    db,
    stores: (opts) => sqliteStores(db, opts),
    health: async () => (isDatabaseReady(db) ? { ready: true, backend: 'sqlite' } : { ready: false, backend: 'sqlite', error: `the state file ${where} is not readable` }),
    async close() {
      if (db.open) db.close();
    },
  };
}

export function openSqliteState(dataDir: string): StateBackend & { db: Database } {
  return sqliteBackend(openDatabase(dataDir), join(resolve(dataDir), DB_FILE));
}

export const memoryState = (): StateBackend & { db: Database } => sqliteBackend(openMemoryDatabase(), ':memory:');
