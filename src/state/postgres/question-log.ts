// The question log on PostgreSQL; retention, batches and bounds are those of src/state/question-log.ts.
import type pg from 'pg';
import type { QuestionLog, QuestionLogOptions } from '../ports.js';
import { DAY_MS, DEFAULT_RETENTION_DAYS, MAX_LIST, PRUNE_BATCH, PRUNE_MAX_BATCHES, questionValues, schedulePrune, toLogged, type QuestionLogRow } from '../question-log.js';

export function createPgQuestionLog(pool: pg.Pool, opts: QuestionLogOptions = {}): QuestionLog {
  const retentionMs = (opts.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
  const now = opts.now ?? Date.now;
  const log: QuestionLog = {
    async record(q) {
      const v = questionValues(q);
      await pool.query(
        `INSERT INTO question_log (at, chat_id, user_id, message_id, text, answered, top_score, latency_ms, sentence_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [v.at, v.chatId, v.userId, v.messageId, v.text, v.answered, v.topScore, v.latencyMs, v.sentenceId],
      );
    },
    async vote(messageId, vote, userId) {
      // A vote belongs to the latest question asked in that message (a resumed reply may have recorded it twice).
      await pool.query(
        `UPDATE question_log SET vote = $1, vote_user = $2, voted_at = $3
         WHERE id = (SELECT id FROM question_log WHERE message_id = $4 ORDER BY id DESC LIMIT 1)`,
        [vote, userId, now(), messageId],
      );
    },
    async prune() {
      const cutoff = now() - retentionMs;
      let removed = 0;
      for (let i = 0; i < PRUNE_MAX_BATCHES; i++) {
        const n = (await pool.query(`DELETE FROM question_log WHERE id IN (SELECT id FROM question_log WHERE at < $1 LIMIT ${PRUNE_BATCH})`, [cutoff])).rowCount ?? 0;
        removed += n;
        if (n < PRUNE_BATCH) break;
      }
      return removed;
    },
    async list({ since = 0, onlyUnanswered = false, limit = MAX_LIST } = {}) {
      const where = onlyUnanswered ? `AND (NOT answered OR vote = 'down')` : '';
      const r = await pool.query<QuestionLogRow>(`SELECT * FROM question_log WHERE at >= $1 ${where} ORDER BY at, id LIMIT $2`, [since, limit]);
      return r.rows.map(toLogged);
    },
    async count() {
      return (await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM question_log')).rows[0]?.n ?? 0;
    },
    close: () => stop(),
  };
  const stop = schedulePrune(log.prune, opts);
  return log;
}
