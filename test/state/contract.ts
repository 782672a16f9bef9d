// The store contract: one suite, run against every state backend (test/state/sqlite.test.ts and
// test/state/postgres.test.ts). Each test gets a fresh database; `open()` can be called more than once on it to
// stand in for several processes (replicas) sharing the same state.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionRecord } from '../../src/ports.js';
import { SCHEMA_VERSION } from '../../src/state/migrations.js';
import { DEDUPE_TTL_MS, type StateBackend, type StoreOptions } from '../../src/state/ports.js';

export interface FreshState {
  /** Opens a backend on this database (migrating it); each call is another "process". */
  open(): Promise<StateBackend>;
  /** Versions recorded in schema_migrations, one row per application. */
  appliedVersions(): Promise<number[]>;
  drop(): Promise<void>;
}

export interface StateHarness {
  fresh(): Promise<FreshState>;
}

class Clock {
  constructor(public t: number) {}
  now = () => this.t;
}

const q = (over: Partial<QuestionRecord>): QuestionRecord => ({
  at: 0,
  chatId: 'oc_chat',
  userId: 'ou_user',
  messageId: null,
  text: '调解成功率是多少',
  answered: true,
  topScore: 12.5,
  latencyMs: 3.2,
  sentenceId: 'doc/s1/p1/t1',
  ...over,
});
const DAY = 86_400_000;

