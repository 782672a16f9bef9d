import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../src/lark/client.js';
import { classifyLarkError, LarkApiError } from '../../src/lark/errors.js';
import { createOutbound, replyUuid } from '../../src/lark/outbound.js';
import { Throttle } from '../../src/lark/throttle.js';
import { createLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { TEST_APP_ID } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockLark } from '../helpers/mock-lark.js';

const SECRET = 'app-secret-never-in-logs-42';

function setup(mock: MockLark) {
  const lines: string[] = [];
  const dest = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
  const logger = createLogger({ level: 'trace', destination: dest });
  const metrics = createMetrics({ defaultMetrics: false });
  const waits: number[] = [];
  const client = createLarkClient({ appId: TEST_APP_ID, appSecret: SECRET, domain: mock.url, logger });
  const out = createOutbound({
    client,
    metrics,
    logger,
    sleep: async (ms) => void waits.push(ms),
    throttle: new Throttle({ perKeyPerSec: 1000, globalPerSec: 1000, maxWaiting: 100 }),
  });
  return { out, metrics, waits, logs: () => lines.join('') };
}

const msg = { card: { schema: '2.0', body: { elements: [] } }, text: 'fallback text' };

describe('outbound (real SDK against the mock Open API)', () => {
  let mock: MockLark;
  beforeEach(async () => {
    mock = await startMockLark();
  });
  afterEach(async () => {
    await mock.close();
  });

  it('replies with the card and the uuid, fetching the token once', async () => {
    const { out } = setup(mock);
    const a = await out.reply('om_q1', msg, replyUuid('om_q1'));
    await out.reply('om_q2', msg, replyUuid('om_q2'));
    expect(a.format).toBe('interactive');
    expect(mock.callsTo('token')).toHaveLength(1);
    const delivered = mock.delivered();
    expect(delivered.map((c) => [c.target, c.uuid, c.msgType])).toEqual([
      ['om_q1', 'ans:om_q1', 'interactive'],
      ['om_q2', 'ans:om_q2', 'interactive'],
    ]);
    expect(delivered[0]?.authorization).toBe('Bearer t-mock-1');
  });

  it('sends to a chat by chat_id', async () => {
    const { out } = setup(mock);
    await out.send('oc_chat1', msg, 'digest:oc_chat1:2026-11-27');
    expect(mock.delivered().map((c) => [c.api, c.target, c.uuid])).toEqual([['create', 'oc_chat1', 'digest:oc_chat1:2026-11-27']]);
  });

  it('retries a 429 after the x-ogw-ratelimit-reset delay and delivers once', async () => {
    const { out, waits, metrics } = setup(mock);
    mock.failNext('reply', Fail.rateLimited(2));
    await out.reply('om_q1', msg, replyUuid('om_q1'));
    expect(mock.delivered()).toHaveLength(1);
    expect(mock.callsTo('reply').map((c) => c.status)).toEqual([429, 200]);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect((await metrics.larkRetries.get()).values[0]?.value).toBe(1);
  });

  it('retries 230020 and 5xx with backoff', async () => {
    const { out, waits } = setup(mock);
    mock.failNext('create', Fail.chatRateLimited(), Fail.serverError(502), Fail.serverError(500));
    await out.send('oc_chat1', msg, 'u-1');
    expect(mock.callsTo('create').map((c) => c.code)).toEqual([230020, 0, 0, 0]);
    expect(mock.delivered()).toHaveLength(1);
    expect(waits).toHaveLength(3);
    expect(waits.every((w) => w > 0)).toBe(true);
  });

  it('gives up after the bounded number of attempts with a typed error', async () => {
    const { out } = setup(mock);
    mock.failNext('reply', ...Array.from({ length: 10 }, () => Fail.serverError()));
    const err = await out.reply('om_q1', msg, 'u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LarkApiError);
    expect((err as LarkApiError).status).toBe(500);
    expect(mock.callsTo('reply')).toHaveLength(5);
  });

  it('drops a rejected token, fetches a new one and retries once (99991663)', async () => {
    const { out } = setup(mock);
    await out.reply('om_q1', msg, 'u-1');
    mock.invalidateTokens();
    await out.reply('om_q2', msg, 'u-2');
    expect(mock.callsTo('token')).toHaveLength(2);
    expect(mock.delivered().map((c) => c.authorization)).toEqual(['Bearer t-mock-1', 'Bearer t-mock-2']);
  });

  it('treats HTTP 200 with a non-zero code as an error, and 230002 as chat gone', async () => {
    const { out } = setup(mock);
    mock.failNext('create', Fail.businessError(230027));
    const e1 = (await out.send('oc_1', msg, 'u-1').catch((e: unknown) => e)) as LarkApiError;
    expect(e1).toBeInstanceOf(LarkApiError);
    expect(e1.code).toBe(230027);
    expect(e1.status).toBe(200);
    mock.failNext('create', Fail.botRemoved());
    const e2 = (await out.send('oc_2', msg, 'u-2').catch((e: unknown) => e)) as LarkApiError;
    expect(e2.code).toBe(230002);
    expect(e2.chatGone).toBe(true);
    expect(mock.delivered()).toHaveLength(0);
  });

  it('classifies a muted chat (230035) and a user outside the range (230013) as refused for now, not gone', async () => {
    const { out } = setup(mock);
    for (const code of [230035, 230013]) {
      mock.failNext('create', Fail.businessError(code));
      const e = await out.send('oc_muted', msg, `u-${code}`).catch((x: unknown) => x);
      expect(classifyLarkError(e)).toEqual({ kind: 'chat_refused', code });
      expect((e as LarkApiError).chatGone).toBe(false);
      expect((e as LarkApiError).retryable).toBe(false);
    }
    mock.failNext('create', Fail.serverError(502));
    mock.failNext('create', ...Array.from({ length: 5 }, () => Fail.serverError(502)));
    expect(classifyLarkError(await out.send('oc_x', msg, 'u-x').catch((x: unknown) => x)).kind).toBe('transient');
  });

  it('falls back to text when Lark refuses the card', async () => {
    const { out } = setup(mock);
    mock.failNext('reply', Fail.cardRejected(230099));
    const r = await out.reply('om_q1', msg, replyUuid('om_q1'));
    expect(r.format).toBe('text');
    const [d] = mock.delivered();
    expect(d?.msgType).toBe('text');
    expect(JSON.parse(d?.content ?? '{}')).toEqual({ text: 'fallback text' });
  });

  it('reads the bot open_id from bot/v3/info', async () => {
    const { out } = setup(mock);
    expect((await out.botInfo()).openId).toBe(mock.botOpenId);
  });

  it('never logs the app secret, the token or the message content', async () => {
    const { out, logs } = setup(mock);
    mock.failNext('reply', Fail.rateLimited(0), Fail.serverError());
    await out.reply('om_q1', { card: { secretish: 'CARD-BODY-MARKER' }, text: 'TEXT-BODY-MARKER' }, 'u-1');
    mock.failNext('reply', Fail.businessError(230027));
    await out.reply('om_q2', msg, 'u-2').catch(() => undefined);
    const text = logs();
    expect(text).toContain('retrying');
    for (const s of [SECRET, 't-mock-1', 'CARD-BODY-MARKER', 'TEXT-BODY-MARKER']) expect(text).not.toContain(s);
  });
});

describe('throttle', () => {
  it('spaces sends per chat at ≤ 4/s and globally at ≤ 40/s, and refuses when too many wait', async () => {
    let now = 0;
    const waits: number[] = [];
    const t = new Throttle({ perKeyPerSec: 4, globalPerSec: 40, maxWaiting: 3, now: () => now, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 4; i++) await t.acquire('chat-a');
    expect(waits).toEqual([250, 500, 750]);
    waits.length = 0;
    now = 10_000;
    await Promise.all(['a', 'b', 'c'].map((k) => t.acquire(k)));
    expect(waits).toEqual([25, 50]);
    // Waiters are bounded.
    const never = () => new Promise<void>(() => undefined);
    const t2 = new Throttle({ perKeyPerSec: 1, globalPerSec: 1, maxWaiting: 2, now: () => 0, sleep: never });
    await t2.acquire('x');
    void t2.acquire('x');
    void t2.acquire('x');
    await expect(t2.acquire('x')).rejects.toThrow('queue full');
  });
});
