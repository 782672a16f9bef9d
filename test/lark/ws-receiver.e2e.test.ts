// What only the long connection has: pings, fragments, a connection dropped mid-stream, endpoint failures at
// start-up, reconnects running out, health while down, and several connections sharing the events (cluster
// mode). The real bot and the real SDK WSClient against the mock gateway on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';
import { cardAction, p2pText, type Envelope } from '../helpers/lark-events.js';
import { until } from '../helpers/poll.js';
import { startMockLarkWs, type MockLarkWs, type MockLarkWsOptions } from '../helpers/mock-lark-ws.js';
import { createTestDatabase, describePostgres } from '../helpers/postgres.js';
import { larkEnv, startTestBot, type TestBot, type TestBotOptions } from '../helpers/test-bot.js';

const WS = { LARK_EVENT_MODE: 'ws' };
const FAST_PULL = { retries: 5, minTimeoutMs: 50, maxTimeoutMs: 200 };
const messageIdOf = (e: Envelope) => (e.event.message as { message_id: string }).message_id;
const timeout = (ms: number) => new Promise<null>((r) => setTimeout(() => r(null), ms).unref());

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function mockGateway(o: MockLarkWsOptions = {}): Promise<MockLarkWs> {
  const mock = await startMockLarkWs(o);
  cleanups.push(() => mock.close());
  return mock;
}

async function bot(mock: MockLarkWs, o: TestBotOptions = {}): Promise<TestBot> {
  const b = await startTestBot(mock, { pullRetries: FAST_PULL, ...o, env: { ...WS, ...o.env } });
  cleanups.push(() => b.stop());
  return b;
}

/** Replies per message id, for every message of `events`. */
const replyCounts = (mock: MockLarkWs, events: Envelope[]) => events.map((ev) => mock.delivered().filter((c) => c.api === 'reply' && c.target === messageIdOf(ev)).length);