export function stateContract(name: string, harness: () => StateHarness, opts: { propertyRuns?: number } = {}): void {
  const runs = opts.propertyRuns ?? 100;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  /** A fresh database and `n` processes on it, all closed and dropped after the test. */
  async function processes(n: number, storeOpts: (i: number) => StoreOptions = () => ({})) {
    const db = await harness().fresh();
    cleanups.push(() => db.drop());
    const backends: StateBackend[] = [];
    for (let i = 0; i < n; i++) {
      const b = await db.open();
      backends.push(b);
      cleanups.push(() => b.close());
    }
    return { db, backends, stores: backends.map((b, i) => b.stores({ questionLog: { pruneIntervalMs: 0 }, ...storeOpts(i) })) };
  }

  describe(`${name}: migrations`, () => {
    it('applies every version once, even when processes open the database at the same moment', async () => {
      const db = await harness().fresh();
      cleanups.push(() => db.drop());
      const opened = await Promise.all([db.open(), db.open(), db.open()]);
      for (const b of opened) cleanups.push(() => b.close());
      const versions = await db.appliedVersions();
      expect(versions).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      for (const b of opened) expect(await b.health()).toMatchObject({ ready: true });
    });
  });

  describe(`${name}: inbox`, () => {
    it('dedupes on message id and on event id, and survives reopening', async () => {
      const { db, backends, stores } = await processes(1);
      const inbox = stores[0]!.inbox;
      expect(await inbox.claim({ key: 'msg:om_1', eventId: 'ev_1', receivedAt: 1000, payload: { q: 1 } })).toBe('new');
      expect(await inbox.claim({ key: 'msg:om_1', eventId: 'ev_2', receivedAt: 1001, payload: { q: 1 } })).toBe('duplicate');
      expect(await inbox.claim({ key: 'msg:om_9', eventId: 'ev_1', receivedAt: 1002, payload: { q: 9 } })).toBe('duplicate');
      expect(await inbox.claimEvent('ev_card', 1003)).toBe('new');
      expect(await inbox.claimEvent('ev_card', 1004)).toBe('duplicate');
      await backends[0]!.close();
      const again = await db.open();
      cleanups.push(() => again.close());
      const inbox2 = again.stores({ questionLog: { pruneIntervalMs: 0 } }).inbox;
      expect(await inbox2.claim({ key: 'msg:om_1', eventId: 'ev_3', receivedAt: 2000, payload: {} })).toBe('duplicate');
      expect(await inbox2.get('msg:om_1')).toMatchObject({ status: 'pending', payload: { q: 1 }, eventId: 'ev_1', receivedAt: 1000 });
      expect(await inbox2.get('msg:none')).toBeNull();
    });

    it('lists pending entries inside the window, oldest first; done and failed ones are not resumed', async () => {
      const { stores } = await processes(1);
      const inbox = stores[0]!.inbox;
      for (const [k, t] of [['a', 100], ['b', 300], ['c', 200], ['d', 400]] as const) await inbox.claim({ key: k, eventId: null, receivedAt: t, payload: k });
      await inbox.markDone('d');
      await inbox.markFailed('c', 'boom');
      expect((await inbox.pending<string>(150)).map((e) => e.payload)).toEqual(['b']);
      expect((await inbox.pending<string>(0)).map((e) => e.payload)).toEqual(['a', 'b']);
      expect(await inbox.addAttempt('a')).toBe(1);
      expect(await inbox.addAttempt('a')).toBe(2);
      expect(await inbox.get('c')).toMatchObject({ status: 'failed' });
    });

    it('forgets ids after the TTL (≥ 12 h)', async () => {
      const { stores } = await processes(1);
      const inbox = stores[0]!.inbox;
      expect(DEDUPE_TTL_MS).toBeGreaterThanOrEqual(12 * 3600_000);
      await inbox.claim({ key: 'old', eventId: 'ev_old', receivedAt: 0, payload: 1 });
      await inbox.claim({ key: 'new', eventId: 'ev_new', receivedAt: DEDUPE_TTL_MS, payload: 2 });
      expect(await inbox.prune(DEDUPE_TTL_MS + 1)).toBe(2);
      expect(await inbox.claim({ key: 'old', eventId: 'ev_old', receivedAt: DEDUPE_TTL_MS + 2, payload: 1 })).toBe('new');
      expect(await inbox.claim({ key: 'new', eventId: 'ev_x', receivedAt: DEDUPE_TTL_MS + 2, payload: 2 })).toBe('duplicate');
    });

    it('claims each message once when two processes receive it at the same moment', async () => {
      const { stores } = await processes(2);
      const keys = Array.from({ length: 60 }, (_, i) => `msg:om_${i}`);
      const results = await Promise.all(
        keys.flatMap((key, i) => stores.map((s, p) => s.inbox.claim({ key, eventId: p === 0 || i % 2 ? `ev_${i}` : `ev_${i}_redelivered`, receivedAt: 1000 + i, payload: i }))),
      );
      for (let i = 0; i < keys.length; i++) expect([results[2 * i], results[2 * i + 1]].sort()).toEqual(['duplicate', 'new']);
    });

    it('leases a claimed entry to its process; another takes it over only once the lease has expired', async () => {
      const clock = new Clock(10_000);
      const { stores } = await processes(2, (i) => ({ inbox: { leaseMs: 1_000, now: clock.now, owner: `p${i}` } }));
      const [a, b] = stores.map((s) => s.inbox) as [typeof stores[0]['inbox'], typeof stores[0]['inbox']];
      await a.claim({ key: 'k1', eventId: 'e1', receivedAt: 10_000, payload: 'one' });
      await a.claim({ key: 'k2', eventId: 'e2', receivedAt: 10_001, payload: 'two' });
      expect(await b.takeOver({ since: 0, limit: 10 })).toEqual([]);
      expect(await b.renew('k1')).toBe(false); // not b's
      expect(await a.renew('k1')).toBe(true);
      clock.t += 600;
      expect(await a.renew('k1')).toBe(true); // k1 now runs until 11_600; k2 until 11_000
      clock.t = 11_100;
      const taken = await b.takeOver<string>({ since: 0, limit: 10 });
      expect(taken.map((e) => [e.key, e.payload, e.attempts])).toEqual([['k2', 'two', 1]]);
      expect(await a.renew('k2')).toBe(false); // a was too slow: it must not send
      expect(await b.renew('k2')).toBe(true);
      await b.markDone('k2');
      expect(await b.renew('k2')).toBe(false); // done: nobody sends again
      clock.t = 20_000;
      expect((await b.takeOver({ since: 0, limit: 10 })).map((e) => e.key)).toEqual(['k1']);
      expect(await b.takeOver({ since: 0, limit: 10 })).toEqual([]); // b's lease holds now
      // `all` (one process owning the state, restarting) takes live leases too, oldest first, bounded.
      expect((await a.takeOver({ since: 0, limit: 10, all: true })).map((e) => [e.key, e.attempts])).toEqual([['k1', 2]]);
      for (let i = 0; i < 5; i++) await a.claim({ key: `m${i}`, eventId: null, receivedAt: 20_000 + i, payload: i });
      expect((await a.takeOver({ since: 20_002, limit: 2, all: true })).map((e) => e.key)).toEqual(['m2', 'm3']);
    });

    it('hands each expired entry to exactly one of several processes taking over at once', async () => {
      const clock = new Clock(0);
      const { stores } = await processes(3, (i) => ({ inbox: { leaseMs: 1_000, now: clock.now, owner: `p${i}` } }));
      for (let i = 0; i < 90; i++) await stores[0]!.inbox.claim({ key: `k${i}`, eventId: `e${i}`, receivedAt: i, payload: i });
      clock.t = 5_000;
      const batches = await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % 3]!.inbox.takeOver<number>({ since: 0, limit: 20 })));
      const all = batches.flat().map((e) => e.payload);
      expect(all.length).toBe(90);
      expect(new Set(all).size).toBe(90);
    });
  });

  describe(`${name}: feedback and failed replies`, () => {
    it('keeps one vote per user per answer; a second click changes it', async () => {
      const { stores } = await processes(1);
      const fb = stores[0]!.feedback;
      const base = { messageId: 'om_1', userId: 'ou_1', question: '调解?', sentenceId: 's', section: '二、', chatId: 'oc_1', at: 1 };
      expect(await fb.record({ ...base, vote: 'up' })).toBe('recorded');
      expect(await fb.record({ ...base, vote: 'up' })).toBe('unchanged');
      expect(await fb.record({ ...base, vote: 'down', at: 2 })).toBe('changed');
      expect(await fb.record({ ...base, userId: null, vote: 'up', at: 3 })).toBe('recorded');
      expect(await fb.counts()).toEqual({ up: 1, down: 1 });
      expect((await fb.list()).map((f) => [f.userId, f.vote])).toEqual([
        [null, 'up'],
        ['ou_1', 'down'],
      ]);
    });

    it('keeps failed replies for inspection, newest first, text bounded', async () => {
      const { stores } = await processes(1);
      const failed = stores[0]!.failedReplies;
      await failed.record({ at: 1, messageId: 'om_1', chatId: 'oc_1', question: 'q', errorCode: 230002, error: 'gone' });
      await failed.record({ at: 2, messageId: 'om_2', chatId: null, question: '长'.repeat(5000), errorCode: null, error: 'x'.repeat(5000) });
      const list = await failed.list();
      expect(list[1]).toEqual({ at: 1, messageId: 'om_1', chatId: 'oc_1', question: 'q', errorCode: 230002, error: 'gone' });
      expect(list[0]).toMatchObject({ messageId: 'om_2', chatId: null, errorCode: null });
      expect(list[0]!.question.length).toBe(1000);
      expect(await failed.count()).toBe(2);
      expect(await failed.list(1)).toHaveLength(1);
    });
  });

  describe(`${name}: subscriptions`, () => {
    it('subscribes, unsubscribes and says what happened; another process sees it', async () => {
      const { stores } = await processes(2);
      const [s, other] = [stores[0]!.subscriptions, stores[1]!.subscriptions];
      expect(await s.subscribe('oc_1')).toBe('subscribed');
      expect(await other.subscribe('oc_1')).toBe('already_subscribed');
      expect(await s.list()).toEqual(['oc_1']);
      expect(await other.unsubscribe('oc_1')).toBe('unsubscribed');
      expect(await s.unsubscribe('oc_1')).toBe('not_subscribed');
      expect(await s.unsubscribe('oc_never')).toBe('not_subscribed');
      expect(await s.recipients()).toEqual([]);
      expect(await s.stateOf('oc_1')).toBe('unsubscribed');
    });

    it('recipients = subscribed chats plus configured chats that did not opt out or remove the bot', async () => {
      const db = await harness().fresh();
      cleanups.push(() => db.drop());
      const backend = await db.open();
      cleanups.push(() => backend.close());
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom('sub', 'unsub', 'removed', 'added'), fc.constantFrom('a', 'b', 'c', 'd')), { maxLength: 20 }),
          async (ops) => {
            // One database for all runs: each run has its own chats.
            const chat = (c: string) => `oc_${run}_${c}`;
            run++;
            const config = [chat('c'), chat('d')];
            const s = backend.stores({ subscriptions: { configChatIds: config }, questionLog: { pruneIntervalMs: 0 } }).subscriptions;
            const state = new Map<string, 'subscribed' | 'unsubscribed' | 'removed'>();
            for (const [op, c] of ops) {
              const id = chat(c);
              const receives = state.get(id) === 'subscribed' || (!state.has(id) && config.includes(id));
              if (op === 'sub') {
                expect(await s.subscribe(id)).toBe(receives ? 'already_subscribed' : 'subscribed');
                state.set(id, 'subscribed');
              } else if (op === 'unsub') {
                expect(await s.unsubscribe(id)).toBe(receives ? 'unsubscribed' : 'not_subscribed');
                if (receives) state.set(id, 'unsubscribed');
              } else if (op === 'removed') {
                expect(await s.onBotRemoved(id)).toBe(receives);
                if (receives || state.has(id)) state.set(id, 'removed');
              } else {
                await s.onBotAdded(id);
                if (state.get(id) === 'removed') state.delete(id);
              }
              expect(await s.isSubscribed(id)).toBe(state.get(id) === 'subscribed' || (!state.has(id) && config.includes(id)));
            }
            const expected = ['a', 'b', 'c', 'd'].map(chat).filter((c) => state.get(c) === 'subscribed' || (!state.has(c) && config.includes(c)));
            expect((await s.recipients()).filter((c) => c.startsWith(chat('')))).toEqual(expected);
          },
        ),
        { numRuns: runs },
      );
    });
  });

  describe(`${name}: digest log`, () => {
    const LEASE = 600_000;
    it('a chat and date is claimed once while the claim holds, never again once sent, and at most maxAttempts times', async () => {
      const clock = new Clock(0);
      const { stores } = await processes(3, () => ({ digestLog: { now: clock.now, leaseMs: LEASE, maxAttempts: 3 } }));
      const logs = stores.map((s) => s.digestLog);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({ op: fc.constant('claim' as const), conn: fc.integer({ min: 0, max: 2 }) }),
              fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2 * LEASE }) }),
              fc.record({ op: fc.constantFrom('sent' as const, 'failed' as const) }),
            ),
            { maxLength: 30 },
          ),
          async (ops) => {
            const chat = `oc_${run++}`;
            let holder = false;
            let claimedAt = 0;
            let sent = false;
            let attempts = 0;
            for (const o of ops) {
              if (o.op === 'advance') clock.t += o.ms;
              else if (o.op === 'claim') {
                const r = await logs[o.conn]!.claim(chat, '2026-11-27', 'dg-x');
                const mayClaim = !sent && attempts < 3 && (!holder || clock.t - claimedAt >= LEASE);
                expect(r === 'claimed').toBe(mayClaim);
                if (r === 'claimed') {
                  holder = true;
                  claimedAt = clock.t;
                  attempts++;
                }
              } else if (holder) {
                if (o.op === 'sent') await logs[0]!.markSent(chat, '2026-11-27', 'om_1');
                else await logs[0]!.markFailed(chat, '2026-11-27', 'boom');
                sent ||= o.op === 'sent';
                holder = false;
              }
            }
          },
        ),
        { numRuns: runs },
      );
    });

    it('one of many processes claiming the same chat and date at the same moment wins', async () => {
      const { stores } = await processes(3);
      for (let day = 1; day <= 10; day++) {
        const date = `2026-12-${String(day).padStart(2, '0')}`;
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => stores[i % 3]!.digestLog.claim('oc_same', date, `dg-${date}`)));
        expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      }
    });

    it('records outcomes, lists retryable chats, prunes old dates', async () => {
      const clock = new Clock(1_000_000);
      const { stores } = await processes(1, () => ({ digestLog: { now: clock.now, leaseMs: 1000, maxAttempts: 2 } }));
      const log = stores[0]!.digestLog;
      for (const c of ['oc_a', 'oc_b', 'oc_c', 'oc_d']) expect(await log.claim(c, '2026-12-01', `dg-${c}`)).toBe('claimed');
      await log.markSent('oc_a', '2026-12-01', 'om_a');
      await log.markFailed('oc_b', '2026-12-01', 'e'.repeat(2000));
      await log.markGone('oc_c', '2026-12-01', 'bot removed');
      expect(await log.retryable('2026-12-01')).toEqual(['oc_b']);
      clock.t += 1000; // oc_d's claim (sending) has expired: its process died mid-send
      expect(await log.retryable('2026-12-01')).toEqual(['oc_b', 'oc_d']);
      const entries = await log.entries('2026-12-01');
      expect(entries.map((e) => [e.chatId, e.status, e.attempts])).toEqual([
        ['oc_a', 'sent', 1],
        ['oc_b', 'failed', 1],
        ['oc_c', 'gone', 1],
        ['oc_d', 'sending', 1],
      ]);
      expect(entries[0]).toMatchObject({ messageId: 'om_a', uuid: 'dg-oc_a', claimedAt: 1_000_000 });
      expect(entries[1]!.error!.length).toBe(500);
      expect(await log.claim('oc_b', '2026-12-01', 'dg-oc_b')).toBe('claimed');
      await log.markFailed('oc_b', '2026-12-01', 'again');
      expect(await log.retryable('2026-12-01')).toEqual(['oc_d']); // oc_b spent its 2 attempts
      expect(await log.claim('oc_b', '2026-12-01', 'dg-oc_b')).toBe('done');
      expect(await log.prune('2026-12-02')).toBe(4);
      expect(await log.entries('2026-12-01')).toEqual([]);
    });

    it('remembers announced documents by date; the baseline is seeded once', async () => {
      const { stores } = await processes(2);
      const [log, other] = [stores[0]!.digestLog, stores[1]!.digestLog];
      await Promise.all([log.seedAnnouncements(['a']), other.seedAnnouncements(['a'])]);
      await log.seedAnnouncements(['a', 'b']); // already seeded: no-op
      expect(await log.announcedBefore('2026-01-01')).toEqual(['a']);
      await log.recordAnnouncement('b', '2026-11-30');
      await other.recordAnnouncement('b', '2026-12-01'); // first date wins
      expect(await log.announcedBefore('2026-11-30')).toEqual(['a']);
      expect(await other.announcedBefore('2026-12-01')).toEqual(['a', 'b']);
    });
  });

  describe(`${name}: question log`, () => {
    it('records questions with their outcome and the vote they got', async () => {
      const now = Date.UTC(2026, 10, 1);
      const { stores } = await processes(1, () => ({ questionLog: { now: () => now, pruneIntervalMs: 0 } }));
      const log = stores[0]!.questionLog;
      await log.record(q({ at: now - 1000, messageId: 'om_1' }));
      await log.record(q({ at: now - 500, messageId: 'om_2', text: '明天天气怎么样', answered: false, topScore: 0.4, sentenceId: null, latencyMs: Number.NaN }));
      await log.vote('om_1', 'down', 'ou_voter');
      await log.vote('om_unknown', 'up', null); // a vote for a message never recorded changes nothing
      const all = await log.list();
      expect(all).toHaveLength(2);
      expect(all[0]).toMatchObject({ messageId: 'om_1', answered: true, vote: 'down', chatId: 'oc_chat', userId: 'ou_user', topScore: 12.5, latencyMs: 3.2, at: now - 1000 });
      expect(all[1]).toMatchObject({ text: '明天天气怎么样', answered: false, vote: null, latencyMs: 0 });
      expect(typeof all[0]!.id).toBe('number');
      // Both the refused one and the 👎 one are what the report looks at.
      expect((await log.list({ onlyUnanswered: true })).map((r) => r.messageId)).toEqual(['om_1', 'om_2']);
      await log.vote('om_1', 'up', 'ou_voter'); // a changed mind: the last vote counts
      expect((await log.list({ onlyUnanswered: true })).map((r) => r.messageId)).toEqual(['om_2']);
      expect((await log.list({ since: now - 600 })).map((r) => r.messageId)).toEqual(['om_2']);
      log.close();
    });

    it('prunes questions older than the retention on open and when asked, in bounded batches, and keeps the rest', async () => {
      let now = Date.UTC(2026, 0, 1);
      const { db, stores } = await processes(1, () => ({ questionLog: { now: () => now, retentionDays: 30, pruneIntervalMs: 0 } }));
      const first = stores[0]!.questionLog;
      // More than one prune batch (5,000 rows), written 50 at a time.
      for (let i = 0; i < 5_200; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => first.record(q({ at: now - 40 * DAY + i + j, text: `old ${i + j}` }))));
      await first.record(q({ at: now - 10 * DAY, text: 'recent' }));
      first.close();
      expect(await first.count()).toBe(5_201);
      // Opening prunes what is already past the retention.
      const again = await db.open();
      cleanups.push(() => again.close());
      let pruned = 0;
      const log = again.stores({ questionLog: { now: () => now, retentionDays: 30, pruneIntervalMs: 0, onError: () => pruned-- } }).questionLog;
      for (let i = 0; i < 500 && (await log.count()) > 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await log.list()).map((r) => r.text)).toEqual(['recent']);
      expect(pruned).toBe(0);
      // Time passes: the recent one ages out too.
      now += 25 * DAY;
      expect(await log.prune()).toBe(1);
      expect(await log.count()).toBe(0);
      log.close();
    });

    it('keeps a long pasted text bounded', async () => {
      const { stores } = await processes(1);
      const log = stores[0]!.questionLog;
      await log.record(q({ at: Date.now(), text: '长'.repeat(10_000) }));
      expect((await log.list())[0]!.text.length).toBe(2000);
      log.close();
    });
  });
}
