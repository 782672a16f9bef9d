// 👍/👎 votes on PostgreSQL: one per user per answer, read and written under the row lock so the answer
// ("changed", "unchanged") matches what was stored.
import type pg from 'pg';
import type { FeedbackStore, Vote } from '../ports.js';
import { inTransaction } from './connect.js';

export function createPgFeedbackStore(pool: pg.Pool): FeedbackStore {
  return {
    record: (f) =>
      inTransaction(pool, async (c) => {
        const user = f.userId ?? '';
        // Serializes two first votes of one user on one answer (there is no row to lock yet).
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`feedback:${f.messageId}:${user}`]);
        const before = (await c.query<{ vote: Vote }>('SELECT vote FROM feedback WHERE message_id = $1 AND user_id = $2', [f.messageId, user])).rows[0]?.vote;
        await c.query(
          `INSERT INTO feedback (message_id, user_id, vote, question, sentence_id, section, chat_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (message_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
          [f.messageId, user, f.vote, f.question.slice(0, 500), f.sentenceId, f.section, f.chatId, f.at],
        );
        return before === undefined ? 'recorded' : before === f.vote ? 'unchanged' : 'changed';
      }),
    async counts() {
      const c = { up: 0, down: 0 };
      for (const r of (await pool.query<{ vote: Vote; n: number }>('SELECT vote, COUNT(*) AS n FROM feedback GROUP BY vote')).rows) c[r.vote] = r.n;
      return c;
    },
    async list(limit = 100) {
      const r = await pool.query<{ message_id: string; user_id: string; vote: Vote; question: string; sentence_id: string | null; section: string | null; chat_id: string | null; at: number }>(
        'SELECT * FROM feedback ORDER BY at DESC LIMIT $1',
        [limit],
      );
      return r.rows.map((x) => ({
        messageId: x.message_id,
        userId: x.user_id || null,
        vote: x.vote,
        question: x.question,
        sentenceId: x.sentence_id,
        section: x.section,
        chatId: x.chat_id,
        at: x.at,
      }));
    },
  };
}
