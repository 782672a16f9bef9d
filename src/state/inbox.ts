// The durable inbox: every accepted message is written here before the webhook answers 200, so an answer is
// never lost to a crash (Lark does not redeliver an acked event). It is also the dedupe store: a message id or
// an event id seen in the last `ttlMs` is a redelivery.
import type { Database } from 'better-sqlite3';

/** Lark retries for ~7.1 h; keep seen ids well beyond that. */
export const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

export type InboxStatus = 'pending' | 'done' | 'failed';

export interface InboxEntry<P = unknown> {
  key: string;
  eventId: string | null;
  status: InboxStatus;
  receivedAt: number;
  attempts: number;
  payload: P;
}

export interface Inbox {
  /**
   * Claims a message (by `key`, e.g. `msg:<message_id>`) and its event id in one transaction. Returns
   * `duplicate` when either was seen before, else stores the entry as pending and returns `new`.
   */
  claim(entry: { key: string; eventId: string | null; receivedAt: number; payload: unknown }): 'new' | 'duplicate';
  /** Records an event id alone (card callbacks, bot removed); `duplicate` when seen before. */
  claimEvent(eventId: string, at: number): 'new' | 'duplicate';
  markDone(key: string): void;
  markFailed(key: string, error: string): void;
  /** Counts an attempt (a resumed entry that keeps crashing the worker must not loop forever). */
  addAttempt(key: string): number;
  /** Pending entries received after `since`, oldest first. */
  pending<P>(since: number): InboxEntry<P>[];
  get<P>(key: string): InboxEntry<P> | null;
  /** Removes entries and event ids older than the dedupe TTL; returns how many rows went. */
  prune(now: number): number;
}

interface Row {
  key: string;
  event_id: string | null;
  status: InboxStatus;
  received_at: number;
  attempts: number;
  payload: string;
}

export function createInbox(db: Database, opts: { ttlMs?: number } = {}): Inbox {
  const ttl = opts.ttlMs ?? DEDUPE_TTL_MS;
  db.exec(`
    CREATE TABLE IF NOT EXISTS inbox (
      key TEXT PRIMARY KEY,
      event_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
      received_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      payload TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS inbox_status_received ON inbox (status, received_at);
    CREATE TABLE IF NOT EXISTS seen_events (event_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS seen_events_at ON seen_events (at);
  `);
  const insertEntry = db.prepare('INSERT OR IGNORE INTO inbox (key, event_id, status, received_at, updated_at, payload) VALUES (?, ?, ?, ?, ?, ?)');
  const insertEvent = db.prepare('INSERT OR IGNORE INTO seen_events (event_id, at) VALUES (?, ?)');
  const setStatus = db.prepare('UPDATE inbox SET status = ?, error = ?, updated_at = ? WHERE key = ?');
  const bump = db.prepare<[number, string], { attempts: number }>('UPDATE inbox SET attempts = attempts + 1, updated_at = ? WHERE key = ? RETURNING attempts');
  const pendingSince = db.prepare<[number], Row>("SELECT * FROM inbox WHERE status = 'pending' AND received_at >= ? ORDER BY received_at, rowid");
  const getOne = db.prepare<[string], Row>('SELECT * FROM inbox WHERE key = ?');
  const pruneInbox = db.prepare('DELETE FROM inbox WHERE received_at < ?');
  const pruneEvents = db.prepare('DELETE FROM seen_events WHERE at < ?');

  const claimTx = db.transaction((e: { key: string; eventId: string | null; receivedAt: number; payload: unknown }): 'new' | 'duplicate' => {
    const eventNew = e.eventId === null || insertEvent.run(e.eventId, e.receivedAt).changes === 1;
    if (!eventNew) return 'duplicate';
    const entryNew = insertEntry.run(e.key, e.eventId, 'pending', e.receivedAt, e.receivedAt, JSON.stringify(e.payload)).changes === 1;
    return entryNew ? 'new' : 'duplicate';
  });

  const toEntry = <P>(r: Row): InboxEntry<P> => ({
    key: r.key,
    eventId: r.event_id,
    status: r.status,
    receivedAt: r.received_at,
    attempts: r.attempts,
    payload: JSON.parse(r.payload) as P,
  });

  return {
    claim: (e) => claimTx(e),
    claimEvent: (eventId, at) => (insertEvent.run(eventId, at).changes === 1 ? 'new' : 'duplicate'),
    markDone: (key) => void setStatus.run('done', null, Date.now(), key),
    markFailed: (key, error) => void setStatus.run('failed', error.slice(0, 500), Date.now(), key),
    addAttempt: (key) => bump.get(Date.now(), key)?.attempts ?? 0,
    pending: <P>(since: number) => pendingSince.all(since).map((r) => toEntry<P>(r)),
    get: <P>(key: string) => {
      const r = getOne.get(key);
      return r ? toEntry<P>(r) : null;
    },
    prune(now) {
      const cutoff = now - ttl;
      return pruneInbox.run(cutoff).changes + pruneEvents.run(cutoff).changes;
    },
  };
}
