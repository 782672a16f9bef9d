// A reply waiting for its later retry is claimed like any inbox entry: two bots sharing one PostgreSQL database;
// the one that acked the message keeps it leased through its outbound retries and its retry delay, so the other
// does not take it meanwhile; once that bot is gone and the lease has run out, the other answers it, once.
import { expect, it } from 'vitest';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { Fail, startMockLark } from '../helpers/mock-lark.js';
import { until } from '../helpers/poll.js';
import { createTestDatabase, describePostgres } from '../helpers/postgres.js';
import { startTestBot } from '../helpers/test-bot.js';

const LEASE_MS = 1_500;
const RETRY_DELAY_MS = 4_000;

describePostgres('a later retry on shared state', (serverUrl) => {
  it('stays with its replica through the retries; another takes it over only after that replica stopped', { timeout: 90_000 }, async () => {
    const mock = await startMockLark();
    const db = await createTestDatabase(serverUrl, 'fazhi_retry');
    const opts = { env: { DATABASE_URL: db.url }, leaseMs: LEASE_MS, sweepMs: 200, retryDelayMs: RETRY_DELAY_MS };
    const a = await startTestBot(mock, opts);
    const b = await startTestBot(mock, opts);
    try {
      // Lark answers 503 to every attempt of the first send (five with backoff, about 4 s: longer than the lease).
      mock.failNext('reply', ...Array.from({ length: 5 }, () => Fail.serverError(503)));
      const ev = p2pText('全市调解组织调解案件成功率是多少?');
      const messageId = (ev.event.message as { message_id: string }).message_id;
      expect((await push(a.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
      const calls = () => mock.callsTo('reply').filter((c) => c.target === messageId);
      await mock.waitFor(() => calls().length === 5, 30_000);
      const gaveUpForNow = Date.now();
      // No other attempt while the first bot still holds it (its retry waits RETRY_DELAY_MS): stop that bot now.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(calls()).toHaveLength(5);
      await a.stop();
      // The lease (retry delay + lease) runs out; the second bot's sweep takes the entry over and answers it.
      await mock.waitFor(() => calls().some((c) => c.delivered), 30_000);
      const delivered = calls().filter((c) => c.delivered);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.at - gaveUpForNow).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 500);
      expect(calls()).toHaveLength(6);
      // The send is recorded as done just after Lark took it.
      await until(async () => (await b.bot.inbox.get(`msg:${messageId}`))?.status === 'done', 10_000, 'the entry marked done');
    } finally {
      await b.stop();
      await a.stop().catch(() => undefined);
      await mock.close();
      await db.drop();
    }
  });
});
