// The durable inbox (SQLite): every accepted message is written here before the webhook answers 200, so an answer
// is never lost to a crash (Lark does not redeliver an acked event). It is also the dedupe store: a message id or
// an event id seen in the last `ttlMs` is a redelivery. Each pending entry is leased to the process answering it.
import type { Database } from 'better-sqlite3';
import { DEDUPE_TTL_MS, DEFAULT_LEASE_MS, type Inbox, type InboxEntry, type InboxOptions, type InboxStatus } from './ports.js';
import { processOwner } from './owner.js';

export { DEDUPE_TTL_MS, DEFAULT_LEASE_MS };
export type { Inbox, InboxEntry, InboxStatus };

/** An inbox row as both databases store it. */
export interface InboxRow {
  key: string;
  event_id: string | null;
  status: InboxStatus;
  received_at: number;
  attempts: number;
  payload: string;
}

export const toInboxEntry = <P>(r: InboxRow): InboxEntry<P> => ({
  key: r.key,
  eventId: r.event_id,
  status: r.status,
  receivedAt: Number(r.received_at),
  attempts: r.attempts,
  payload: JSON.parse(r.payload) as P,
});

export function createInbox(db: Database, opts: InboxOptions = {}): Inbox {
  const ttl = opts.ttlMs ?? DEDUPE_TTL_MS;
  const lease = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = opts.owner ?? processOwner();
  const now = opts.now ?? Date.now;
  const insertEntry = db.prepare(
    "INSERT OR IGNORE INTO inbox (key, event_id, status, received_at, updated_at, payload, lease_owner, lease_until) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?)",
  );
  const insertEvent = db.prepare('INSERT OR IGNORE INTO seen_events (event_id, at) VALUES (?, ?)');
  const setStatus = db.prepare('UPDATE inbox SET status = ?, error = ?, updated_at = ?, lease_until = 0 WHERE key = ?');
  const bump = db.prepare<[number, string], { attempts: number }>('UPDATE inbox SET attempts = attempts + 1, updated_at = ? WHERE key = ? RETURNING attempts');
  const renew = db.prepare<[number, number, string, string]>(
    "UPDATE inbox SET lease_until = ?, updated_at = ? WHERE key = ? AND status = 'pending' AND lease_owner = ?",
  );
  const stale = db.prepare<[number, number, number], InboxRow>(
    "SELECT * FROM inbox WHERE status = 'pending' AND received_at >= ? AND lease_until < ? ORDER BY received_at, rowid LIMIT ?",
  );
  const take = db.prepare<[string, number, number, string]>(
    'UPDATE inbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE key = ?',
  );
  const pendingSince = db.prepare<[number], InboxRow>("SELECT * FROM inbox WHERE status = 'pending' AND received_at >= ? ORDER BY received_at, rowid");
  const getOne = db.prepare<[string], InboxRow>('SELECT * FROM inbox WHERE key = ?');
  const pruneInbox = db.prepare('DELETE FROM inbox WHERE received_at < ?');
  const pruneEvents = db.prepare('DELETE FROM seen_events WHERE at < ?');

  const claimTx = db.transaction((e: { key: string; eventId: string | null; receivedAt: number; payload: unknown }): 'new' | 'duplicate' => {
    const eventNew = e.eventId === null || insertEvent.run(e.eventId, e.receivedAt).changes === 1;
    if (!eventNew) return 'duplicate';
    const t = now();
    const entryNew = insertEntry.run(e.key, e.eventId, e.receivedAt, e.receivedAt, JSON.stringify(e.payload), owner, t + lease).changes === 1;
    return entryNew ? 'new' : 'duplicate';
  });

  const takeOverTx = db.transaction((since: number, limit: number, all: boolean): InboxRow[] => {
    const t = now();
    const rows = stale.all(since, all ? Number.MAX_SAFE_INTEGER : t, limit);
    for (const r of rows) {
      take.run(owner, t + lease, t, r.key);
      r.attempts += 1;
    }
    return rows;
  });

  return {
    claim: async (e) => claimTx.immediate(e),
    claimEvent: async (eventId, at) => (insertEvent.run(eventId, at).changes === 1 ? 'new' : 'duplicate'),
    renew: async (key, leaseMs = lease) => {
      const t = now();
      return renew.run(t + leaseMs, t, key, owner).changes === 1;
    },
    markDone: async (key) => void setStatus.run('done', null, now(), key),
    markFailed: async (key, error) => void setStatus.run('failed', error.slice(0, 500), now(), key),
    addAttempt: async (key) => bump.get(now(), key)?.attempts ?? 0,
    takeOver: async <P>({ since, limit, all = false }: { since: number; limit: number; all?: boolean }) =>
      takeOverTx.immediate(since, limit, all).map((r) => toInboxEntry<P>(r)),
    pending: async <P>(since: number) => pendingSince.all(since).map((r) => toInboxEntry<P>(r)),
    get: async <P>(key: string) => {
      const r = getOne.get(key);
      return r ? toInboxEntry<P>(r) : null;
    },
    async prune(at) {
      const cutoff = at - ttl;
      return pruneInbox.run(cutoff).changes + pruneEvents.run(cutoff).changes;
    },
  };
}
