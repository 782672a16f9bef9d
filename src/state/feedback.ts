// 👍/👎 votes from answer cards (SQLite), with the question and the answer they judged. One vote per user per
// answer; a second click changes it.
import type { Database } from 'better-sqlite3';
import type { FeedbackInput, FeedbackStore, Vote } from './ports.js';

export type { FeedbackInput, FeedbackStore, Vote };

export function createFeedbackStore(db: Database): FeedbackStore {
  const get = db.prepare<[string, string], { vote: Vote }>('SELECT vote FROM feedback WHERE message_id = ? AND user_id = ?');
  const put = db.prepare(`INSERT INTO feedback (message_id, user_id, vote, question, sentence_id, section, chat_id, at)
    VALUES (@messageId, @userId, @vote, @question, @sentenceId, @section, @chatId, @at)
    ON CONFLICT (message_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`);
  const count = db.prepare<[], { vote: Vote; n: number }>('SELECT vote, COUNT(*) AS n FROM feedback GROUP BY vote');
  const all = db.prepare<[number], { message_id: string; user_id: string; vote: Vote; question: string; sentence_id: string | null; section: string | null; chat_id: string | null; at: number }>(
    'SELECT * FROM feedback ORDER BY at DESC LIMIT ?',
  );
  const recordTx = db.transaction((f: FeedbackInput): 'recorded' | 'changed' | 'unchanged' => {
    const user = f.userId ?? '';
    const before = get.get(f.messageId, user)?.vote;
    put.run({ ...f, userId: user, question: f.question.slice(0, 500) });
    return before === undefined ? 'recorded' : before === f.vote ? 'unchanged' : 'changed';
  });
  return {
    record: async (f) => recordTx.immediate(f),
    async counts() {
      const c = { up: 0, down: 0 };
      for (const r of count.all()) c[r.vote] = r.n;
      return c;
    },
    async list(limit = 100) {
      return all.all(limit).map((r) => ({
        messageId: r.message_id,
        userId: r.user_id || null,
        vote: r.vote,
        question: r.question,
        sentenceId: r.sentence_id,
        section: r.section,
        chatId: r.chat_id,
        at: r.at,
      }));
    },
  };
}
