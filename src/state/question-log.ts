// Every asked question (SQLite), for the unanswered-questions loop (`npm run report -- unanswered`): time, chat,
// asker, text, answered or not, top score, latency, and the 👍/👎 vote it got. Old rows are pruned
// (QUESTION_LOG_DAYS, default 180) on open and then periodically, in bounded batches, by an unref'd timer.
import type { Database } from 'better-sqlite3';
import type { QuestionRecord } from '../ports.js';
import type { LoggedQuestion, QuestionLog, QuestionLogOptions } from './ports.js';

export type { LoggedQuestion, QuestionLog, QuestionLogOptions };

export const DEFAULT_RETENTION_DAYS = 180;
export const DAY_MS = 86_400_000;
/** Rows deleted per statement, so a large backlog never holds the write lock for long. */
export const PRUNE_BATCH = 5_000;
/** Batches per prune run: a run is bounded; what is left goes at the next run. */
export const PRUNE_MAX_BATCHES = 200;
/** Questions kept longer than this are cut, so a pasted essay cannot bloat the state. */
export const MAX_TEXT = 2_000;
/** Rows a listing returns at most. */
export const MAX_LIST = 200_000;

/** A `question_log` row as the databases return it (`answered` is 0/1 in SQLite, a boolean in PostgreSQL). */
export interface QuestionLogRow {
  id: number;
  at: number;
  chat_id: string | null;
  user_id: string | null;
  message_id: string | null;
  text: string;
  answered: number | boolean;
  top_score: number;
  latency_ms: number;
  sentence_id: string | null;
  vote: 'up' | 'down' | null;
}

export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_RETENTION_DAYS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36_500) throw new Error(`QUESTION_LOG_DAYS must be a whole number of days between 1 and 36500 (got "${value}")`);
  return n;
}

export function toLogged(r: QuestionLogRow): LoggedQuestion {
  return {
    id: Number(r.id),
    at: Number(r.at),
    chatId: r.chat_id,
    userId: r.user_id,
    messageId: r.message_id,
    text: r.text,
    answered: r.answered === 1 || r.answered === true,
    topScore: r.top_score,
    latencyMs: r.latency_ms,
    sentenceId: r.sentence_id,
    vote: r.vote,
  };
}

/** The values stored for a question: text cut, non-finite numbers zeroed. */
export function questionValues(q: QuestionRecord) {
  return {
    at: Math.round(q.at),
    chatId: q.chatId,
    userId: q.userId,
    messageId: q.messageId,
    text: q.text.slice(0, MAX_TEXT),
    answered: q.answered,
    topScore: Number.isFinite(q.topScore) ? q.topScore : 0,
    latencyMs: Number.isFinite(q.latencyMs) ? q.latencyMs : 0,
    sentenceId: q.sentenceId,
  };
}

/**
 * Runs `prune` once now and then every `pruneIntervalMs` (unref'd, errors reported, never thrown); returns the
 * stop function. Shared by both engines.
 */
export function schedulePrune(prune: () => Promise<number>, opts: QuestionLogOptions): () => void {
  const onError = opts.onError ?? (() => {});
  const run = () => void prune().catch(onError); // e.g. the database was closed under us: report, keep the process up
  run();
  const interval = opts.pruneIntervalMs ?? 6 * 3_600_000;
  let timer: NodeJS.Timeout | undefined = interval > 0 ? setInterval(run, interval).unref() : undefined;
  return () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
}

export function createQuestionLog(db: Database, opts: QuestionLogOptions = {}): QuestionLog {
  const retentionMs = (opts.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
  const now = opts.now ?? Date.now;

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
  const countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM question_log');

  const pruneNow = (): number => {
    const cutoff = now() - retentionMs;
    let removed = 0;
    for (let i = 0; i < PRUNE_MAX_BATCHES; i++) {
      const { changes } = pruneStmt.run(cutoff);
      removed += changes;
      if (changes < PRUNE_BATCH) break;
    }
    return removed;
  };

  const log: QuestionLog = {
    async record(q) {
      const v = questionValues(q);
      insert.run({ ...v, answered: v.answered ? 1 : 0 });
    },
    async vote(messageId, vote, userId) {
      voteStmt.run(vote, userId, now(), messageId);
    },
    prune: async () => pruneNow(),
    async list({ since = 0, onlyUnanswered = false, limit = MAX_LIST } = {}) {
      const where = onlyUnanswered ? `AND (answered = 0 OR vote = 'down')` : '';
      const rows = db.prepare(`SELECT * FROM question_log WHERE at >= ? ${where} ORDER BY at, id LIMIT ?`).all(since, limit) as QuestionLogRow[];
      return rows.map(toLogged);
    },
    count: async () => countStmt.get()?.n ?? 0,
    close: () => stop(),
  };
  // The first prune runs synchronously inside: the open is followed by a clean table, as before.
  const stop = schedulePrune(log.prune, opts);
  return log;
}
