// Which routes answer where, through the real server: in Lark mode the public listener serves only the webhook
// and /healthz; /api/ask, /metrics and the playground answer on the admin listener, bound to 127.0.0.1. In local
// mode one loopback port serves everything.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const ask = (base: string, question = '全市调解组织调解案件成功率是多少?') =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });

describe('Lark mode: public and admin listeners', () => {
  let mock: MockLark;
  let bot: TestBot;
  beforeAll(async () => {
    mock = await startMockLark();
    bot = await startTestBot(mock);
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('the public listener serves the webhook and /healthz, nothing else', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, p2pText('你好')))).status).toBe(200);
    expect((await ask(bot.url)).status).toBe(404);
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${bot.url}/`)).status).toBe(404);
    expect((await fetch(`${bot.url}/api/playground/knowledge`)).status).toBe(404);
  });

  it('the admin listener is a different port on 127.0.0.1 and serves /api/ask, /metrics, the playground and /healthz', async () => {
    expect(bot.adminUrl).not.toBe(bot.url);
    expect((bot.adminServer?.address() as AddressInfo).address).toBe('127.0.0.1');
    const a = await ask(bot.adminUrl);
    expect(a.status).toBe(200);
    expect(((await a.json()) as { answered: boolean }).answered).toBe(true);
    const m = await fetch(`${bot.adminUrl}/metrics`);
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('fazhi_events_received_total');
    expect((await fetch(`${bot.adminUrl}/api/playground/knowledge`)).status).toBe(200);
    expect((await fetch(`${bot.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.adminUrl}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('local mode: one loopback port', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot(null);
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('serves everything on the one port', async () => {
    expect(bot.adminUrl).toBe(bot.url);
    expect(bot.adminServer).toBeNull();
    expect((await ask(bot.url)).status).toBe(200);
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${bot.url}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(503);
  });
});

describe('/healthz reports degraded states', () => {
  it('a work queue that is full', async () => {
    const mock = await startMockLark();
    const bot = await startTestBot(mock, { queue: { capacity: 1, concurrency: 1 } });
    try {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      // Replies never come back: one answer runs, one waits, and the queue is full.
      mock.failNext('reply', Fail.hang(), Fail.hang(), Fail.hang());
      for (let i = 0; i < 3; i++) await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, p2pText(`你好 ${i}`)));
      const h = await fetch(`${bot.url}/healthz`);
      expect(h.status).toBe(503);
      const body = (await h.json()) as { status: string; problems: string[] };
      expect(body.status).toBe('degraded');
      expect(body.problems.join(' ')).toMatch(/work queue full/u);
    } finally {
      await mock.close();
      await bot.stop();
    }
  });

  it('a disk with less free space than the bot needs', async () => {
    const bot = await startTestBot(null, { minFreeBytes: Number.MAX_SAFE_INTEGER });
    try {
      const h = await fetch(`${bot.url}/healthz`);
      expect(h.status).toBe(503);
      const body = (await h.json()) as { status: string; problems: string[] };
      expect(body).toMatchObject({ status: 'degraded' });
      expect(body.problems.join(' ')).toMatch(/DATA_DIR has \d+ MB free/u);
    } finally {
      await bot.stop();
    }
  });
});
