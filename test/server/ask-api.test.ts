// POST /api/ask's own mistakes, through the real server in Lark mode (admin listener): clear 400/413/429 answers
// that never move the webhook's refused-event counters, and a limit per caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const refusedCounters = async (bot: TestBot) =>
  (await (await fetch(`${bot.adminUrl}/metrics`)).text())
    .split('\n')
    .filter((l) => l.startsWith('fazhi_events_refused_total{'))
    .join('\n');

const post = (base: string, body: string, path = '/api/ask') => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('POST /api/ask mistakes', () => {
  let mock: MockLark;
  let bot: TestBot;
  beforeAll(async () => {
    mock = await startMockLark();
    bot = await startTestBot(mock, { askRate: { perSec: 1, burst: 5 } });
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('malformed JSON and an oversized body: 400 and 413 with the real limit, no refused-event counted', async () => {
    const before = await refusedCounters(bot);
    const bad = await post(bot.adminUrl, '{"question": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/u);
    const big = await post(bot.adminUrl, JSON.stringify({ question: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toBe('body over 64 KB');
    expect(await refusedCounters(bot)).toBe(before);
    // The webhook's own mistakes still count.
    expect((await post(bot.url, '{"encrypt": ', '/webhook/event')).status).toBe(400);
    expect(await refusedCounters(bot)).toMatch(/reason="malformed"\} 1/u);
  });

  it('a caller past its burst gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const r = await post(bot.adminUrl, JSON.stringify({ question: '/help' }));
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    // The first test's two requests took two tokens of the burst of five.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
