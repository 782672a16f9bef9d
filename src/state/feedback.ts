// 👍/👎 votes from answer cards, with the question and the answer they judged. One vote per user per answer;
// a second click changes it.
import type { Database } from 'better-sqlite3';

export type Vote = 'up' | 'down';

export interface FeedbackInput {
  /** The question's message id when the card carried it, else the card's own message id. */
  messageId: string;
  userId: string | null;
  vote: Vote;
  question: string;
  /** The answer shown: top sentence id and section path. */
  sentenceId: string | null;
  section: string | null;
  chatId: string | null;
  at: number;
}

export interface FeedbackStore {
  record(f: FeedbackInput): 'recorded' | 'changed' | 'unchanged';
  counts(): { up: number; down: number };
  list(limit?: number): FeedbackInput[];
}

export function createFeedbackStore(db: Database): FeedbackStore {
  db.exec(`CREATE TABLE IF NOT EXISTS feedback (
    message_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    question TEXT NOT NULL,
    sentence_id TEXT,
    section TEXT,
    chat_id TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (message_id, user_id)
  )`);
  const get = db.prepare<[string, string], { vote: Vote }>('SELECT vote FROM feedback WHERE message_id = ? AND user_id = ?');
  const put = db.prepare(`INSERT INTO feedback (message_id, user_id, vote, question, sentence_id, section, chat_id, at)
    VALUES (@messageId, @userId, @vote, @question, @sentenceId, @section, @chatId, @at)
    ON CONFLICT (message_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`);
  const count = db.prepare<[], { vote: Vote; n: number }>('SELECT vote, COUNT(*) AS n FROM feedback GROUP BY vote');
  const all = db.prepare<[number], { message_id: string; user_id: string; vote: Vote; question: string; sentence_id: string | null; section: string | null; chat_id: string | null; at: number }>(
    'SELECT * FROM feedback ORDER BY at DESC LIMIT ?',
  );
  return {
    record(f) {
      const user = f.userId ?? '';
      const before = get.get(f.messageId, user)?.vote;
      put.run({ ...f, userId: user, question: f.question.slice(0, 500) });
      return before === undefined ? 'recorded' : before === f.vote ? 'unchanged' : 'changed';
    },
    counts() {
      const c = { up: 0, down: 0 };
      for (const r of count.all()) c[r.vote] = r.n;
      return c;
    },
    list(limit = 100) {
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
