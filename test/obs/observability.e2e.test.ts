// Observability through the real bot (startBot on 127.0.0.1:0, the real SDK against the mock Open API server,
// real SQLite): /metrics counters move with real requests, every asked question reaches the question log, and
// a run that handles events and Lark API errors never writes a secret or a message body into its logs.
import { Writable } from 'node:stream';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { DB_FILE } from '../../src/state/db.js';
import { TEST_ENCRYPT_KEY, TEST_VERIFICATION_TOKEN, cardAction, encryptedPush, p2pText, plainPush, push } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockCall, type MockLark } from '../helpers/mock-lark.js';
import { TEST_APP_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';

const ANSWERABLE = '全市调解组织调解案件成功率是多少?';
const UNANSWERABLE = '明天会不会下暴雨呢';
const messageIdOf = (e: { event: Record<string, unknown> }) => (e.event.message as { message_id: string }).message_id;

/** Sums the samples of a metric whose labels include all of `labels`. */
function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

describe('observability of the running bot', () => {
  let mock: MockLark;
  let bot: TestBot;
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const send = (payload: unknown) => push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, payload));
  const repliesTo = (id: string) => mock.delivered().filter((c: MockCall) => c.target === id);
  const metrics = async () => (await fetch(`${bot.adminUrl}/metrics`)).text();
  let before = '';
  let after = '';
  const answered = p2pText(ANSWERABLE);
  const refused = p2pText(UNANSWERABLE);

  beforeAll(async () => {
    mock = await startMockLark();
    // Production logging: info level, JSON lines, the real redaction.
    bot = await startTestBot(mock, { logger: createLogger({ level: 'info', destination: sink }), metrics: createMetrics() });
    before = await metrics();

    // An answered question, then Lark redelivering the same event.
    expect((await send(answered)).status).toBe(200);
    await mock.waitFor(() => repliesTo(messageIdOf(answered)).length === 1);
    expect((await send(answered)).status).toBe(200);
    // A question the reports cannot answer.
    await send(refused);
    await mock.waitFor(() => repliesTo(messageIdOf(refused)).length === 1);
    // A tampered signature and a malformed body: refused.
    const tampered = encryptedPush(TEST_ENCRYPT_KEY, p2pText(ANSWERABLE));
    tampered.headers['x-lark-request-signature'] = 'bad';
    tampered.headers['x-lark-signature'] = '0'.repeat(64);
    expect((await push(bot.url, tampered)).status).toBe(401);
    expect((await push(bot.url, plainPush('{not json'))).status).toBe(400);
    // Lark API errors: a rate limit (retried), a rejected token (dropped and fetched again), a removed bot.
    mock.failNext('reply', Fail.rateLimited(0));
    const limited = p2pText('公证机构开展巡回办证多少件');
    await send(limited);
    await mock.waitFor(() => repliesTo(messageIdOf(limited)).length === 1);
    mock.invalidateTokens();
    const reauth = p2pText('庭审网络直播多少场');
    await send(reauth);
    await mock.waitFor(() => repliesTo(messageIdOf(reauth)).length === 1);
    mock.failNext('reply', Fail.botRemoved());
    await send(p2pText('行政执法决定公示了多少次', { chatId: 'oc_gone00000000000000000000000001' }));
    // 👎 on the answered question's card.
    const card = JSON.stringify(JSON.parse(repliesTo(messageIdOf(answered))[0]!.content!));
    const down = /"value":(\{[^}]*"vote":"down"[^}]*\})/u.exec(card);
    expect(down).not.toBeNull();
    expect((await send(cardAction(JSON.parse(down![1]!) as Record<string, unknown>))).status).toBe(200);
    expect(await bot.bot.drain(15_000)).toBe(true);
    after = await metrics();
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('counts events received, acked, deduplicated and refused by reason', () => {
    const delta = (name: string, labels: Record<string, string> = {}) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('fazhi_events_received_total', { type: 'im.message.receive_v1' })).toBeGreaterThanOrEqual(6);
    expect(delta('fazhi_events_acked_total', { type: 'im.message.receive_v1' })).toBeGreaterThanOrEqual(6);
    expect(delta('fazhi_events_deduplicated_total', { type: 'im.message.receive_v1' })).toBe(1);
    expect(delta('fazhi_events_refused_total', { reason: 'bad_signature' })).toBe(1);
    expect(delta('fazhi_events_refused_total', { reason: 'malformed' })).toBe(1);
    expect(delta('fazhi_events_received_total', { type: 'card.action.trigger' })).toBe(1);
  });

  it('counts answers, refusals, failures, votes and the answer latency', () => {
    expect(metricValue(after, 'fazhi_answers_total', { result: 'answered' })).toBeGreaterThanOrEqual(3);
    expect(metricValue(after, 'fazhi_answers_total', { result: 'no_answer' })).toBe(1);
    expect(metricValue(after, 'fazhi_answers_total', { result: 'failed' })).toBe(1);
    expect(metricValue(after, 'fazhi_feedback_votes_total', { vote: 'down' })).toBe(1);
    expect(metricValue(after, 'fazhi_answer_latency_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(after).toMatch(/^fazhi_queue_depth 0$/mu);
  });

  it('counts Lark API calls by code, and retries', () => {
    expect(metricValue(after, 'fazhi_lark_api_calls_total', { api: 'reply', code: '0' })).toBeGreaterThanOrEqual(4);
    expect(metricValue(after, 'fazhi_lark_api_calls_total', { api: 'reply', code: '99991400' })).toBe(1);
    expect(metricValue(after, 'fazhi_lark_api_calls_total', { api: 'reply', code: '99991663' })).toBe(1);
    expect(metricValue(after, 'fazhi_lark_api_calls_total', { api: 'reply', code: '230002' })).toBe(1);
    expect(metricValue(after, 'fazhi_lark_api_retries_total', { api: 'reply' })).toBe(2);
    expect(after).toContain('# TYPE fazhi_digest_posts_total counter');
  });

  it('exposes the default process metrics', () => {
    expect(metricValue(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metricValue(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  });

  it('logs every question in the question log, with the 👎 it got', () => {
    const db = new Database(join(bot.dataDir, DB_FILE), { readonly: true });
    try {
      const rows = db.prepare('SELECT message_id, text, answered, vote, chat_id, user_id FROM question_log ORDER BY id').all() as {
        message_id: string;
        text: string;
        answered: number;
        vote: string | null;
      }[];
      const byId = new Map(rows.map((r) => [r.message_id, r]));
      expect(byId.get(messageIdOf(answered))).toMatchObject({ text: ANSWERABLE, answered: 1, vote: 'down' });
      expect(byId.get(messageIdOf(refused))).toMatchObject({ text: UNANSWERABLE, answered: 0, vote: null });
      // The redelivery was not logged twice.
      expect(rows.filter((r) => r.message_id === messageIdOf(answered))).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('writes structured logs with a child logger per event, and never a secret, a token or a message body', () => {
    expect(logLines.length).toBeGreaterThan(5);
    const records = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const forAnswered = records.filter((r) => r.messageId === messageIdOf(answered));
    expect(forAnswered.length).toBeGreaterThan(0);
    for (const r of forAnswered) expect(r).toMatchObject({ eventId: expect.any(String), chatId: expect.any(String) });
    const all = logLines.join('\n');
    for (const secret of [TEST_APP_SECRET, TEST_ENCRYPT_KEY, TEST_VERIFICATION_TOKEN]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/t-mock-\d/u); // tenant access tokens issued by the mock
    expect(all).not.toMatch(/Bearer/iu);
    // What users wrote stays out of info-level logs.
    for (const text of [ANSWERABLE, UNANSWERABLE, '公证机构开展巡回办证', '庭审网络直播']) expect(all).not.toContain(text);
  });
});
