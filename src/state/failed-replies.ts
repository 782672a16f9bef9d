// Replies that could not be delivered after all retries: kept for inspection (question, chat, error), not lost
// in a log line.
import type { Database } from 'better-sqlite3';

export interface FailedReply {
  at: number;
  messageId: string;
  chatId: string | null;
  question: string;
  errorCode: number | null;
  error: string;
}

export interface FailedReplies {
  record(f: FailedReply): void;
  list(limit?: number): FailedReply[];
  count(): number;
}

export function createFailedReplies(db: Database): FailedReplies {
  db.exec(`CREATE TABLE IF NOT EXISTS failed_replies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    chat_id TEXT,
    question TEXT NOT NULL,
    error_code INTEGER,
    error TEXT NOT NULL
  )`);
  const insert = db.prepare('INSERT INTO failed_replies (at, message_id, chat_id, question, error_code, error) VALUES (@at, @messageId, @chatId, @question, @errorCode, @error)');
  const all = db.prepare<[number], { at: number; message_id: string; chat_id: string | null; question: string; error_code: number | null; error: string }>(
    'SELECT * FROM failed_replies ORDER BY id DESC LIMIT ?',
  );
  const n = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM failed_replies');
  return {
    record: (f) => void insert.run({ ...f, question: f.question.slice(0, 1000), error: f.error.slice(0, 1000) }),
    list: (limit = 100) =>
      all.all(limit).map((r) => ({ at: r.at, messageId: r.message_id, chatId: r.chat_id, question: r.question, errorCode: r.error_code, error: r.error })),
    count: () => n.get()?.n ?? 0,
  };
}
