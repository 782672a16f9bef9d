// The long connection under load: the mock gateway (in this process) pushes unique `im.message.receive_v1`
// events at a steady rate to the bot (a child process in ws mode, see webhook-server.ts) over its pbbp2
// WebSocket, some split into fragments, while the mock Open API records every reply. Ack latency: event frame
// handed to the socket → the bot's `{"code":200}` response frame back; event-to-reply: frame sent → reply at
// the mock. The same result fields as the webhook load, so the two receivers read side by side.
import { p2pText } from '../test/helpers/lark-events.js';
import type { MockLarkWs } from '../test/helpers/mock-lark-ws.js';
import { latencySummary, replyStats, round } from './stats.js';
import type { WebhookLoadResult } from './webhook-load.js';

export interface WsLoadOptions {
  mock: MockLarkWs;
  questions: string[];
  rate: number;
  seconds: number;
  /** How long to wait for the last acks and replies after the load stops. */
  drainMs?: number;
  /** Distinct p2p chats the events come from (per-chat throttling applies to each). */
  chats?: number;
  /** Every n-th event is split into 3 fragments (0: none). */
  fragmentEvery?: number;
}

export type WsLoadResult = Omit<WebhookLoadResult, 'status'> & { redeliveries: number; fragmented: number };

let runSeq = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWsLoad(o: WsLoadOptions): Promise<WsLoadResult> {
  const run = `${process.pid.toString(36)}${(++runSeq).toString(36)}${Date.now().toString(36)}`;
  const chats = o.chats ?? 400;
  const total = Math.round(o.rate * o.seconds);
  const fragmentEvery = o.fragmentEvery ?? 10;
  const firstCall = o.mock.calls.length;
  const firstDelivery = o.mock.deliveries.length;
  const firstResponse = o.mock.responses.length;
  const sentAt = new Map<string, number>(); // message id → Date.now() at push
  const eventToMessage = new Map<string, string>();

  // A steady rate: event i leaves at start + i / rate (bounded: `total` events, then stop).
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = wall0 + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const messageId = `om_wsbench_${run}_${i}`;
    const ev = p2pText(o.questions[i % o.questions.length]!, { messageId, chatId: `oc_wsbench_${i % chats}`, senderOpenId: `ou_wsbench_${i % chats}` });
    sentAt.set(messageId, Date.now());
    eventToMessage.set(ev.header.event_id, messageId);
    o.mock.push(ev, fragmentEvery > 0 && i % fragmentEvery === 0 ? { fragments: 3 } : {});
  }
  const cpu = process.cpuUsage(cpu0);
  const loadCpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)) * 100;

  const drainStart = Date.now();
  const drainMs = o.drainMs ?? 30_000;
  const mine = <T extends { eventId: string }>(xs: T[], from: number) => xs.slice(from).filter((x) => eventToMessage.has(x.eventId));
  const ackedEvents = () => new Set(mine(o.mock.responses, firstResponse).filter((r) => r.code === 200).map((r) => r.eventId));
  const deliveredFor = () => {
    const seen = new Map<string, number[]>();
    for (let i = firstCall; i < o.mock.calls.length; i++) {
      const c = o.mock.calls[i]!;
      if (!c.delivered || !c.target || !sentAt.has(c.target)) continue;
      seen.set(c.target, [...(seen.get(c.target) ?? []), c.at]);
    }
    return seen;
  };
  let acked = ackedEvents();
  let delivered = deliveredFor();
  while ((acked.size < total || [...acked].some((e) => !delivered.has(eventToMessage.get(e)!))) && Date.now() - drainStart < drainMs) {
    await sleep(100);
    acked = ackedEvents();
    delivered = deliveredFor();
  }
  // A short grace period so a late duplicate would still be seen.
  await sleep(300);
  acked = ackedEvents();
  delivered = deliveredFor();

  // Ack latency: the first delivery of an event → its first code-200 response.
  const firstSent = new Map<string, number>();
  for (const d of mine(o.mock.deliveries, firstDelivery)) if (!firstSent.has(d.eventId)) firstSent.set(d.eventId, d.hr);
  const ackMs: number[] = [];
  const seenAck = new Set<string>();
  for (const r of mine(o.mock.responses, firstResponse)) {
    if (r.code !== 200 || seenAck.has(r.eventId)) continue;
    seenAck.add(r.eventId);
    ackMs.push(r.hr - firstSent.get(r.eventId)!);
  }
  const { e2e, duplicates, replies } = replyStats(delivered, sentAt);
  const deliveries = mine(o.mock.deliveries, firstDelivery);
  return {
    rate: o.rate,
    seconds: o.seconds,
    sent: total,
    acked: acked.size,
    errors: total - acked.size,
    replies,
    lost: [...acked].filter((e) => !delivered.has(eventToMessage.get(e)!)).length,
    duplicates,
    redeliveries: deliveries.filter((d) => d.attempt > 1).length,
    fragmented: deliveries.filter((d) => d.fragments > 1).length,
    ...latencySummary(ackMs, e2e),
    drain_ms: Date.now() - drainStart,
    // Share of one core used by this process (the mock gateway and Open API) while pushing.
    loadgen_cpu_pct: round(loadCpuPct, 1),
  };
}
