// The event pipeline without any transport: decoded events in, outcomes out, replies through an outbound that
// records what it is asked to send. Real SQLite stores (in memory, or a file shared by two pipelines).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../src/lark/decode.js';
import type { LarkOutbound, OutboundMessage } from '../../src/lark/outbound.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { createEventPipeline, type EventPipeline, type EventStores, type PipelineEvent } from '../../src/pipeline/event-pipeline.js';
import type { Router } from '../../src/ports.js';
import { openDatabase, openMemoryDatabase, type Database } from '../../src/state/db.js';
import { createFailedReplies } from '../../src/state/failed-replies.js';
import { createFeedbackStore } from '../../src/state/feedback.js';
import { createInbox } from '../../src/state/inbox.js';
import { until } from '../helpers/poll.js';

const BOT = 'ou_bot_pipeline';
const storesOf = (db: Database): EventStores => ({ inbox: createInbox(db), feedback: createFeedbackStore(db), failedReplies: createFailedReplies(db) });
const echo: Router = { route: async ({ text }) => ({ kind: 'notice', level: 'info', text: `收到:${text}` }) };

interface Sent {
  messageId: string;
  uuid: string;
  msg: OutboundMessage;
}

/** An outbound that records replies; `hold` keeps every reply pending (a process about to be killed). */
function recordingOutbound(o: { hold?: boolean } = {}): LarkOutbound & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    reply: (messageId, msg, uuid) => {
      if (o.hold) return new Promise(() => undefined);
      sent.push({ messageId, uuid, msg });
      return Promise.resolve({ messageId: `om_reply_${sent.length}`, format: 'interactive' });
    },
    send: () => Promise.reject(new Error('not used')),
    botInfo: () => Promise.resolve({ openId: BOT, name: 'bot' }),
  };
}

let seq = 0;
function message(text: string, o: Partial<MessageEvent> & { eventId?: string } = {}): Extract<PipelineEvent, { kind: 'message' }> {
  const n = ++seq;
  return {
    kind: 'message',
    eventId: o.eventId ?? `ev_p_${n}`,
    token: null,
    event: {
      senderType: 'user',
      senderOpenId: 'ou_user',
      messageId: `om_p_${n}`,
      chatId: 'oc_p2p',
      chatType: 'p2p',
      messageType: 'text',
      content: JSON.stringify({ text }),
      mentions: [],
      createTime: Date.now(),
      ...o,
    },
  };
}

function pipeline(db: Database, outbound: LarkOutbound, o: { capacity?: number; botOpenId?: string | null } = {}): EventPipeline {
  return createEventPipeline({
    stores: storesOf(db),
    router: echo,
    outbound,
    botOpenId: () => (o.botOpenId === undefined ? BOT : o.botOpenId),
    metrics: createMetrics({ defaultMetrics: false }),
    logger: silentLogger(),
    queue: { capacity: o.capacity ?? 100, concurrency: 2 },
  });
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('the event pipeline', () => {
  it('stores a message before it resolves, then replies once with the message uuid', async () => {
    const db = openMemoryDatabase();
    const out = recordingOutbound();
    const p = pipeline(db, out);
    const ev = message('调解成功率');
    expect(await p.handle(ev)).toEqual({ ack: true, type: 'im.message.receive_v1' });
    expect(await createInbox(db).get(`msg:${ev.event.messageId}`)).not.toBeNull();
    expect(await p.drain(5_000)).toBe(true);
    expect(out.sent).toHaveLength(1);
    expect(out.sent[0]).toMatchObject({ messageId: ev.event.messageId, uuid: `ans:${ev.event.messageId}`, msg: { text: expect.stringContaining('调解成功率') } });
    expect((await createInbox(db).get(`msg:${ev.event.messageId}`))?.status).toBe('done');
  });

  it('acks a redelivery (same event, or same message under a new event id) without answering it again', async () => {
    const out = recordingOutbound();
    const p = pipeline(openMemoryDatabase(), out);
    const ev = message('行政复议');
    await p.handle(ev);
    expect(await p.handle(ev)).toMatchObject({ ack: true });
    expect(await p.handle({ ...ev, eventId: `${ev.eventId}-again` })).toMatchObject({ ack: true });
    await p.drain(5_000);
    expect(out.sent).toHaveLength(1);
  });

  it('refuses without claiming when the queue is full, the bot identity is unknown, or it is stopping', async () => {
    const db = openMemoryDatabase();
    const full = pipeline(db, recordingOutbound(), { capacity: 0 });
    const ev = message('满了');
    expect(await full.handle(ev)).toMatchObject({ ack: false, reason: 'queue_full' });
    expect(await createInbox(db).get(`msg:${ev.event.messageId}`)).toBeNull();

    const unknown = pipeline(db, recordingOutbound(), { botOpenId: null });
    const group = message('@_user_1 你好', { chatType: 'group', mentions: [{ key: '@_user_1', openId: BOT, name: 'bot' }] });
    expect(await unknown.handle(group)).toMatchObject({ ack: false, reason: 'bot_identity_unknown' });

    const stopping = pipeline(db, recordingOutbound());
    stopping.beginShutdown();
    expect(await stopping.handle(ev)).toMatchObject({ ack: false, reason: 'shutting_down' });
    // Still unclaimed: Lark's redelivery will be taken as new.
    expect(await createInbox(db).get(`msg:${ev.event.messageId}`)).toBeNull();
  });

  it('answers after a crash from the durable inbox, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-pipeline-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = openDatabase(dir);
    const crashed = pipeline(first, recordingOutbound({ hold: true }));
    const ev = message('重启之后');
    expect(await crashed.handle(ev)).toMatchObject({ ack: true });
    await until(() => crashed.queue.running === 1, 5_000, 'the reply in flight');
    first.close(); // the process is gone; its reply never left

    const second = openDatabase(dir);
    cleanups.push(() => second.close());
    const out = recordingOutbound();
    const restarted = pipeline(second, out);
    expect(await restarted.resume({ all: true })).toBe(1); // a restart of the only process: its own leases are stale
    expect(await restarted.drain(5_000)).toBe(true);
    expect(await restarted.handle(ev)).toMatchObject({ ack: true }); // Lark's late redelivery
    await restarted.drain(5_000);
    expect(out.sent.map((s) => s.messageId)).toEqual([ev.event.messageId]);
  });

  it('records a card vote once and answers every delivery of it with the toast', async () => {
    const db = openMemoryDatabase();
    const p = pipeline(db, recordingOutbound());
    const vote: PipelineEvent = {
      kind: 'card_action',
      eventId: 'ev_card_1',
      token: null,
      action: { operatorOpenId: 'ou_user', value: { action: 'feedback', vote: 'up', mid: 'om_q', q: '问题' }, openMessageId: 'om_card', chatId: 'oc_p2p' },
    };
    const first = await p.handle(vote);
    const again = await p.handle(vote);
    expect(first).toEqual({ ack: true, type: 'card.action.trigger', body: { toast: { type: 'success', content: '感谢反馈!' } } });
    expect(again).toEqual(first);
    expect(await createFeedbackStore(db).list(10)).toHaveLength(1);
    expect(await p.handle({ ...vote, eventId: 'ev_card_2', action: { ...vote.action, value: { action: 'other' } } })).toEqual({ ack: true, type: 'card.action.trigger', body: {} });
  });
});
