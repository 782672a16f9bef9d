// The durable inbox and dedupe store on PostgreSQL. A message is claimed with a unique key (INSERT … ON CONFLICT
// DO NOTHING) in one statement with its event id; entries whose lease expired are taken over with
// SELECT … FOR UPDATE SKIP LOCKED, so replicas sweeping at the same moment never take the same entry.
import type pg from 'pg';
import { DEDUPE_TTL_MS, DEFAULT_LEASE_MS, type Inbox, type InboxEntry, type InboxOptions, type InboxStatus } from '../ports.js';
import { processOwner } from '../owner.js';
import { toInboxEntry, type InboxRow as Row } from '../inbox.js';

const byArrival = (a: Row, b: Row) => a.received_at - b.received_at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function createPgInbox(pool: pg.Pool, opts: InboxOptions = {}): Inbox {
  const ttl = opts.ttlMs ?? DEDUPE_TTL_MS;
  const lease = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = opts.owner ?? processOwner();
  const now = opts.now ?? Date.now;
  const setStatus = async (key: string, status: InboxStatus, error: string | null) =>
    void (await pool.query('UPDATE inbox SET status = $1, error = $2, updated_at = $3, lease_until = 0 WHERE key = $4', [status, error, now(), key]));

  return {
    async claim(e) {
      // The event id first: a redelivered event (same id, maybe another replica) inserts nothing at all.
      const r = await pool.query(
        `WITH ev AS (
           INSERT INTO seen_events (event_id, at) SELECT $2::text, $3 WHERE $2::text IS NOT NULL
           ON CONFLICT (event_id) DO NOTHING RETURNING 1
         )
         INSERT INTO inbox (key, event_id, status, received_at, updated_at, payload, lease_owner, lease_until)
         SELECT $1, $2::text, 'pending', $3, $3, $4, $5, $6 WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM ev)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [e.key, e.eventId, e.receivedAt, JSON.stringify(e.payload), owner, now() + lease],
      );
      return r.rowCount === 1 ? 'new' : 'duplicate';
    },
    async claimEvent(eventId, at) {
      const r = await pool.query('INSERT INTO seen_events (event_id, at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING', [eventId, at]);
      return r.rowCount === 1 ? 'new' : 'duplicate';
    },
    async renew(key, leaseMs = lease) {
      const t = now();
      const r = await pool.query("UPDATE inbox SET lease_until = $1, updated_at = $2 WHERE key = $3 AND status = 'pending' AND lease_owner = $4", [t + leaseMs, t, key, owner]);
      return r.rowCount === 1;
    },
    markDone: (key) => setStatus(key, 'done', null),
    markFailed: (key, error) => setStatus(key, 'failed', error.slice(0, 500)),
    async addAttempt(key) {
      const r = await pool.query<{ attempts: number }>('UPDATE inbox SET attempts = attempts + 1, updated_at = $1 WHERE key = $2 RETURNING attempts', [now(), key]);
      return r.rows[0]?.attempts ?? 0;
    },
    async takeOver<P>({ since, limit, all = false }: { since: number; limit: number; all?: boolean }) {
      const t = now();
      const r = await pool.query<Row>(
        `WITH stale AS (
           SELECT key FROM inbox
           WHERE status = 'pending' AND received_at >= $1 AND lease_until < $2
           ORDER BY received_at, key LIMIT $3
           FOR UPDATE SKIP LOCKED
         )
         UPDATE inbox i SET lease_owner = $4, lease_until = $5, attempts = i.attempts + 1, updated_at = $6
         FROM stale WHERE i.key = stale.key
         RETURNING i.key, i.event_id, i.status, i.received_at, i.attempts, i.payload`,
        [since, all ? Number.MAX_SAFE_INTEGER : t, limit, owner, t + lease, t],
      );
      return r.rows.sort(byArrival).map((row) => toInboxEntry<P>(row));
    },
    async pending<P>(since: number) {
      const r = await pool.query<Row>("SELECT * FROM inbox WHERE status = 'pending' AND received_at >= $1 ORDER BY received_at, key", [since]);
      return r.rows.map((row) => toInboxEntry<P>(row));
    },
    async get<P>(key: string) {
      const r = await pool.query<Row>('SELECT * FROM inbox WHERE key = $1', [key]);
      return r.rows[0] ? toInboxEntry<P>(r.rows[0]) : null;
    },
    async prune(at) {
      const cutoff = at - ttl;
      const a = await pool.query('DELETE FROM inbox WHERE received_at < $1', [cutoff]);
      const b = await pool.query('DELETE FROM seen_events WHERE at < $1', [cutoff]);
      return (a.rowCount ?? 0) + (b.rowCount ?? 0);
    },
  };
}
