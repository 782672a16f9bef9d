// The webhook receiver end to end through real HTTP: the bot on port 0 (src/main.ts startBot), the real Lark SDK
// pointed at the mock Open API server, events signed and encrypted as Lark does, real SQLite in a temp dir. What
// every receiver must do (answers, dedupe, ignored senders, card callbacks) is in test/pipeline/receivers.e2e.test.ts;
// this file keeps what is the webhook's own: the challenge, signatures, HTTP status codes, back-pressure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENCRYPT_KEY, TEST_VERIFICATION_TOKEN, challenge, encryptedPush, larkEncrypt, p2pText, plainPush, push } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const QUESTION = '全市调解组织调解案件成功率是多少?';

const send = (bot: TestBot, payload: unknown, o: { timestampSec?: number } = {}) => push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, payload, o));
const repliesTo = (mock: MockLark, messageId: string) => mock.delivered().filter((c) => c.api === 'reply' && c.target === messageId);
const messageIdOf = (e: { event: Record<string, unknown> }) => (e.event.message as { message_id: string }).message_id;

/** Waits until the answer queue is idle (every accepted event has been answered or failed). */
async function settled(bot: TestBot) {
  expect(await bot.bot.drain(15_000)).toBe(true);
}

describe('Lark webhook, encrypted and signed (end to end)', () => {
  let mock: MockLark;
  let bot: TestBot;
  beforeAll(async () => {
    mock = await startMockLark();
    bot = await startTestBot(mock, { retryDelayMs: 50 });
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('fetched its own identity from bot/v3/info at start-up', () => {
    expect(mock.callsTo('bot_info').filter((c) => c.code === 0)).toHaveLength(1);
  });

  it('answers the URL verification challenge, plain and encrypted', async () => {
    const plain = await push(bot.url, plainPush(challenge('ch-plain')));
    expect(plain).toMatchObject({ status: 200, body: { challenge: 'ch-plain' } });
    const enc = await push(bot.url, plainPush({ encrypt: larkEncrypt(TEST_ENCRYPT_KEY, challenge('ch-enc')) }));
    expect(enc).toMatchObject({ status: 200, body: { challenge: 'ch-enc' } });
  });

  it('refuses a bad signature and a stale timestamp (401) and does not reply', async () => {
    const ev1 = p2pText(QUESTION);
    const p = encryptedPush(TEST_ENCRYPT_KEY, ev1);
    const bad = await push(bot.url, { ...p, headers: { ...p.headers, 'x-lark-signature': 'f'.repeat(64) } });
    const ev2 = p2pText(QUESTION);
    const stale = await send(bot, ev2, { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    const ev3 = p2pText(QUESTION);
    const unsigned = await push(bot.url, plainPush({ encrypt: larkEncrypt(TEST_ENCRYPT_KEY, ev3) }));
    const wrongKey = await push(bot.url, encryptedPush('not-the-key', p2pText(QUESTION)));
    expect([bad.status, stale.status, unsigned.status, wrongKey.status]).toEqual([401, 401, 401, 401]);
    expect(stale.body).toMatchObject({ error: { code: 'stale_timestamp' } });
    await settled(bot);
    for (const ev of [ev1, ev2, ev3]) expect(mock.calls.filter((c) => c.target === messageIdOf(ev))).toHaveLength(0);
  });

  it('refuses malformed JSON (400), a body over 1 MB (413) and an unknown Content-Encoding (415), and stays healthy', async () => {
    const bad = await fetch(`${bot.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"encrypt": ' });
    expect(bad.status).toBe(400);
    const huge = await fetch(`${bot.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypt: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    const encoded = await fetch(`${bot.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'x-custom' }, body: '{"encrypt": "x"}' });
    expect(encoded.status).toBe(415);
    expect(await encoded.json()).toMatchObject({ error: { code: 'unsupported_encoding' } });
    const notLark = await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, { hello: 'world' }));
    expect(notLark.status).toBe(400);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', knowledge: { ready: true }, state: { ready: true } });
  });

  it('retries a 429 on the first send and delivers once', async () => {
    mock.failNext('reply', Fail.rateLimited(0));
    const ev = p2pText(QUESTION);
    await send(bot, ev);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
    await settled(bot);
    expect(mock.calls.filter((c) => c.target === messageIdOf(ev)).map((c) => c.status)).toEqual([429, 200]);
    expect(repliesTo(mock, messageIdOf(ev))).toHaveLength(1);
  });

  it('keeps trying a reply that outlives the outbound retries (Lark down for a while), and delivers it once', async () => {
    mock.failNext('reply', ...Array.from({ length: 7 }, () => Fail.serverError(503)));
    const ev = p2pText(QUESTION);
    await send(bot, ev);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1, 30_000);
    expect(mock.calls.filter((c) => c.target === messageIdOf(ev)).map((c) => c.status)).toEqual([503, 503, 503, 503, 503, 503, 503, 200]);
    expect((await bot.bot.failedReplies.list()).some((f) => f.messageId === messageIdOf(ev))).toBe(false);
  });

  it('records a failed reply for inspection', async () => {
    mock.failNext('reply', Fail.businessError(230027));
    const ev = p2pText(QUESTION);
    await send(bot, ev);
    await settled(bot);
    expect((await bot.bot.failedReplies.list()).find((f) => f.messageId === messageIdOf(ev))).toMatchObject({ errorCode: 230027, question: QUESTION });
  });

  it('moves the counters on /metrics', async () => {
    const text = await (await fetch(`${bot.adminUrl}/metrics`)).text();
    expect(text).toMatch(/fazhi_events_received_total\{type="im.message.receive_v1"\} \d+/u);
    expect(text).toMatch(/fazhi_events_refused_total\{reason="bad_signature"\} \d/u);
    expect(text).toMatch(/fazhi_answers_total\{result="answered"\} \d/u);
    expect(text).toMatch(/fazhi_lark_api_retries_total\{api="reply"\} \d/u);
  });

  it('acks a run of 50 signed, encrypted events with 200 and answers each once (ack time: npm run bench)', async () => {
    const events = Array.from({ length: 50 }, (_, i) => p2pText(`${QUESTION} ${i}`, { chatId: `oc_lat${i}` }));
    const statuses: number[] = [];
    for (const ev of events) statuses.push((await send(bot, ev)).status);
    expect(statuses).toEqual(events.map(() => 200));
    await settled(bot);
    for (const ev of events) expect(repliesTo(mock, messageIdOf(ev))).toHaveLength(1);
  });
});

describe('Lark webhook without encryption (verification token)', () => {
  let mock: MockLark;
  let bot: TestBot;
  beforeAll(async () => {
    mock = await startMockLark();
    bot = await startTestBot(mock, { security: 'token' });
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('answers the plain challenge and a plaintext event with the right token', async () => {
    expect(await push(bot.url, plainPush(challenge('c1')))).toMatchObject({ status: 200, body: { challenge: 'c1' } });
    const ev = p2pText(QUESTION);
    expect((await push(bot.url, plainPush(ev))).status).toBe(200);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
  });

  it('refuses a wrong or missing token', async () => {
    const ev = p2pText(QUESTION, { token: 'wrong-token' });
    expect((await push(bot.url, plainPush(ev))).status).toBe(401);
    expect((await push(bot.url, plainPush(challenge('c2', 'wrong')))).status).toBe(401);
    await settled(bot);
    expect(mock.calls.filter((c) => c.target === messageIdOf(ev))).toHaveLength(0);
    expect(TEST_VERIFICATION_TOKEN).not.toBe('wrong-token');
  });
});

describe('back-pressure and shutdown', () => {
  it('answers 503 when the queue is full, so Lark redelivers', async () => {
    const mock = await startMockLark();
    const bot = await startTestBot(mock, { queue: { capacity: 0 } });
    try {
      const ev = p2pText(QUESTION);
      const r = await send(bot, ev);
      expect(r.status).toBe(503);
      // Not claimed: the redelivery is not taken for a duplicate.
      expect(await bot.bot.inbox.get(`msg:${messageIdOf(ev)}`)).toBeNull();
    } finally {
      await bot.stop();
      await mock.close();
    }
  });

  it('refuses new events with 503 once shutdown begins and finishes queued answers', async () => {
    const mock = await startMockLark();
    const bot = await startTestBot(mock);
    try {
      const ev = p2pText(QUESTION);
      await send(bot, ev);
      bot.bot.beginShutdown();
      expect((await send(bot, p2pText(QUESTION))).status).toBe(503);
      expect(await bot.bot.drain(10_000)).toBe(true);
      expect(repliesTo(mock, messageIdOf(ev))).toHaveLength(1);
    } finally {
      await bot.stop();
      await mock.close();
    }
  });
});
