import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDigestLog } from '../../src/state/digest-log.js';

const LEASE = 600_000;

describe('digest log claims (SQLite)', () => {
  it('a chat and date is claimed once while the claim holds, never again once sent, and at most maxAttempts times', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('claim' as const), conn: fc.integer({ min: 0, max: 2 }) }),
            fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2 * LEASE }) }),
            fc.record({ op: fc.constantFrom('sent' as const, 'failed' as const) }),
          ),
          { maxLength: 40 },
        ),
        (ops) => {
          let t = 0;
          const db = new Database(':memory:');
          // Three "processes" on one database (a shared in-memory db stands in for the file).
          const logs = [0, 1, 2].map(() => createDigestLog(db, { now: () => t, leaseMs: LEASE, maxAttempts: 3 }));
          let holder = false; // someone holds a live claim
          let claimedAt = 0;
          let sent = false;
          let attempts = 0;
          for (const o of ops) {
            if (o.op === 'advance') t += o.ms;
            else if (o.op === 'claim') {
              const r = logs[o.conn]!.claim('oc_x', '2026-11-27', 'dg-x');
              const mayClaim = !sent && attempts < 3 && (!holder || t - claimedAt >= LEASE);
              expect(r === 'claimed').toBe(mayClaim);
              if (r === 'claimed') {
                holder = true;
                claimedAt = t;
                attempts++;
              }
            } else if (holder) {
              if (o.op === 'sent') logs[0]!.markSent('oc_x', '2026-11-27', 'om_1');
              else logs[0]!.markFailed('oc_x', '2026-11-27', 'boom');
              sent ||= o.op === 'sent';
              holder = false;
            }
          }
          db.close();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('remembers announced documents by date; the baseline is seeded once', () => {
    const log = createDigestLog(new Database(':memory:'));
    log.seedAnnouncements(['a']);
    log.seedAnnouncements(['a', 'b']); // already seeded: no-op
    expect(log.announcedBefore('2026-01-01')).toEqual(['a']);
    log.recordAnnouncement('b', '2026-11-30');
    log.recordAnnouncement('b', '2026-12-01'); // first date wins
    expect(log.announcedBefore('2026-11-30')).toEqual(['a']);
    expect(log.announcedBefore('2026-12-01')).toEqual(['a', 'b']);
  });
});
