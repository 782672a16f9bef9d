// The digest log on PostgreSQL: a (chat, date) is claimed before the send — inserted if new, else locked
// (FOR UPDATE) and judged by the same rule as SQLite's — so the cron firing on every replica posts once.
import type pg from 'pg';
import { BASELINE_DATE, claimDecision, DEFAULT_DIGEST_ATTEMPTS, DEFAULT_DIGEST_LEASE_MS, isRetryable, MAX_DIGEST_ERROR, toDigestEntry, type DigestRow } from '../digest-log.js';
import type { DigestLog, DigestLogOptions, DigestStatus } from '../ports.js';
import { inTransaction } from './connect.js';

/** Serializes the first-start seeding across replicas (no row exists to lock). */
const SEED_LOCK_KEY = 7_271_305_002;

export function createPgDigestLog(pool: pg.Pool, opts: DigestLogOptions = {}): DigestLog {
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? DEFAULT_DIGEST_LEASE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_DIGEST_ATTEMPTS;
  const mark = async (status: DigestStatus, chatId: string, date: string, messageId: string | null, error: string | null) =>
    void (await pool.query('UPDATE digest_log SET status = $1, message_id = COALESCE($2, message_id), error = $3, updated_at = $4 WHERE chat_id = $5 AND date = $6', [
      status,
      messageId,
      error,
      now(),
      chatId,
      date,
    ]));
  const byDate = async (date: string) => (await pool.query<DigestRow>('SELECT * FROM digest_log WHERE date = $1 ORDER BY chat_id', [date])).rows;

  return {
    claim: (chatId, date, uuid) =>
      inTransaction(pool, async (c) => {
        const t = now();
        const inserted = await c.query(
          `INSERT INTO digest_log (chat_id, date, status, uuid, attempts, claimed_at, updated_at) VALUES ($1, $2, 'sending', $3, 1, $4, $4)
           ON CONFLICT (chat_id, date) DO NOTHING`,
          [chatId, date, uuid, t],
        );
        if (inserted.rowCount === 1) return 'claimed';
        const row = (await c.query<DigestRow>('SELECT * FROM digest_log WHERE chat_id = $1 AND date = $2 FOR UPDATE', [chatId, date])).rows[0];
        if (!row) return 'busy'; // pruned under us: the next tick decides
        const decision = claimDecision(row, t, leaseMs, maxAttempts);
        if (decision === 'claimed') {
          await c.query("UPDATE digest_log SET status = 'sending', attempts = attempts + 1, claimed_at = $1, updated_at = $1, error = NULL WHERE chat_id = $2 AND date = $3", [t, chatId, date]);
        }
        return decision;
      }),
    markSent: (chatId, date, messageId) => mark('sent', chatId, date, messageId, null),
    markFailed: (chatId, date, error) => mark('failed', chatId, date, null, error.slice(0, MAX_DIGEST_ERROR)),
    markGone: (chatId, date, error) => mark('gone', chatId, date, null, error.slice(0, MAX_DIGEST_ERROR)),
    entries: async (date) => (await byDate(date)).map(toDigestEntry),
    async retryable(date) {
      const t = now();
      return (await byDate(date)).filter((r) => isRetryable(r, t, leaseMs, maxAttempts)).map((r) => r.chat_id);
    },
    async announcedBefore(date) {
      return (await pool.query<{ doc_id: string }>('SELECT doc_id FROM digest_announced WHERE date < $1 ORDER BY doc_id', [date])).rows.map((r) => r.doc_id);
    },
    async recordAnnouncement(docId, date) {
      await pool.query('INSERT INTO digest_announced (doc_id, date) VALUES ($1, $2) ON CONFLICT (doc_id) DO NOTHING', [docId, date]);
    },
    seedAnnouncements: (docIds) =>
      inTransaction(pool, async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
        if (((await c.query<{ n: number }>('SELECT COUNT(*) AS n FROM digest_announced')).rows[0]?.n ?? 0) > 0) return;
        for (const id of docIds) await c.query('INSERT INTO digest_announced (doc_id, date) VALUES ($1, $2) ON CONFLICT (doc_id) DO NOTHING', [id, BASELINE_DATE]);
      }),
    async prune(beforeDate) {
      return (await pool.query('DELETE FROM digest_log WHERE date < $1', [beforeDate])).rowCount ?? 0;
    },
  };
}
