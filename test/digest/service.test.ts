import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestPlanner } from '../../src/digest/planner.js';
import { createDigestScheduler } from '../../src/digest/scheduler.js';
import { digestSendVia } from '../../src/digest/send.js';
import { createDigestService } from '../../src/digest/service.js';
import { verifiedPlanner } from '../../src/digest/verify-questions.js';
import { createLarkClient } from '../../src/lark/client.js';
import { createOutbound, type LarkOutbound } from '../../src/lark/outbound.js';
import { Throttle } from '../../src/lark/throttle.js';
import { createLogger } from '../../src/obs/logger.js';
import { createMetrics, type Metrics } from '../../src/obs/metrics.js';
import type { Reply } from '../../src/reply/model.js';
import { memoryState } from '../../src/state/sqlite.js';
import { TEST_APP_ID } from '../helpers/lark-events.js';
import { startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { FakeClock, nineAm } from '../helpers/digest-stack.js';
import { until } from '../helpers/poll.js';
import { shippedKb } from '../helpers/knowledge.js';

const kb = shippedKb();
const logger = createLogger({ level: 'silent' });

/** The digest's parts wired as src/main.ts wires them, on a fresh in-memory state. */
function service(o: { cron: string; chatIds: string[]; outbound?: LarkOutbound; metrics?: Metrics; now?: () => number }) {
  const clock = o.now ? { now: o.now } : {};
  const stores = memoryState().stores({ subscriptions: { configChatIds: o.chatIds, ...clock }, digestLog: clock, questionLog: { pruneIntervalMs: 0 } });
  const schedule = { cron: o.cron, timeZone: 'Asia/Shanghai' };
  const scheduler = createDigestScheduler({
    planner: createDigestPlanner(kb),
    subscriptions: stores.subscriptions,
    log: stores.digestLog,
    send: digestSendVia(o.outbound ?? null),
    ...schedule,
    now: o.now,
    logger,
    metrics: o.metrics,
  });
  return createDigestService({ scheduler, subscriptions: stores.subscriptions, posting: o.outbound !== undefined, schedule, logger });
}

describe('digest service', () => {
  let mock: MockLark;
  beforeEach(async () => {
    mock = await startMockLark();
  });
  afterEach(async () => {
    await mock.close();
  });

  it('in local mode answers /digest but schedules nothing', async () => {
    const svc = service({ cron: '* * * * * *', chatIds: ['oc_cfg'] });
    svc.start();
    expect(svc.scheduler.nextRun()).toBeNull();
    expect((await svc.scheduler.digestFor('2026-11-27')).citations.length).toBeGreaterThan(0);
    expect(await svc.subscriptions.recipients()).toEqual(['oc_cfg']);
    await expect(svc.scheduler.runOnce('2026-11-27')).resolves.toMatchObject({ sent: [] });
    await svc.stop();
  });

  it('with Lark, posts to DIGEST_CHAT_IDS and /subscribe chats; the bot-removed hook ends a subscription; metrics count posts', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const client = createLarkClient({ appId: TEST_APP_ID, appSecret: 's', domain: mock.url, logger });
    const outbound = createOutbound({ client, metrics, logger, throttle: new Throttle({ perKeyPerSec: 100, globalPerSec: 100, maxWaiting: 10 }) });
    const clock = new FakeClock(nineAm('2026-11-27') + 60_000);
    const svc = service({ cron: '0 9 * * 1-5', chatIds: ['oc_cfg'], outbound, metrics, now: clock.now });
    await svc.subscriptions.subscribe('oc_sub');
    await svc.subscriptions.subscribe('oc_gone');
    await svc.onBotRemoved('oc_gone');
    expect(svc.today()).toBe('2026-11-27');
    svc.start(); // 09:01: today's 09:00 has passed, so it catches up now
    await until(() => mock.delivered().length === 2, 5_000, 'two posts');
    expect(mock.delivered().map((c) => c.target).sort()).toEqual(['oc_cfg', 'oc_sub']);
    await svc.stop();
    expect(await metrics.registry.getSingleMetricAsString('fazhi_digest_posts_total')).toContain('fazhi_digest_posts_total{result="sent"} 2');
  });
});

describe('verified planner', () => {
  it('prefers suggested questions that the answer engine answers from the section', () => {
    const plain = createDigestPlanner(kb).digestFor('2026-11-27');
    // A stand-in engine that answers only title questions ("…如何…?") from the digest's section.
    const engine = {
      ask: (q: string) =>
        (q.includes('如何')
          ? { kind: 'answer', question: q, citations: [{ sectionId: plain.section.sectionId }], figures: [], confidence: 1 }
          : { kind: 'no_answer', question: q, suggestions: [] }) as unknown as Extract<Reply, { kind: 'answer' | 'no_answer' }>,
    };
    const d = verifiedPlanner(kb, engine, 'workdays').digestFor('2026-11-27');
    expect(d.section.sectionId).toBe(plain.section.sectionId);
    expect(d.questions[0]).toContain('如何');
  });
});
