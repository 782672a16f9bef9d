// A mock of Lark's long-connection gateway on 127.0.0.1, on the same origin as the mock Open API (the SDK uses one
// domain for both): `POST /callback/ws/endpoint` hands out a ws:// URL and a ClientConfig, and the WebSocket
// server speaks pbbp2.Frame like Lark (platform notes §7): pongs to pings, event frames (optionally split into
// fragments), response frames read back, and an event whose `{"code":200}` response does not arrive within the
// redelivery delay is delivered again (to any connected client: cluster mode gives each event to one at random).
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import protobuf from 'protobufjs';
import { WebSocket, WebSocketServer } from 'ws';
import type { Envelope } from './lark-events.js';
import { startMockLark, type MockLark, type MockLarkOptions } from './mock-lark.js';
import { until } from './poll.js';

// The two messages of the SDK's pbbp2 schema; the four scalars are required on the wire (the SDK's decoder
// rejects a frame without them).
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: { fields: { key: { type: 'string', id: 1, rule: 'required' }, value: { type: 'string', id: 2, rule: 'required' } } },
        Frame: {
          fields: {
            SeqID: { type: 'uint64', id: 1, rule: 'required' },
            LogID: { type: 'uint64', id: 2, rule: 'required' },
            service: { type: 'int32', id: 3, rule: 'required' },
            method: { type: 'int32', id: 4, rule: 'required' },
            headers: { type: 'Header', id: 5, rule: 'repeated' },
            payload_encoding: { type: 'string', id: 6 },
            payload_type: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType('pbbp2.Frame');

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

const CONTROL = 0;
const DATA = 1;

export function encodeFrame(f: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(f)).finish();
}

export function decodeFrame(buf: Uint8Array): Frame {
  return FrameType.toObject(FrameType.decode(buf), { longs: Number, defaults: true, arrays: true }) as Frame;
}

const headerOf = (f: Frame, key: string) => f.headers.find((h) => h.key === key)?.value;

/** Seconds, as Lark sends them; fractions keep tests fast. */
export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export interface WsResponse {
  /** The frame's message_id header (one per delivery). */
  frameId: string;
  eventId: string;
  /** Which connection answered (1-based, in order of connection). */
  client: number;
  /** The response frame's `type` header (the event frame's, sent back). */
  type: string;
  code: number;
  /** The handler's answer (base64 JSON in the frame), decoded. */
  data: unknown;
  at: number;
  /** performance.now() when it arrived (sub-millisecond, for latency). */
  hr: number;
}

export interface WsDelivery {
  frameId: string;
  eventId: string;
  client: number;
  attempt: number;
  fragments: number;
  /** performance.now() when its last fragment was handed to the socket. */
  hr: number;
}

export interface MockLarkWsOptions extends MockLarkOptions {
  clientConfig?: Partial<ClientConfig>;
  /** Lark redelivers after 3 s without a `{"code":200}` response; tests shorten it. */
  redeliverAfterMs?: number;
  /** Redeliveries per event before the mock gives up (Lark: 4). */
  maxRedeliveries?: number;
}

export interface PushOptions {
  /** Split the payload into this many fragments (sum > 1). */
  fragments?: number;
  /** Deliver to this client (1-based) instead of a random one. */
  client?: number;
  /** Frame type header: `event` (default) or `card`. */
  type?: 'event' | 'card';
  /** Redeliver to this client (1-based) instead of a random one. */
  redeliverTo?: number;
  /** Do not redeliver (for checking a single delivery's fate). */
  once?: boolean;
}

export interface MockLarkWs extends MockLark {
  /** Endpoint requests (POST /callback/ws/endpoint), successful or not. */
  endpointCalls: { at: number; status: number; appId: unknown }[];
  /** Connections accepted so far (1-based ids in this order) and those open and ready (pinged) now. */
  accepted(): number;
  openClients(): number[];
  pings: { client: number; service: number }[];
  deliveries: WsDelivery[];
  responses: WsResponse[];
  /** Sends an event (an envelope as Lark builds it) to one connected client, or when one connects. */
  push(env: Envelope | Record<string, unknown>, o?: PushOptions): void;
  /** The first `{"code":200}` response for an event id (among the responses from index `since` on). */
  waitForAck(eventId: string, timeoutMs?: number, since?: number): Promise<WsResponse>;
  waitUntil(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** The next `n` endpoint requests fail with this HTTP status. */
  failEndpoint(n: number, status?: number): void;
  /** The endpoint answers this Lark code (e.g. 514 auth failed) until cleared with null. */
  endpointCode(code: number | null): void;
  /** While true, WebSocket upgrades are refused (HTTP 503). */
  refuseConnections(on: boolean): void;
  /** Drops every open connection from the server side (abruptly: no close frame). */
  dropConnections(): void;
  /** Responses of this client are read but ignored until the next drop (a response lost in transit). */
  loseResponsesFrom(client: number): void;
  /** Events pushed but not yet answered with code 200. */
  unacked(): string[];
}

export async function startMockLarkWs(opts: MockLarkWsOptions = {}): Promise<MockLarkWs> {
  const config: ClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 0.2, ReconnectNonce: 0, ...opts.clientConfig };
  const redeliverAfterMs = opts.redeliverAfterMs ?? 3_000;
  const maxRedeliveries = opts.maxRedeliveries ?? 4;
  const serviceId = 1001;
  const tickets = new Set<string>();
  const endpointCalls: MockLarkWs['endpointCalls'] = [];
  const pings: MockLarkWs['pings'] = [];
  const deliveries: WsDelivery[] = [];
  const responses: WsResponse[] = [];
  const sockets = new Map<number, WebSocket>();
  // A client is sent events once it has pinged: the SDK pings as soon as the socket opens, and attaches its
  // frame handler just after, so an event sent with the upgrade response could reach no listener.
  const ready = new Set<number>();
  const lossy = new Set<number>();
  let endpointFailures: number[] = [];
  let endpointCodeOverride: number | null = null;
  let refusing = false;
  let accepted = 0;
  let frameSeq = 0;

  interface Pending {
    eventId: string;
    bytes: Uint8Array;
    o: PushOptions;
    attempt: number;
    timer?: NodeJS.Timeout;
    acked: boolean;
  }
  const pending = new Map<string, Pending>();
  const byFrame = new Map<string, Pending>();
  const waitingForClient: Pending[] = [];

  function deliver(p: Pending) {
    if (p.acked) return;
    const open = [...sockets.entries()].filter(([id, s]) => ready.has(id) && s.readyState === WebSocket.OPEN);
    const wanted = p.attempt === 1 ? p.o.client : p.o.redeliverTo;
    const chosen = wanted !== undefined ? open.find(([id]) => id === wanted) : open[Math.floor(Math.random() * open.length)];
    if (!chosen) {
      waitingForClient.push(p);
      return;
    }
    const [client, socket] = chosen;
    const frameId = `mock_msg_${++frameSeq}`;
    byFrame.set(frameId, p);
    const sum = Math.max(1, p.o.fragments ?? 1);
    const size = Math.ceil(p.bytes.length / sum);
    const traceId = crypto.randomUUID();
    for (let seq = 0; seq < sum; seq++) {
      socket.send(
        encodeFrame({
          SeqID: frameSeq,
          LogID: frameSeq,
          service: serviceId,
          method: DATA,
          headers: [
            { key: 'type', value: p.o.type ?? 'event' },
            { key: 'message_id', value: frameId },
            { key: 'sum', value: String(sum) },
            { key: 'seq', value: String(seq) },
            { key: 'trace_id', value: traceId },
          ],
          payload: p.bytes.subarray(seq * size, (seq + 1) * size),
        }),
      );
    }
    deliveries.push({ frameId, eventId: p.eventId, client, attempt: p.attempt, fragments: sum, hr: performance.now() });
    if (p.o.once) return;
    clearTimeout(p.timer);
    p.timer = setTimeout(() => redeliver(p), redeliverAfterMs);
  }

  function redeliver(p: Pending) {
    if (p.acked || p.attempt > maxRedeliveries) return;
    p.attempt++;
    deliver(p);
  }

  function onFrame(client: number, socket: WebSocket, buf: Buffer) {
    let f: Frame;
    try {
      f = decodeFrame(buf);
    } catch {
      return;
    }
    const type = headerOf(f, 'type');
    if (f.method === CONTROL && type === 'ping') {
      pings.push({ client, service: f.service });
      socket.send(
        encodeFrame({ SeqID: 0, LogID: 0, service: f.service, method: CONTROL, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(config)) }),
      );
      if (!ready.has(client)) {
        ready.add(client);
        for (const p of waitingForClient.splice(0)) deliver(p);
      }
      return;
    }
    if (f.method !== DATA) return;
    const frameId = headerOf(f, 'message_id') ?? '';
    const p = byFrame.get(frameId);
    if (!p || lossy.has(client)) return;
    let body: { code?: number; data?: string } = {};
    try {
      body = JSON.parse(Buffer.from(f.payload ?? []).toString('utf8')) as typeof body;
    } catch {
      /* a response that is not JSON counts as not answered */
    }
    const data = body.data ? (JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) as unknown) : undefined;
    responses.push({ frameId, eventId: p.eventId, client, type: headerOf(f, 'type') ?? '', code: body.code ?? 0, data, at: Date.now(), hr: performance.now() });
    if (body.code === 200) {
      p.acked = true;
      clearTimeout(p.timer);
    }
  }

  const wss = new WebSocketServer({ noServer: true });
  const mock = await startMockLark({
    ...opts,
    routes: (app) => {
      app.post('/callback/ws/endpoint', (req, res) => {
        const body = (req.body ?? {}) as { AppID?: unknown; AppSecret?: unknown };
        const failStatus = endpointFailures.shift();
        if (failStatus !== undefined) {
          endpointCalls.push({ at: Date.now(), status: failStatus, appId: body.AppID });
          return void res.status(failStatus).json({ code: failStatus, msg: 'mock: endpoint unavailable' });
        }
        endpointCalls.push({ at: Date.now(), status: 200, appId: body.AppID });
        if (endpointCodeOverride !== null) return void res.json({ code: endpointCodeOverride, msg: 'mock: refused', data: {} });
        if (typeof body.AppID !== 'string' || typeof body.AppSecret !== 'string' || body.AppSecret === '') {
          return void res.json({ code: 514, msg: 'auth failed', data: {} });
        }
        const ticket = crypto.randomUUID();
        tickets.add(ticket);
        const url = `ws://127.0.0.1:${mock.port}/ws/v2?fpid=1&aid=1&device_id=dev_${crypto.randomBytes(4).toString('hex')}&access_key=ak&service_id=${serviceId}&ticket=${ticket}`;
        res.json({ code: 0, msg: 'ok', data: { URL: url, ClientConfig: config } });
      });
    },
  });

  mock.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/ws/v2' || refusing || !tickets.delete(ticket)) {
      socket.end(`HTTP/1.1 ${refusing ? '503 Service Unavailable' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = ++accepted;
      sockets.set(client, ws);
      ws.on('message', (data: Buffer) => onFrame(client, ws, data));
      ws.on('close', () => {
        sockets.delete(client);
        ready.delete(client);
      });
      ws.on('error', () => undefined);
    });
  });

  const waitUntil = (predicate: () => boolean, what: string, timeoutMs = 20_000) =>
    until(predicate, timeoutMs, () => `${what} (deliveries ${JSON.stringify(deliveries)}, responses ${JSON.stringify(responses.map((r) => [r.eventId, r.code, r.client]))})`);

  const close = mock.close;
  return Object.assign(mock, {
    endpointCalls,
    accepted: () => accepted,
    openClients: () => [...sockets.entries()].filter(([id, s]) => ready.has(id) && s.readyState === WebSocket.OPEN).map(([id]) => id),
    pings,
    deliveries,
    responses,
    push(env: Envelope | Record<string, unknown>, o: PushOptions = {}) {
      const eventId = String((env as { header?: { event_id?: unknown } }).header?.event_id ?? crypto.randomUUID());
      const p: Pending = { eventId, bytes: Buffer.from(JSON.stringify(env)), o, attempt: 1, acked: false };
      pending.set(`${eventId}#${pending.size}`, p);
      deliver(p);
    },
    async waitForAck(eventId: string, timeoutMs = 20_000, since = 0) {
      const find = () => responses.slice(since).find((r) => r.eventId === eventId && r.code === 200);
      await waitUntil(() => find() !== undefined, `ack of ${eventId}`, timeoutMs);
      return find() as WsResponse;
    },
    waitUntil,
    failEndpoint(n: number, status = 503) {
      endpointFailures = [...endpointFailures, ...Array.from({ length: n }, () => status)];
    },
    endpointCode(code: number | null) {
      endpointCodeOverride = code;
    },
    refuseConnections(on: boolean) {
      refusing = on;
    },
    dropConnections() {
      lossy.clear();
      for (const s of sockets.values()) s.terminate();
    },
    loseResponsesFrom(client: number) {
      lossy.add(client);
    },
    unacked: () => [...pending.values()].filter((p) => !p.acked).map((p) => p.eventId),
    async close() {
      for (const p of pending.values()) clearTimeout(p.timer);
      for (const s of sockets.values()) s.terminate();
      wss.close();
      await close();
    },
  });
}
