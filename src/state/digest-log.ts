// The digest log (SQLite): one row per chat and date, claimed in a transaction before the send and marked after
// it, so a cron that fires twice, two overlapping runs (even in two processes) or a restart mid-run never post
// twice. A row left `sending` by a process that died is taken over once its lease has expired; the send reuses
// the same uuid, so Lark itself drops the duplicate if the first attempt did get through (uuids are unique for an
// hour). Also remembers which documents have been announced, and on which date.
import type { Database } from 'better-sqlite3';
import type { ClaimResult, DigestLog, DigestLogEntry, DigestLogOptions, DigestStatus } from './ports.js';

export type { ClaimResult, DigestLog, DigestLogEntry, DigestLogOptions, DigestStatus };

/** The date the documents present at the first start are recorded under: before any real date. */
export const BASELINE_DATE = '0000-00-00';
export const DEFAULT_DIGEST_LEASE_MS = 10 * 60_000;
export const DEFAULT_DIGEST_ATTEMPTS = 5;
/** Stored errors are cut here. */
export const MAX_DIGEST_ERROR = 500;

export interface DigestRow {
  chat_id: string;
  date: string;
  status: DigestStatus;
  uuid: string;
  attempts: number;
  claimed_at: number;
  updated_at: number;
  message_id: string | null;
  error: string | null;
}

/** What a run may do with an existing row: the same rule for both engines. */
export function claimDecision(row: Pick<DigestRow, 'status' | 'attempts' | 'claimed_at'>, t: number, leaseMs: number, maxAttempts: number): ClaimResult {
  if (row.status === 'sent' || row.status === 'gone') return 'done';
  if (row.attempts >= maxAttempts) return 'done';
  if (row.status === 'sending' && t - Number(row.claimed_at) < leaseMs) return 'busy';
  return 'claimed';
}

/** Rows of a date that a later run should try again. */
export const isRetryable = (r: Pick<DigestRow, 'status' | 'attempts' | 'claimed_at'>, t: number, leaseMs: number, maxAttempts: number): boolean =>
  (r.status === 'failed' || (r.status === 'sending' && t - Number(r.claimed_at) >= leaseMs)) && r.attempts < maxAttempts;

export const toDigestEntry = (r: DigestRow): DigestLogEntry => ({
  chatId: r.chat_id,
  date: r.date,
  status: r.status,
  uuid: r.uuid,
  attempts: r.attempts,
  claimedAt: Number(r.claimed_at),
  updatedAt: Number(r.updated_at),
  messageId: r.message_id,
  error: r.error,
});

export function createDigestLog(db: Database, opts: DigestLogOptions = {}): DigestLog {
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? DEFAULT_DIGEST_LEASE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_DIGEST_ATTEMPTS;
  const get = db.prepare<[string, string], DigestRow>('SELECT * FROM digest_log WHERE chat_id = ? AND date = ?');
  const insert = db.prepare<[string, string, string, number, number]>(
    "INSERT INTO digest_log (chat_id, date, status, uuid, attempts, claimed_at, updated_at) VALUES (?, ?, 'sending', ?, 1, ?, ?)",
  );
  const reclaim = db.prepare<[number, number, string, string]>(
    "UPDATE digest_log SET status = 'sending', attempts = attempts + 1, claimed_at = ?, updated_at = ?, error = NULL WHERE chat_id = ? AND date = ?",
  );
  const mark = db.prepare<[DigestStatus, string | null, string | null, number, string, string]>(
    'UPDATE digest_log SET status = ?, message_id = COALESCE(?, message_id), error = ?, updated_at = ? WHERE chat_id = ? AND date = ?',
  );
  const byDate = db.prepare<[string], DigestRow>('SELECT * FROM digest_log WHERE date = ? ORDER BY chat_id');
  const known = db.prepare<[string], { doc_id: string }>('SELECT doc_id FROM digest_announced WHERE date < ? ORDER BY doc_id');
  const announce = db.prepare<[string, string]>('INSERT OR IGNORE INTO digest_announced (doc_id, date) VALUES (?, ?)');
  const anyAnnounced = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM digest_announced');
  const prune = db.prepare<[string]>('DELETE FROM digest_log WHERE date < ?');

  // IMMEDIATE: take the write lock before reading, so two processes cannot both see "no row" and both send.
  const claimTx = db.transaction((chatId: string, date: string, uuid: string): ClaimResult => {
    const t = now();
    const row = get.get(chatId, date);
    if (!row) {
      insert.run(chatId, date, uuid, t, t);
      return 'claimed';
    }
    const decision = claimDecision(row, t, leaseMs, maxAttempts);
    if (decision === 'claimed') reclaim.run(t, t, chatId, date);
    return decision;
  });
  const seedTx = db.transaction((docIds: readonly string[]) => {
    if ((anyAnnounced.get()?.n ?? 0) > 0) return;
    for (const id of docIds) announce.run(id, BASELINE_DATE);
  });

  return {
    claim: async (chatId, date, uuid) => claimTx.immediate(chatId, date, uuid),
    markSent: async (chatId, date, messageId) => void mark.run('sent', messageId, null, now(), chatId, date),
    markFailed: async (chatId, date, error) => void mark.run('failed', null, error.slice(0, MAX_DIGEST_ERROR), now(), chatId, date),
    markGone: async (chatId, date, error) => void mark.run('gone', null, error.slice(0, MAX_DIGEST_ERROR), now(), chatId, date),
    entries: async (date) => byDate.all(date).map(toDigestEntry),
    retryable: async (date) => {
      const t = now();
      return byDate
        .all(date)
        .filter((r) => isRetryable(r, t, leaseMs, maxAttempts))
        .map((r) => r.chat_id);
    },
    announcedBefore: async (date) => known.all(date).map((r) => r.doc_id),
    recordAnnouncement: async (docId, date) => void announce.run(docId, date),
    seedAnnouncements: async (docIds) => seedTx.immediate(docIds),
    prune: async (beforeDate) => prune.run(beforeDate).changes,
  };
}
