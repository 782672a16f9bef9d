// Replies that could not be delivered after all retries, on PostgreSQL.
import type pg from 'pg';
import { MAX_FAILED_TEXT } from '../failed-replies.js';
import type { FailedReplies } from '../ports.js';

export function createPgFailedReplies(pool: pg.Pool): FailedReplies {
  return {
    async record(f) {
      await pool.query('INSERT INTO failed_replies (at, message_id, chat_id, question, error_code, error) VALUES ($1, $2, $3, $4, $5, $6)', [
        f.at,
        f.messageId,
        f.chatId,
        f.question.slice(0, MAX_FAILED_TEXT),
        f.errorCode,
        f.error.slice(0, MAX_FAILED_TEXT),
      ]);
    },
    async list(limit = 100) {
      const r = await pool.query<{ at: number; message_id: string; chat_id: string | null; question: string; error_code: number | null; error: string }>(
        'SELECT * FROM failed_replies ORDER BY id DESC LIMIT $1',
        [limit],
      );
      return r.rows.map((x) => ({ at: x.at, messageId: x.message_id, chatId: x.chat_id, question: x.question, errorCode: x.error_code, error: x.error }));
    },
    async count() {
      return (await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM failed_replies')).rows[0]?.n ?? 0;
    },
  };
}
