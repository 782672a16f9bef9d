// Read-only access to the question log for `npm run report`: from the SQLite file in DATA_DIR, or from the
// PostgreSQL database in DATABASE_URL. Never migrates, prunes or writes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE } from './db.js';
import type { LoggedQuestion } from './ports.js';
import { createPool, describeDatabaseUrl, waitForServer, withoutPassword } from './postgres/connect.js';
import { MAX_LIST, toLogged, type QuestionLogRow } from './question-log.js';

const UNANSWERED = `(answered = 0 OR vote = 'down')`;

export type QuestionSource = { databaseUrl: string; dataDir?: undefined } | { databaseUrl?: null; dataDir: string };

export class QuestionLogReadError extends Error {
  override readonly name = 'QuestionLogReadError';
}

/** Refused or 👎-voted questions since `since` (ms), oldest first; [] when nothing was logged yet. */
export async function readUnansweredQuestions(source: QuestionSource, since: number): Promise<LoggedQuestion[]> {
  return source.databaseUrl ? fromPostgres(source.databaseUrl, since) : fromSqlite(source.dataDir!, since);
}

function fromSqlite(dataDir: string, since: number): LoggedQuestion[] {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) {
    if (!existsSync(dataDir)) throw new QuestionLogReadError(`data directory not found: ${dataDir} (pass --data-dir DIR or set DATA_DIR to where the bot keeps its state)`);
    return [];
  }
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'question_log'`).get();
      if (!table) return [];
      const rows = db.prepare(`SELECT * FROM question_log WHERE at >= ? AND ${UNANSWERED} ORDER BY at, id LIMIT ${MAX_LIST}`).all(since) as QuestionLogRow[];
      return rows.map(toLogged);
    } finally {
      db.close();
    }
  } catch (e) {
    throw new QuestionLogReadError(`cannot read the question log in ${file}: ${(e as Error).message}`);
  }
}

async function fromPostgres(url: string, since: number): Promise<LoggedQuestion[]> {
  const pool = createPool(url, { max: 1 });
  try {
    await waitForServer(pool, url, { retries: 2, minTimeoutMs: 300 });
    const exists = (await pool.query<{ t: string | null }>(`SELECT to_regclass('question_log')::text AS t`)).rows[0]?.t;
    if (!exists) return [];
    const rows = (await pool.query<QuestionLogRow>(`SELECT * FROM question_log WHERE at >= $1 AND (NOT answered OR vote = 'down') ORDER BY at, id LIMIT ${MAX_LIST}`, [since])).rows;
    return rows.map(toLogged);
  } catch (e) {
    throw new QuestionLogReadError(`cannot read the question log in DATABASE_URL (${describeDatabaseUrl(url)}): ${withoutPassword((e as Error).message, url)}`);
  } finally {
    await pool.end().catch(() => undefined);
  }
}
