// Replies that could not be delivered after all retries (SQLite): kept for inspection (question, chat, error),
// not lost in a log line.
import type { Database } from 'better-sqlite3';
import type { FailedReplies, FailedReply } from './ports.js';

export type { FailedReplies, FailedReply };

/** Stored text is cut here: a pasted essay must not bloat the state. */
export const MAX_FAILED_TEXT = 1000;

export function createFailedReplies(db: Database): FailedReplies {
  const insert = db.prepare('INSERT INTO failed_replies (at, message_id, chat_id, question, error_code, error) VALUES (@at, @messageId, @chatId, @question, @errorCode, @error)');
  const all = db.prepare<[number], { at: number; message_id: string; chat_id: string | null; question: string; error_code: number | null; error: string }>(
    'SELECT * FROM failed_replies ORDER BY id DESC LIMIT ?',
  );
  const n = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM failed_replies');
  return {
    record: async (f) => void insert.run({ ...f, question: f.question.slice(0, MAX_FAILED_TEXT), error: f.error.slice(0, MAX_FAILED_TEXT) }),
    list: async (limit = 100) =>
      all.all(limit).map((r) => ({ at: r.at, messageId: r.message_id, chatId: r.chat_id, question: r.question, errorCode: r.error_code, error: r.error })),
    count: async () => n.get()?.n ?? 0,
  };
}
