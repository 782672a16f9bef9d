// The end-to-end checklist through both receivers of the one event pipeline: the signed and encrypted webhook,
// and the SDK's long connection against the mock gateway (pbbp2 frames). The real bot (startBot) on port 0, the
// real SDK against the mock Open API on 127.0.0.1, real SQLite in a temp dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/search/engine.js';
import { cardProblems, cardText, readable } from '../helpers/card-check.js';
import {
  TEST_ENCRYPT_KEY,
  botAdded,
  botDeleted,
  cardAction,
  encryptedPush,
  groupMention,
  groupMentionOther,
  imageMessage,
  messageEvent,
  p2pText,
  postMessage,
  push,
  type Envelope,
} from '../helpers/lark-events.js';
import { shippedKb } from '../helpers/knowledge.js';
import type { MockCall, MockLark } from '../helpers/mock-lark.js';
import { startMockLark } from '../helpers/mock-lark.js';
import { startMockLarkWs, type MockLarkWs } from '../helpers/mock-lark-ws.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const engine = createAnswerEngine(shippedKb());
const QUESTION = '全市调解组织调解案件成功率是多少?';

const repliesTo = (mock: MockLark, messageId: string) => mock.delivered().filter((c) => c.api === 'reply' && c.target === messageId);
const cardOf = (c: MockCall | undefined): unknown => JSON.parse(c?.content ?? 'null');
const readableCard = (c: MockCall | undefined) => readable(cardText(cardOf(c)));
const messageIdOf = (e: Envelope) => (e.event.message as { message_id: string }).message_id;

interface Receiver {
  mode: 'webhook' | 'ws';
  mock: MockLark;
  bot: TestBot;
  /** Delivers one event the way Lark does; resolves once the bot confirmed it, with the callback's answer. */
  deliver(ev: Envelope): Promise<unknown>;
  stop(): Promise<void>;
}

async function webhookReceiver(): Promise<Receiver> {
  const mock = await startMockLark();
  const bot = await startTestBot(mock);
  return {
    mode: 'webhook',
    mock,
    bot,
    async deliver(ev) {
      const r = await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev));
      expect(r.status).toBe(200);
      return r.body;
    },
    async stop() {
      await bot.stop();
      await mock.close();
    },
  };
}

async function wsReceiver(): Promise<Receiver> {
  const mock: MockLarkWs = await startMockLarkWs({ redeliverAfterMs: 3_000 });
  const bot = await startTestBot(mock, { env: { LARK_EVENT_MODE: 'ws' } });
  await mock.waitUntil(() => mock.openClients().length === 1, 'the bot connected');
  return {
    mode: 'ws',
    mock,
    bot,
    async deliver(ev) {
      const since = mock.responses.length;
      mock.push(ev, { fragments: 1 + (mock.deliveries.length % 3) });
      // This delivery's own ack (a redelivery of an event acked before must be acked again).
      return (await mock.waitForAck(ev.header.event_id, 20_000, since)).data ?? {};
    },
    async stop() {
      await bot.stop();
      await mock.close();
    },
  };
}

