// The input cap at the boundary, through the real server: a long `/metric` or `/search` argument (costly to
// look up, and never a real keyword) gets the polite too-long reply in Lark and a 413 from /api/ask; a question at
// the limit is still answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../src/router/router.js';
import { cardText, readable } from './helpers/card-check.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from './helpers/lark-events.js';
import { startMockLark, type MockLark } from './helpers/mock-lark.js';
import { startTestBot, type TestBot } from './helpers/test-bot.js';

const filler = (n: number) => Array.from({ length: n }, (_, i) => '调解成功率行政执法公示'[i % 11]).join('');

describe('input longer than MAX_QUESTION_CHARS', () => {
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

  it('a long /metric or /search from Lark gets the too-long notice, not a lookup', async () => {
    for (const command of ['/metric ', '/search ', '/指标 ']) {
      const ev = p2pText(`${command}${filler(MAX_QUESTION_CHARS + 10)}`);
      const messageId = (ev.event.message as { message_id: string }).message_id;
      expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
      await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId));
      const card = JSON.parse(mock.delivered().find((c) => c.target === messageId)?.content ?? 'null') as unknown;
      expect(readable(cardText(card))).toContain('问题太长了');
    }
  });

  it('/api/ask refuses it with 413 before answering; a /metric within the limit is looked up', async () => {
    const post = (question: string) => fetch(`${bot.adminUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    const long = await post(`/metric ${filler(1990)}`);
    expect(long.status).toBe(413);
    expect(((await long.json()) as { error: { message: string } }).error.message).toContain(String(MAX_QUESTION_CHARS));
    const ok = await post('/metric 调解');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { kind: string; figures: unknown[] }).figures.length).toBeGreaterThan(0);
  });
});
