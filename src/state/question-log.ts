// Every asked question, in the embedded state, for the unanswered-questions loop (`npm run report -- unanswered`):
// time, chat, asker, text, answered or not, top score, latency, and the 👍/👎 vote it got. Old rows are pruned
// (QUESTION_LOG_DAYS, default 180) on open and then periodically, in bounded batches, by an unref'd timer.
import type { Database } from 'better-sqlite3';
import type { QuestionRecord, QuestionRecorder } from '../ports.js';

export const DEFAULT_RETENTION_DAYS = 180;
const DAY_MS = 86_400_000;
/** Rows deleted per statement, so a large backlog never holds the write lock for long. */
const PRUNE_BATCH = 5_000;
/** Batches per prune run: a run is bounded; what is left goes at the next run. */
const PRUNE_MAX_BATCHES = 200;
/** Questions kept longer than this are cut, so a pasted essay cannot bloat the state. */
const MAX_TEXT = 2_000;

export interface LoggedQuestion extends QuestionRecord {
  id: number;
  vote: 'up' | 'down' | null;
}

export interface QuestionLogOptions {
  /** Days to keep; `QUESTION_LOG_DAYS` in the environment (read by the composition root). */
  retentionDays?: number;
  /** Injected clock (ms since epoch), for tests. */
  now?: () => number;
  /** How often to prune while running; 0 disables the timer (pruning on open still happens). */
  pruneIntervalMs?: number;
  onError?: (err: unknown) => void;
}

export interface QuestionLog extends QuestionRecorder {
  /** Deletes questions older than the retention; returns how many rows went. */
  prune(): number;
  /** Questions since a time (ms), oldest first; `onlyUnanswered` keeps refused or 👎-voted ones. */
  list(opts?: { since?: number; onlyUnanswered?: boolean; limit?: number }): LoggedQuestion[];
  count(): number;
  /** Stops the prune timer (the database is the caller's to close). */
  close(): void;
}

/** A `question_log` row as SQLite returns it. */
export interface QuestionLogRow {
  id: number;
  at: number;
  chat_id: string | null;
  user_id: string | null;
  message_id: string | null;
  text: string;
  answered: number;
  top_score: number;
  latency_ms: number;
  sentence_id: string | null;
  vote: 'up' | 'down' | null;
}

/** Creates the table if needed (safe on a read-only path too: it only runs DDL when the table is missing). */
export function ensureQuestionLogTable(db: Database): void {
  db.exec(`
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
    CREATE INDEX IF NOT EXISTS question_log_message ON question_log (message_id);
  `);
}

export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_RETENTION_DAYS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36_500) throw new Error(`QUESTION_LOG_DAYS must be a whole number of days between 1 and 36500 (got "${value}")`);
  return n;
}

export function toLogged(r: QuestionLogRow): LoggedQuestion {
  return {
    id: r.id,
    at: r.at,
    chatId: r.chat_id,
    userId: r.user_id,
    messageId: r.message_id,
    text: r.text,
    answered: r.answered === 1,
    topScore: r.top_score,
    latencyMs: r.latency_ms,
    sentenceId: r.sentence_id,
    vote: r.vote,
  };
}

export function createQuestionLog(db: Database, opts: QuestionLogOptions = {}): QuestionLog {
  const retentionMs = (opts.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? (() => {});
  ensureQuestionLogTable(db);

  const insert = db.prepare(
    `INSERT INTO question_log (at, chat_id, user_id, message_id, text, answered, top_score, latency_ms, sentence_id)
     VALUES (@at, @chatId, @userId, @messageId, @text, @answered, @topScore, @latencyMs, @sentenceId)`,
  );
  // A vote belongs to the latest question asked in that message (a resumed reply may have recorded it twice).
  const voteStmt = db.prepare(
    `UPDATE question_log SET vote = ?, vote_user = ?, voted_at = ?
     WHERE id = (SELECT id FROM question_log WHERE message_id = ? ORDER BY id DESC LIMIT 1)`,
  );
  const pruneStmt = db.prepare(`DELETE FROM question_log WHERE id IN (SELECT id FROM question_log WHERE at < ? LIMIT ${PRUNE_BATCH})`);
  const countStmt = db.prepare('SELECT COUNT(*) AS n FROM question_log');

  const log: QuestionLog = {
    record(q) {
      insert.run({
        at: Math.round(q.at),
        chatId: q.chatId,
        userId: q.userId,
        messageId: q.messageId,
        text: q.text.slice(0, MAX_TEXT),
        answered: q.answered ? 1 : 0,
        topScore: Number.isFinite(q.topScore) ? q.topScore : 0,
        latencyMs: Number.isFinite(q.latencyMs) ? q.latencyMs : 0,
        sentenceId: q.sentenceId,
      });
    },
    vote(messageId, vote, userId) {
      voteStmt.run(vote, userId, now(), messageId);
    },
    prune() {
      const cutoff = now() - retentionMs;
      let removed = 0;
      for (let i = 0; i < PRUNE_MAX_BATCHES; i++) {
        const { changes } = pruneStmt.run(cutoff);
        removed += changes;
        if (changes < PRUNE_BATCH) break;
      }
      return removed;
    },
    list({ since = 0, onlyUnanswered = false, limit = 100_000 } = {}) {
      const where = onlyUnanswered ? `AND (answered = 0 OR vote = 'down')` : '';
      const rows = db.prepare(`SELECT * FROM question_log WHERE at >= ? ${where} ORDER BY at, id LIMIT ?`).all(since, limit) as QuestionLogRow[];
      return rows.map(toLogged);
    },
    count() {
      return (countStmt.get() as { n: number }).n;
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };

  log.prune();
  const interval = opts.pruneIntervalMs ?? 6 * 3_600_000;
  let timer: NodeJS.Timeout | undefined =
    interval > 0
      ? setInterval(() => {
          try {
            log.prune();
          } catch (e) {
            onError(e); // e.g. the database was closed under us: report, keep the process up
          }
        }, interval).unref()
      : undefined;
  return log;
}
