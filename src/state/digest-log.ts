// The digest log: one row per chat and date, claimed in a transaction before the send and marked after it, so a
// cron that fires twice, two overlapping runs (even in two processes) or a restart mid-run never post twice.
// A row left `sending` by a process that died is taken over once its lease has expired; the send reuses the same
// uuid, so Lark itself drops the duplicate if the first attempt did get through (uuids are unique for an hour).
// Also remembers which documents have been announced, and on which date.
import type { Database } from 'better-sqlite3';

export type DigestStatus = 'sending' | 'sent' | 'failed' | 'gone';

export interface DigestLogEntry {
  chatId: string;
  date: string;
  status: DigestStatus;
  uuid: string;
  attempts: number;
  claimedAt: number;
  updatedAt: number;
  messageId: string | null;
  error: string | null;
}

/** `claimed`: send now. `done`: sent, or given up (chat gone, attempts spent). `busy`: another run is sending. */
export type ClaimResult = 'claimed' | 'done' | 'busy';

export interface DigestLog {
  claim(chatId: string, date: string, uuid: string): ClaimResult;
  markSent(chatId: string, date: string, messageId: string | null): void;
  markFailed(chatId: string, date: string, error: string): void;
  /** The chat is gone (bot removed): never retried. */
  markGone(chatId: string, date: string, error: string): void;
  entries(date: string): DigestLogEntry[];
  /** Chats of `date` that failed and still have attempts left. */
  retryable(date: string): string[];
  /** Documents announced on a date before `date` (the baseline counts as announced before any date). */
  announcedBefore(date: string): string[];
  recordAnnouncement(docId: string, date: string): void;
  /** First start: the documents already there are the baseline, not news. No-op once anything is recorded. */
  seedAnnouncements(docIds: readonly string[]): void;
  /** Drops log rows older than `date` (keeps the table small). */
  prune(beforeDate: string): number;
}

export interface DigestLogOptions {
  now?: () => number;
  /** How long a `sending` claim holds before another run may take it over (default 10 min, < Lark's 1 h uuid window). */
  leaseMs?: number;
  /** Attempts per chat and date before giving up (default 5). */
  maxAttempts?: number;
}

const BASELINE = '0000-00-00';

interface Row {
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

export function createDigestLog(db: Database, opts: DigestLogOptions = {}): DigestLog {
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? 10 * 60_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  db.exec(`CREATE TABLE IF NOT EXISTS digest_log (
    chat_id TEXT NOT NULL,
    date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'gone')),
    uuid TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    claimed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    message_id TEXT,
    error TEXT,
    PRIMARY KEY (chat_id, date)
  );
  CREATE TABLE IF NOT EXISTS digest_announced (
    doc_id TEXT PRIMARY KEY,
    date TEXT NOT NULL
  )`);
  const get = db.prepare<[string, string], Row>('SELECT * FROM digest_log WHERE chat_id = ? AND date = ?');
  const insert = db.prepare<[string, string, string, number, number]>(
    "INSERT INTO digest_log (chat_id, date, status, uuid, attempts, claimed_at, updated_at) VALUES (?, ?, 'sending', ?, 1, ?, ?)",
  );
  const reclaim = db.prepare<[number, number, string, string]>(
    "UPDATE digest_log SET status = 'sending', attempts = attempts + 1, claimed_at = ?, updated_at = ?, error = NULL WHERE chat_id = ? AND date = ?",
  );
  const mark = db.prepare<[DigestStatus, string | null, string | null, number, string, string]>(
    'UPDATE digest_log SET status = ?, message_id = COALESCE(?, message_id), error = ?, updated_at = ? WHERE chat_id = ? AND date = ?',
  );
  const byDate = db.prepare<[string], Row>('SELECT * FROM digest_log WHERE date = ? ORDER BY chat_id');
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
    if (row.status === 'sent' || row.status === 'gone') return 'done';
    if (row.attempts >= maxAttempts) return 'done';
    if (row.status === 'sending' && t - row.claimed_at < leaseMs) return 'busy';
    reclaim.run(t, t, chatId, date);
    return 'claimed';
  });

  const toEntry = (r: Row): DigestLogEntry => ({
    chatId: r.chat_id,
    date: r.date,
    status: r.status,
    uuid: r.uuid,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    updatedAt: r.updated_at,
    messageId: r.message_id,
    error: r.error,
  });

  return {
    claim: (chatId, date, uuid) => claimTx.immediate(chatId, date, uuid),
    markSent: (chatId, date, messageId) => void mark.run('sent', messageId, null, now(), chatId, date),
    markFailed: (chatId, date, error) => void mark.run('failed', null, error.slice(0, 500), now(), chatId, date),
    markGone: (chatId, date, error) => void mark.run('gone', null, error.slice(0, 500), now(), chatId, date),
    entries: (date) => byDate.all(date).map(toEntry),
    retryable: (date) =>
      byDate
        .all(date)
        .filter((r) => (r.status === 'failed' || (r.status === 'sending' && now() - r.claimed_at >= leaseMs)) && r.attempts < maxAttempts)
        .map((r) => r.chat_id),
    announcedBefore: (date) => known.all(date).map((r) => r.doc_id),
    recordAnnouncement: (docId, date) => void announce.run(docId, date),
    seedAnnouncements(docIds) {
      db.transaction(() => {
        if ((anyAnnounced.get()?.n ?? 0) > 0) return;
        for (const id of docIds) announce.run(id, BASELINE);
      }).immediate();
    },
    prune: (beforeDate) => prune.run(beforeDate).changes,
  };
}