describe.each([
  ['webhook', webhookReceiver],
  ['ws', wsReceiver],
] as const)('the event checklist over the %s receiver', (mode, start) => {
  let r: Receiver;
  beforeAll(async () => {
    r = await start();
  });
  afterAll(async () => {
    await r?.stop();
  });
  const settled = async () => expect(await r.bot.bot.drain(15_000)).toBe(true);

  it('answers a group @bot question once, with the right quote in a valid card', async () => {
    const ev = groupMention(QUESTION, r.mock.botOpenId);
    await r.deliver(ev);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(ev)).length === 1);
    await settled();
    const [reply] = repliesTo(r.mock, messageIdOf(ev));
    expect(reply?.uuid).toBe(`ans:${messageIdOf(ev)}`);
    expect(cardProblems(cardOf(reply))).toEqual([]);
    const expected = engine.ask(QUESTION);
    const top = expected.kind === 'answer' ? expected.citations[0] : undefined;
    expect(top).toBeDefined();
    expect(readableCard(reply)).toContain(top?.quote);
    expect(readableCard(reply)).toContain('97.2%');
  });

  it('answers a p2p question and a p2p /metric command', async () => {
    const question = p2pText('行政复议案件收了多少件?');
    const command = p2pText('/metric 调解');
    await r.deliver(question);
    await r.deliver(command);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(question)).length === 1 && repliesTo(r.mock, messageIdOf(command)).length === 1);
    const figures = engine.metrics('调解');
    expect(figures.length).toBeGreaterThan(0);
    expect(readableCard(repliesTo(r.mock, messageIdOf(command))[0])).toContain(figures[0]?.text);
    expect(readableCard(repliesTo(r.mock, messageIdOf(question))[0]).length).toBeGreaterThan(0);
  });

  it('answers /help with the command list', async () => {
    const ev = p2pText('/help');
    await r.deliver(ev);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(ev)).length === 1);
    expect(readableCard(repliesTo(r.mock, messageIdOf(ev))[0])).toContain('/metric');
  });

  it('reads rich-text (post) questions and strips the @mention', async () => {
    const ev = postMessage([QUESTION], { botOpenId: r.mock.botOpenId });
    await r.deliver(ev);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(ev)).length === 1);
    expect(readableCard(repliesTo(r.mock, messageIdOf(ev))[0])).toContain('97.2%');
  });

  it('answers an image with a short hint, and a 600-character question with a polite "too long"', async () => {
    const img = imageMessage();
    const long = p2pText('法'.repeat(600));
    await r.deliver(img);
    await r.deliver(long);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(img)).length === 1 && repliesTo(r.mock, messageIdOf(long)).length === 1);
    expect(readableCard(repliesTo(r.mock, messageIdOf(img))[0])).toContain('文字');
    expect(readableCard(repliesTo(r.mock, messageIdOf(long))[0])).toContain('太长');
  });

  it('ends the digest subscription when the bot is removed from a chat', async () => {
    const chat = 'oc_removed0000000000000000000001';
    const sub = messageEvent({ chatType: 'group', chatId: chat, content: { text: '@_user_1 /subscribe' }, mentions: [{ key: '@_user_1', openId: r.mock.botOpenId, name: 'bot' }] });
    await r.deliver(sub);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(sub)).length === 1);
    expect(await r.bot.digest?.subscriptions.isSubscribed(chat)).toBe(true);
    await r.deliver(botDeleted(chat));
    expect(await r.bot.digest?.subscriptions.isSubscribed(chat)).toBe(false);
    // Added back: acknowledged and handed to the digest (a /subscribe chat must subscribe anew).
    await r.deliver(botAdded(chat));
    expect(await r.bot.digest?.subscriptions.isSubscribed(chat)).toBe(false);
  });

  it('ignores a group message for someone else and a message sent by a bot', async () => {
    const other = groupMentionOther(QUESTION);
    const fromBot = messageEvent({ chatType: 'p2p', content: { text: QUESTION }, senderType: 'app' });
    await r.deliver(other);
    await r.deliver(fromBot);
    await settled();
    expect(r.mock.calls.filter((c) => c.target === messageIdOf(other) || c.target === messageIdOf(fromBot))).toHaveLength(0);
  });

  it('answers once when the same event comes again and when the message comes under a new event id', async () => {
    const ev = groupMention('行政复议案件收了多少件?', r.mock.botOpenId);
    await r.deliver(ev);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(ev)).length === 1);
    await r.deliver(ev);
    await r.deliver({ ...ev, header: { ...ev.header, event_id: `${ev.header.event_id}-new` } });
    await settled();
    expect(r.mock.calls.filter((c) => c.api === 'reply' && c.target === messageIdOf(ev))).toHaveLength(1);
    const metrics = await (await fetch(`${r.bot.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/fazhi_events_deduplicated_total\{type="im.message.receive_v1"\} 2/u);
  });

  it('records a 👎 from the card callback and answers with a toast', async () => {
    const ev = p2pText(QUESTION);
    await r.deliver(ev);
    await r.mock.waitFor(() => repliesTo(r.mock, messageIdOf(ev)).length === 1);
    const reply = repliesTo(r.mock, messageIdOf(ev))[0];
    const values = JSON.stringify(cardOf(reply)).match(/"value":\{[^}]*"vote":"down"[^}]*\}/u);
    expect(values).not.toBeNull();
    const value = (JSON.parse(`{${values?.[0] ?? ''}}`) as { value: Record<string, unknown> }).value;
    const answer = await r.deliver(cardAction(value, { openMessageId: reply?.messageId ?? '' }));
    expect(answer).toMatchObject({ toast: { type: 'success' } });
    const [vote] = await r.bot.bot.feedback.list(1);
    expect(vote).toMatchObject({ messageId: messageIdOf(ev), vote: 'down', question: QUESTION });
  });

  it('answers a card callback it does not act on with an empty object, never nothing', async () => {
    expect(await r.deliver(cardAction({ action: 'something-else' }))).toEqual({});
  });

  it('reports the receiver on /healthz', async () => {
    const res = await fetch(`${r.bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', lark: { events: mode } });
  });
});