describe('the long connection (ws mode)', () => {
  it('pings with the service id from the endpoint URL and reads events split into fragments', async () => {
    const mock = await mockGateway({ clientConfig: { PingInterval: 0.2 } });
    const b = await bot(mock);
    await mock.waitUntil(() => mock.pings.length >= 3, 'three pings');
    expect(new Set(mock.pings.map((p) => p.service))).toEqual(new Set([1001]));
    const events = [p2pText('行政复议案件收了多少件?'), p2pText('/help')];
    mock.push(events[0] as Envelope, { fragments: 5 });
    mock.push(events[1] as Envelope, { fragments: 2 });
    await mock.waitFor(() => replyCounts(mock, events).every((n) => n === 1));
    expect(mock.deliveries.map((d) => d.fragments)).toEqual([5, 2]);
    const health = await fetch(`${b.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', lark: { events: 'ws', connection: { ok: true, state: 'connected' } } });
    const metrics = await (await fetch(`${b.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/fazhi_lark_connection_state\{state="connected"\} 1/u);
    expect(metrics).toMatch(/fazhi_events_acked_total\{type="im.message.receive_v1"\} 2/u);
    // No HTTP intake in this mode.
    expect((await fetch(`${b.url}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('answers a card callback that comes in a `card` frame, and sends the response back as a `card` frame', async () => {
    const mock = await mockGateway();
    const b = await bot(mock);
    await mock.waitUntil(() => mock.openClients().length === 1, 'connected');
    const vote = cardAction({ action: 'feedback', vote: 'up', mid: 'om_card_question', q: '调解成功率' }, { openMessageId: 'om_card_answer' });
    mock.push(vote, { type: 'card', fragments: 2 });
    const ack = await mock.waitForAck(vote.header.event_id);
    expect(ack).toMatchObject({ type: 'card', data: { toast: { type: 'success' } } });
    expect(await b.bot.feedback.list(1)).toMatchObject([{ messageId: 'om_card_question', vote: 'up' }]);
  });

  it('reconnects after the server drops it mid-stream, and loses or doubles nothing', async () => {
    const mock = await mockGateway({ redeliverAfterMs: 800 });
    const b = await bot(mock);
    await mock.waitUntil(() => mock.openClients().length === 1, 'connected');
    const events = Array.from({ length: 24 }, (_, i) => p2pText(`全市调解组织调解案件成功率是多少? ${i}`, { chatId: `oc_drop${i}` }));
    // Acked normally.
    events.slice(0, 8).forEach((ev, i) => mock.push(ev, { fragments: 1 + (i % 3) }));
    await mock.waitUntil(() => events.slice(0, 8).every((ev) => mock.responses.some((r) => r.eventId === ev.header.event_id)), 'the first acks');
    // Taken by the bot, but the acks are lost with the connection: Lark redelivers them after the reconnect.
    mock.loseResponsesFrom(mock.openClients()[0] ?? 1);
    for (const ev of events.slice(8, 16)) mock.push(ev);
    // Answered, so claimed: the redeliveries must be recognised.
    await mock.waitFor(() => replyCounts(mock, events.slice(8, 16)).every((n) => n === 1));
    mock.dropConnections();
    // Sent while the connection is down: Lark holds them until a client is back.
    for (const ev of events.slice(16)) mock.push(ev);
    await mock.waitUntil(() => mock.accepted() === 2 && mock.unacked().length === 0, 'reconnected and every event acked', 30_000);
    expect(await b.bot.drain(15_000)).toBe(true);
    expect(replyCounts(mock, events)).toEqual(events.map(() => 1));
    expect(mock.deliveries.filter((d) => d.attempt > 1).length).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${b.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/fazhi_lark_connection_changes_total\{state="reconnecting"\} 1/u);
    expect(metrics).toMatch(/fazhi_events_deduplicated_total\{type="im.message.receive_v1"\} [1-9]/u);
  });

  it('retries the endpoint request when it fails at start-up', async () => {
    const mock = await mockGateway();
    mock.failEndpoint(2, 503);
    await bot(mock);
    await mock.waitUntil(() => mock.openClients().length === 1, 'connected after the failures');
    expect(mock.endpointCalls.map((c) => c.status)).toEqual([503, 503, 200]);
    const ev = p2pText('/help');
    mock.push(ev);
    await mock.waitFor(() => replyCounts(mock, [ev])[0] === 1);
  });

  it('answers /healthz 503 once the connection is down longer than LARK_WS_MAX_DOWN_SECONDS, and 200 once back', async () => {
    const mock = await mockGateway();
    const b = await bot(mock, { env: { LARK_WS_MAX_DOWN_SECONDS: '1' } });
    await mock.waitUntil(() => mock.openClients().length === 1, 'connected');
    mock.refuseConnections(true);
    const droppedAt = Date.now();
    mock.dropConnections();
    await until(() => b.receiver?.health().state === 'reconnecting', 5_000, 'the client noticing the drop');
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200); // down, but not for long yet
    await until(() => b.receiver?.health().ok === false, 5_000, 'the connection counted as down');
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(1_000);
    const down = await fetch(`${b.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', lark: { connection: { ok: false, state: 'reconnecting' } } });
    expect(await (await fetch(`${b.adminUrl}/metrics`)).text()).toMatch(/fazhi_lark_connection_state\{state="reconnecting"\} 1/u);
    mock.refuseConnections(false);
    await until(() => b.receiver?.health().state === 'connected', 10_000, 'reconnected');
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  });

  it('stops trying when Lark refuses the app (not retryable), and says so', async () => {
    const mock = await mockGateway();
    mock.endpointCode(514);
    const fatal: string[] = [];
    const b = await bot(mock, { onFatal: (message) => fatal.push(message) });
    await until(() => fatal.length > 0, 5_000, 'the SDK giving up');
    expect(fatal.join()).toMatch(/514/u);
    expect(mock.endpointCalls).toHaveLength(1);
    const health = await fetch(`${b.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ lark: { connection: { state: 'failed' } } });
  });

  it('shares events between two connections (cluster mode) and answers every message once', async () => {
    // Two replicas on one shared state: here one SQLite file (one host); across hosts, PostgreSQL (below).
    const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-ws-pair-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await clusterPair({ dataDir });
  });
});

describePostgres('the long connection, two replicas on PostgreSQL', (serverUrl) => {
  it('shares events between two connections and answers every message once, a redelivery to the other replica included', { timeout: 60_000 }, async () => {
    const db = await createTestDatabase(serverUrl, 'fazhi_ws_pair');
    cleanups.push(() => db.drop());
    await clusterPair({ env: { DATABASE_URL: db.url } });
  });
});

/** Two bots on one gateway and one shared state: each gets a share of the events, every message is answered once. */
async function clusterPair(state: TestBotOptions): Promise<void> {
  const mock = await mockGateway({ redeliverAfterMs: 800 });
  const first = await bot(mock, state);
  await mock.waitUntil(() => mock.openClients().length === 1, 'the first replica connected');
  const second = await bot(mock, state);
  await mock.waitUntil(() => mock.openClients().length === 2, 'the second replica connected');
  const events = Array.from({ length: 30 }, (_, i) => p2pText(`行政复议案件收了多少件? ${i}`, { chatId: `oc_pair${i}` }));
  for (const ev of events) mock.push(ev);
  await mock.waitUntil(() => mock.unacked().length === 0, 'the 30 acked', 30_000);
  // One more whose ack from replica 1 is lost: Lark redelivers it to replica 2, which must not answer it again.
  const lost = p2pText('/help', { chatId: 'oc_pair_lost' });
  mock.loseResponsesFrom(1);
  mock.push(lost, { client: 1, redeliverTo: 2 });
  await mock.waitUntil(() => mock.unacked().length === 0, 'every event acked', 30_000);
  expect(await first.bot.drain(15_000)).toBe(true);
  expect(await second.bot.drain(15_000)).toBe(true);
  // An ack slower than the redelivery delay (a loaded machine) brings a redelivery, maybe to the other replica:
  // both share the events, and whoever gets them, every message is answered once.
  const share = (client: number) => new Set(mock.deliveries.filter((d) => d.client === client && d.eventId !== lost.header.event_id).map((d) => d.eventId));
  expect(share(1).size).toBeGreaterThan(0);
  expect(share(2).size).toBeGreaterThan(0);
  expect(new Set([...share(1), ...share(2)]).size).toBe(30);
  expect(replyCounts(mock, [...events, lost])).toEqual([...events, lost].map(() => 1));
  expect(mock.deliveries.filter((d) => d.eventId === lost.header.event_id).map((d) => d.client).slice(0, 2)).toEqual([1, 2]);
}

describe('the long connection, as a process', () => {
  let child: ChildBot | undefined;
  let dataDir: string | undefined;
  afterEach(() => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero once its reconnect attempts run out', { timeout: 120_000 }, async () => {
    const mock = await mockGateway({ clientConfig: { ReconnectCount: 2, ReconnectInterval: 0.2, ReconnectNonce: 0 } });
    dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-ws-exhaust-'));
    child = await startChildBot({ ...larkEnv(mock, dataDir), ...WS });
    await mock.waitUntil(() => mock.openClients().length === 1, 'the child connected', 60_000);
    mock.refuseConnections(true);
    mock.dropConnections();
    const exit = await Promise.race([child.exited, timeout(30_000)]);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(child.output()).toContain('"msg":"long connection lost; reconnecting"');
    expect(child.output()).toContain('"msg":"long connection failed"');
    expect(child.output()).toMatch(/reconnect exhausted after 2 attempts/u);
    expect(child.output()).not.toContain('test-app-secret');
  });
});
