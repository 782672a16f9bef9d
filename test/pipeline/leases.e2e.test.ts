// Inbox leases inside one process (SQLite): a sweep that finds the lease of an entry still waiting in this
// process's queue expired (a slow Lark, a long queue) renews it but does not queue it a second time, and every
// message is answered with one reply call.
import { describe, expect, it } from 'vitest';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { Fail, startMockLark } from '../helpers/mock-lark.js';
import { startTestBot } from '../helpers/test-bot.js';

describe('inbox leases in one process', () => {
  it('a sweep does not queue an entry twice while it waits here past its lease', { timeout: 60_000 }, async () => {
    const mock = await startMockLark();
    // Leases of 300 ms, swept every 50 ms; replies take 400 ms each, four at a time: the last ones wait past their lease.
    const bot = await startTestBot(mock, { leaseMs: 300, sweepMs: 50, queue: { concurrency: 4, capacity: 100 } });
    try {
      mock.failNext('reply', ...Array.from({ length: 24 }, () => Fail.slow(400)));
      const events = Array.from({ length: 24 }, (_, i) => p2pText('全市调解组织调解案件成功率是多少?', { chatId: `oc_lease_${i}` }));
      for (const ev of events) expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
      const ids = events.map((ev) => (ev.event.message as { message_id: string }).message_id);
      await mock.waitFor((calls) => ids.every((id) => calls.some((c) => c.delivered && c.target === id)), 30_000);
      await new Promise((r) => setTimeout(r, 500));
      for (const id of ids) expect(mock.callsTo('reply').filter((c) => c.target === id)).toHaveLength(1);
      expect(await bot.bot.inbox.pending(0)).toEqual([]);
    } finally {
      await bot.stop();
      await mock.close();
    }
  });
});
