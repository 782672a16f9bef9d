// Webhook under load: autocannon sends unique, signed, encrypted `im.message.receive_v1` events at a fixed rate
// to the server (a child process, see webhook-server.ts) while the mock Open API server (in this process)
// records every reply. Ack latency is measured by autocannon per request; event-to-reply latency at the mock,
// from the moment an event was handed to the socket to the moment its reply arrived.
import autocannon from 'autocannon';
import { encryptedPush, p2pText } from '../test/helpers/lark-events.js';
import type { MockLark } from '../test/helpers/mock-lark.js';
import { latencySummary, replyStats, round } from './stats.js';

export interface WebhookLoadOptions {
  url: string;
  /** Several replicas behind an even balancer: client k sends to urls[k % n] (default: [url]). */
  urls?: string[];
  mock: MockLark;
  encryptKey: string;
  /** The app's verification token: Lark puts it in every event header. */
  verificationToken: string;
  questions: string[];
  rate: number;
  seconds: number;
  /** Single-connection autocannon clients the rate is spread over (default 50). */
  connections?: number;
  /** How long to wait for the last replies after the load stops. */
  drainMs?: number;
  /** Distinct p2p chats the events come from (per-chat throttling applies to each). */
  chats?: number;
}

export interface WebhookLoadResult {
  rate: number;
  seconds: number;
  sent: number;
  acked: number;
  errors: number;
  status: Record<string, number>;
  replies: number;
  /** Events acked (200) whose reply never reached the mock. */
  lost: number;
  duplicates: number;
  ack_p50_ms: number;
  ack_p99_ms: number;
  ack_max_ms: number;
  e2e_p50_ms: number;
  e2e_p99_ms: number;
  e2e_max_ms: number;
  drain_ms: number;
  loadgen_cpu_pct: number;
}

let runSeq = 0;

export async function runWebhookLoad(o: WebhookLoadOptions): Promise<WebhookLoadResult> {
  const run = `${process.pid.toString(36)}${(++runSeq).toString(36)}${Date.now().toString(36)}`;
  const chats = o.chats ?? 400;
  const sentAt = new Map<string, number>();
  const ackedIds = new Set<string>();
  const firstCall = o.mock.calls.length;
  let n = 0;
  const ackMs: number[] = [];
  const status: Record<string, number> = {};

  // autocannon's rate limit is per second and per connection: each connection sends its quota back to back,
  // then waits for the next second. One instance at 200/s therefore delivers 200 events in a burst at the top of
  // every second, which measures queueing behind the burst rather than a steady 200/s. So the load is split over
  // `clients` single-connection instances started 1000/clients ms apart: bursts of rate/clients events,
  // evenly spread over the second.
  const clients = Math.max(1, Math.min(o.connections ?? 50, Math.floor(o.rate)));
  const total = Math.round(o.rate * o.seconds);
  const setupRequest = (req: autocannon.Request, ctx: object) => {
    const context = ctx as Record<string, unknown>;
    const i = n++;
    const messageId = `om_bench_${run}_${i}`;
    const question = o.questions[i % o.questions.length]!;
    const ev = p2pText(question, { messageId, chatId: `oc_bench_${i % chats}`, senderOpenId: `ou_bench_${i % chats}`, token: o.verificationToken });
    const p = encryptedPush(o.encryptKey, ev);
    sentAt.set(messageId, Date.now());
    // One request at a time per connection (no pipelining): the context carries the event in flight.
    context.messageId = messageId;
    return { ...req, body: p.body, headers: p.headers };
  };
  const onResponse = (statusCode: number, _body: string, ctx: object) => {
    const id = (ctx as Record<string, unknown>).messageId;
    if (statusCode === 200 && typeof id === 'string') ackedIds.add(id);
  };
  const startOne = (k: number) => {
    const amount = Math.floor(total / clients) + (k < total % clients ? 1 : 0);
    const rate = Math.max(1, Math.round((o.rate * amount) / Math.max(1, total)));
    // Called without a callback, autocannon returns its tracker (an EventEmitter) that is also thenable.
    const urls = o.urls?.length ? o.urls : [o.url];
    const instance = autocannon({
      url: urls[k % urls.length]!,
      connections: 1,
      overallRate: rate,
      // A fixed number of events, each answered or timed out: every event sent is accounted for (a duration
      // would cut requests off in flight). Bounded: a stuck request times out after 10 s.
      amount,
      timeout: 10,
      requests: [{ method: 'POST', path: '/webhook/event', setupRequest, onResponse }],
    }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      ackMs.push(responseTime);
      status[String(statusCode)] = (status[String(statusCode)] ?? 0) + 1;
    });
    return instance;
  };
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: clients }, (_, k) => new Promise<autocannon.Result>((resolve, reject) => {
      setTimeout(() => startOne(k).then(resolve, reject), (k * 1000) / clients);
    })),
  );
  const result = results.reduce((a, r) => ({ '2xx': a['2xx'] + r['2xx'], non2xx: a.non2xx + r.non2xx, errors: a.errors + r.errors, timeouts: a.timeouts + r.timeouts }), { '2xx': 0, non2xx: 0, errors: 0, timeouts: 0 });
  const cpu = process.cpuUsage(cpu0);
  const loadCpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)) * 100;

  // Wait (bounded) for the replies of the acked events to arrive at the mock.
  const acked = result['2xx'];
  const sent = result['2xx'] + result.non2xx + result.errors + result.timeouts;
  const drainStart = Date.now();
  const drainMs = o.drainMs ?? 30_000;
  const deliveredFor = () => {
    const seen = new Map<string, number[]>();
    for (let i = firstCall; i < o.mock.calls.length; i++) {
      const c = o.mock.calls[i]!;
      if (!c.delivered || !c.target || !sentAt.has(c.target)) continue;
      const list = seen.get(c.target) ?? [];
      list.push(c.at);
      seen.set(c.target, list);
    }
    return seen;
  };
  let delivered = deliveredFor();
  const repliedToAcked = () => [...ackedIds].filter((id) => delivered.has(id)).length;
  while (repliedToAcked() < ackedIds.size && Date.now() - drainStart < drainMs) {
    await new Promise((r) => setTimeout(r, 100));
    delivered = deliveredFor();
  }
  // A short grace period so a late duplicate would still be seen.
  await new Promise((r) => setTimeout(r, 300));
  delivered = deliveredFor();

  const { e2e, duplicates, replies } = replyStats(delivered, sentAt);
  return {
    rate: o.rate,
    seconds: o.seconds,
    sent,
    acked,
    errors: result.errors + result.timeouts + result.non2xx,
    status,
    replies,
    // An acked event must be answered (Lark will not redeliver it); a refused one (503) Lark redelivers later,
    // so it counts as an error, not as lost.
    lost: ackedIds.size - repliedToAcked(),
    duplicates,
    ...latencySummary(ackMs, e2e),
    drain_ms: Date.now() - drainStart,
    // Share of one core used by this process (autocannon + the mock Open API server) during the load.
    loadgen_cpu_pct: round(loadCpuPct, 1),
  };
}
