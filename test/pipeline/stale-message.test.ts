// A late redelivery (Lark retries a failed ack for up to ~7.1 h) of a message older than STALE_MESSAGE_MS is
// acknowledged and logged but not answered; a fresh one is answered. Real server, real SDK against the mock.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/obs/logger.js';
import { STALE_MESSAGE_MS } from '../../src/pipeline/event-pipeline.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

describe('stale redeliveries', () => {
  let mock: MockLark;
  let bot: TestBot;
  const lines: string[] = [];
  beforeAll(async () => {
    mock = await startMockLark();
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
    bot = await startTestBot(mock, { logger });
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('a message created 7 hours ago is acked, logged and not answered; one 5 minutes old is answered', async () => {
    const old = p2pText('全市调解组织调解案件成功率是多少?', { createTime: Date.now() - 7 * 3600_000 });
    const fresh = p2pText('全市调解组织调解案件成功率是多少?', { createTime: Date.now() - 5 * 60_000 });
    const id = (e: typeof old) => (e.event.message as { message_id: string }).message_id;
    expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, old))).status).toBe(200);
    expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, fresh))).status).toBe(200);
    await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === id(fresh)));
    expect(await bot.bot.drain(10_000)).toBe(true);
    expect(mock.calls.filter((c) => c.target === id(old))).toHaveLength(0);
    expect(lines.join('')).toMatch(/too old to answer/u);
    expect(await (await fetch(`${bot.adminUrl}/metrics`)).text()).toMatch(/fazhi_events_refused_total\{reason="stale"\} 1/u);
    expect(STALE_MESSAGE_MS).toBe(30 * 60_000);
  });
});
