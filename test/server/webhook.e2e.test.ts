// End to end through real HTTP: the bot on port 0 (src/main.ts startBot), the real Lark SDK pointed at the mock
// Open API server, events signed and encrypted as Lark does, real SQLite in a temp dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/search/engine.js';
import { cardProblems, cardText, readable } from '../helpers/card-check.js';
import {
  TEST_ENCRYPT_KEY,
  TEST_VERIFICATION_TOKEN,
  botAdded,
  botDeleted,
  cardAction,
  challenge,
  encryptedPush,
  groupMention,
  groupMentionOther,
  imageMessage,
  larkEncrypt,
  messageEvent,
  p2pText,
  plainPush,
  postMessage,
  push,
} from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockCall, type MockLark } from '../helpers/mock-lark.js';
import { shippedKb } from '../helpers/knowledge.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const engine = createAnswerEngine(shippedKb());
const QUESTION = '全市调解组织调解案件成功率是多少?';

const send = (bot: TestBot, payload: unknown, o: { timestampSec?: number } = {}) => push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, payload, o));
const repliesTo = (mock: MockLark, messageId: string) => mock.delivered().filter((c) => c.api === 'reply' && c.target === messageId);
const cardOf = (c: MockCall | undefined): unknown => JSON.parse(c?.content ?? 'null');
const readableCard = (c: MockCall | undefined) => readable(cardText(cardOf(c)));
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

  it('answers a group @bot question once, with the right quote in a valid card', async () => {
    const ev = groupMention(QUESTION, mock.botOpenId);
    const r = await send(bot, ev);
    expect(r.status).toBe(200);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
    await settled(bot);
    const [reply] = repliesTo(mock, messageIdOf(ev));
    expect(reply?.msgType).toBe('interactive');
    expect(reply?.uuid).toBe(`ans:${messageIdOf(ev)}`);
    expect(cardProblems(cardOf(reply))).toEqual([]);
    const expected = engine.ask(QUESTION);
    expect(expected.kind).toBe('answer');
    const top = expected.kind === 'answer' ? expected.citations[0] : undefined;
    const text = readableCard(reply);
    expect(text).toContain(top?.quote);
    expect(text).toContain(top?.section);
    expect(text).toContain('97.2%');
  });

  it('answers once when the same event is delivered again and when the message comes under a new event id', async () => {
    const ev = groupMention('行政复议案件收了多少件?', mock.botOpenId);
    await send(bot, ev);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
    const again = await send(bot, ev);
    const renamed = await send(bot, { ...ev, header: { ...ev.header, event_id: `${ev.header.event_id}-new` } });
    expect([again.status, renamed.status]).toEqual([200, 200]);
    await settled(bot);
    expect(mock.calls.filter((c) => c.api === 'reply' && c.target === messageIdOf(ev))).toHaveLength(1);
  });

  it('ignores a group message that @mentions someone else', async () => {
    const ev = groupMentionOther(QUESTION);
    expect((await send(bot, ev)).status).toBe(200);
    await settled(bot);
    expect(mock.calls.filter((c) => c.target === messageIdOf(ev))).toHaveLength(0);
  });

  it('ignores a message sent by a bot or app', async () => {
    const ev = messageEvent({ chatType: 'p2p', content: { text: QUESTION }, senderType: 'app' });
    expect((await send(bot, ev)).status).toBe(200);
    await settled(bot);
    expect(mock.calls.filter((c) => c.target === messageIdOf(ev))).toHaveLength(0);
  });

  it('answers p2p /metric 调解 with the figure', async () => {
    const ev = p2pText('/metric 调解');
    await send(bot, ev);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
    const [reply] = repliesTo(mock, messageIdOf(ev));
    expect(cardProblems(cardOf(reply))).toEqual([]);
    const figures = engine.metrics('调解');
    expect(figures.length).toBeGreaterThan(0);
    const text = readableCard(reply);
    expect(text).toContain(figures[0]?.text);
    expect(text).toContain(figures[0]?.label);
  });

  it('reads rich-text (post) questions and strips the @mention', async () => {
    const ev = postMessage([QUESTION], { botOpenId: mock.botOpenId });
    await send(bot, ev);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
    expect(readableCard(repliesTo(mock, messageIdOf(ev))[0])).toContain('97.2%');
  });

  it('answers an image with a short hint, and a 600-character question with a polite "too long"', async () => {
    const img = imageMessage();
    const long = p2pText('法'.repeat(600));
    await send(bot, img);
    await send(bot, long);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(img)).length === 1 && repliesTo(mock, messageIdOf(long)).length === 1);
    expect(readableCard(repliesTo(mock, messageIdOf(img))[0])).toContain('文字');
    expect(readableCard(repliesTo(mock, messageIdOf(long))[0])).toContain('太长');
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
    expect(stale.body).toMatchObject({ error: 'stale_timestamp' });
    await settled(bot);
    for (const ev of [ev1, ev2, ev3]) expect(mock.calls.filter((c) => c.target === messageIdOf(ev))).toHaveLength(0);
  });

  it('refuses malformed JSON (400) and a body over 1 MB (413), and stays healthy', async () => {
    const bad = await fetch(`${bot.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"encrypt": ' });
    expect(bad.status).toBe(400);
    const huge = await fetch(`${bot.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypt: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
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
    expect(bot.bot.failedReplies.list().some((f) => f.messageId === messageIdOf(ev))).toBe(false);
  });

  it('records a failed reply for inspection', async () => {
    mock.failNext('reply', Fail.businessError(230027));
    const ev = p2pText(QUESTION);
    await send(bot, ev);
    await settled(bot);
    expect(bot.bot.failedReplies.list().find((f) => f.messageId === messageIdOf(ev))).toMatchObject({ errorCode: 230027, question: QUESTION });
  });

  it('records 👍/👎 from the card and answers with a toast', async () => {
    const ev = p2pText(QUESTION);
    await send(bot, ev);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(ev)).length === 1);
    const card = cardOf(repliesTo(mock, messageIdOf(ev))[0]);
    const values = JSON.stringify(card).match(/"value":\{[^}]*"vote":"down"[^}]*\}/u);
    expect(values).not.toBeNull();
    const value = (JSON.parse(`{${values?.[0] ?? ''}}`) as { value: Record<string, unknown> }).value;
    const r = await send(bot, cardAction(value, { openMessageId: repliesTo(mock, messageIdOf(ev))[0]?.messageId ?? '' }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ toast: { type: 'success' } });
    const [vote] = bot.bot.feedback.list(1);
    expect(vote).toMatchObject({ messageId: messageIdOf(ev), vote: 'down', question: QUESTION });
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/fazhi_feedback_votes_total\{vote="down"\} 1/u);
  });

  it('ends the digest subscription when the bot is removed from a chat', async () => {
    const chat = 'oc_removed0000000000000000000001';
    const sub = messageEvent({ chatType: 'group', chatId: chat, content: { text: '@_user_1 /subscribe' }, mentions: [{ key: '@_user_1', openId: mock.botOpenId, name: 'bot' }] });
    await send(bot, sub);
    await mock.waitFor(() => repliesTo(mock, messageIdOf(sub)).length === 1);
    expect(bot.digest?.subscriptions.isSubscribed(chat)).toBe(true);
    expect((await send(bot, botDeleted(chat))).status).toBe(200);
    expect(bot.digest?.subscriptions.isSubscribed(chat)).toBe(false);
    // Added back: acknowledged and handed to the digest (a /subscribe chat must subscribe anew).
    expect((await send(bot, botAdded(chat))).status).toBe(200);
    expect(bot.digest?.subscriptions.isSubscribed(chat)).toBe(false);
  });

  it('moves the counters on /metrics', async () => {
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    expect(text).toMatch(/fazhi_events_received_total\{type="im.message.receive_v1"\} \d+/u);
    expect(text).toMatch(/fazhi_events_deduplicated_total\{type="im.message.receive_v1"\} 2/u);
    expect(text).toMatch(/fazhi_events_refused_total\{reason="bad_signature"\} \d/u);
    expect(text).toMatch(/fazhi_answers_total\{result="answered"\} \d/u);
    expect(text).toMatch(/fazhi_lark_api_retries_total\{api="reply"\} \d/u);
  });

  it('acks within milliseconds (measured, not asserted)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) times.push((await send(bot, p2pText(`${QUESTION} ${i}`, { chatId: `oc_lat${i}` }))).ms);
    times.sort((a, b) => a - b);
    console.log(`ack latency over 50 signed+encrypted events: p50 ${times[25]?.toFixed(1)} ms, p99 ${times[49]?.toFixed(1)} ms`);
    await settled(bot);
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
      expect(bot.bot.inbox.get(`msg:${messageIdOf(ev)}`)).toBeNull();
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
