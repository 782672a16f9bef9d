// A mock Lark Open API server on 127.0.0.1 (port 0) for end-to-end tests: the real SDK is pointed at it with
// LARK_DOMAIN=http://127.0.0.1:PORT. It serves the tenant token, bot info, message reply and create (and
// patch), records every call, honours `uuid` idempotency like Lark (same uuid → same message, no second post),
// and fails on demand.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express, type Request, type Response } from 'express';
import { until } from './poll.js';

export type MockApi = 'token' | 'bot_info' | 'reply' | 'create' | 'patch';

export interface MockCall {
  api: MockApi;
  at: number;
  /** reply: the message replied to; create: the receive_id (chat id). */
  target?: string;
  uuid?: string;
  msgType?: string;
  /** The `content` string as sent (JSON text). */
  content?: string;
  authorization?: string;
  /** What the mock answered. */
  status: number;
  code: number;
  /** True when this call posted a new message (success and not an idempotent repeat). */
  delivered: boolean;
  /** The message id the mock answered with (new or, for a repeated uuid, the earlier one). */
  messageId?: string;
}

/** A failure to inject: the HTTP status, the Lark body, optional headers, and an optional delay. */
export interface MockFailure {
  status: number;
  code: number;
  msg?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer (the request stays open until the client goes away or the mock closes). */
  hang?: boolean;
}

/** Failures as Lark sends them (docs/DESIGN.md, "Lark facts": sending limits and errors). */
export const Fail = {
  /** Gateway rate limit: HTTP 429, 99991400, `x-ogw-ratelimit-reset` seconds. */
  rateLimited: (resetSeconds = 0): MockFailure => ({ status: 429, code: 99991400, msg: 'request trigger frequency limit', headers: { 'x-ogw-ratelimit-reset': String(resetSeconds) } }),
  /** Per chat/user limit: HTTP 400, 230020. */
  chatRateLimited: (): MockFailure => ({ status: 400, code: 230020, msg: 'This operation triggers the frequency limit.' }),
  /** Bot not in the chat: HTTP 400, 230002. */
  botRemoved: (): MockFailure => ({ status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' }),
  /** Token rejected: 99991663 (HTTP 400 by default; Lark has been seen to send it with 200 too). */
  tokenInvalid: (status = 400): MockFailure => ({ status, code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' }),
  /** Card JSON refused (230099 / 230001 / 230025). */
  cardRejected: (code = 230099): MockFailure => ({ status: 400, code, msg: 'Failed to create card content' }),
  serverError: (status = 500): MockFailure => ({ status, code: 0, msg: 'internal error' }),
  /** HTTP 200 with a non-zero code: the SDK resolves instead of throwing. */
  businessError: (code = 230001): MockFailure => ({ status: 200, code, msg: 'invalid param' }),
  /** No answer at all: for killing a client mid-request. */
  hang: (): MockFailure => ({ status: 0, code: -1, hang: true }),
  /** A success that takes `ms` to come back. */
  slow: (ms: number): MockFailure => ({ status: 200, code: 0, delayMs: ms }),
} as const;

export interface MockLark {
  /** Base URL to use as LARK_DOMAIN (no trailing slash). */
  url: string;
  port: number;
  botOpenId: string;
  calls: MockCall[];
  /** Calls of one API. */
  callsTo(api: MockApi): MockCall[];
  /** Messages actually posted (reply + create), in order. */
  delivered(): MockCall[];
  /** Queue failures for the next calls of an API (consumed in order; then normal service resumes). */
  failNext(api: MockApi, ...failures: MockFailure[]): void;
  /** Every token issued so far becomes invalid: calls carrying one get 99991663. */
  invalidateTokens(): void;
  /** Resolves when `predicate(calls)` holds (checked on every call), or rejects after `timeoutMs`. */
  waitFor(predicate: (calls: MockCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** The HTTP server (the long-connection mock attaches its WebSocket upgrade here). */
  server: Server;
  close(): Promise<void>;
}

export interface MockLarkOptions {
  botOpenId?: string;
  appName?: string;
  /** Token lifetime reported to the SDK, seconds. */
  tokenExpire?: number;
  /** More routes on the same origin (the SDK uses one domain for everything), mounted before the 404. */
  routes?: (app: Express) => void;
  /** Listen on this port (default: any free one). */
  port?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMockLark(opts: MockLarkOptions = {}): Promise<MockLark> {
  const botOpenId = opts.botOpenId ?? 'ou_bot00000000000000000000000000001';
  const calls: MockCall[] = [];
  const queued = new Map<MockApi, MockFailure[]>();
  const validTokens = new Set<string>();
  const byUuid = new Map<string, string>();
  let tokenSeq = 0;
  let messageSeq = 0;

  const record = (call: MockCall) => {
    calls.push(call);
  };

  const app = express();
  app.use(express.json({ limit: '5mb' }));

  /** Applies a queued failure (answering it) and returns true, or returns false for normal service. */
  async function injected(api: MockApi, req: Request, res: Response, base: Partial<MockCall>): Promise<boolean> {
    const f = queued.get(api)?.shift();
    if (!f) return false;
    if (f.hang) {
      record({ api, at: Date.now(), status: 0, code: -1, delivered: false, authorization: req.headers.authorization, ...base });
      return true; // no response: the socket stays open until the client dies or close() ends it
    }
    if (f.delayMs) await sleep(f.delayMs);
    if (f.status === 200 && f.code === 0) return false; // a slow success: continue normally
    record({ api, at: Date.now(), status: f.status, code: f.code, delivered: false, authorization: req.headers.authorization, ...base });
    res.status(f.status).set(f.headers ?? {}).json({ code: f.code, msg: f.msg ?? 'error' });
    return true;
  }

  function authorised(api: MockApi, req: Request, res: Response, base: Partial<MockCall>): boolean {
    const auth = req.headers.authorization ?? '';
    const token = auth.replace(/^Bearer\s+/u, '');
    if (validTokens.has(token)) return true;
    const f = Fail.tokenInvalid();
    record({ api, at: Date.now(), status: f.status, code: f.code, delivered: false, authorization: auth, ...base });
    res.status(f.status).json({ code: f.code, msg: f.msg });
    return false;
  }

  function deliver(api: 'reply' | 'create', req: Request, res: Response, target: string) {
    const body = (req.body ?? {}) as { msg_type?: string; content?: string; uuid?: string };
    const base = { target, uuid: body.uuid, msgType: body.msg_type, content: body.content };
    if (!authorised(api, req, res, base)) return;
    const repeat = body.uuid ? byUuid.get(body.uuid) : undefined;
    const messageId = repeat ?? `om_mock_${++messageSeq}`;
    if (body.uuid && !repeat) byUuid.set(body.uuid, messageId);
    record({ api, at: Date.now(), status: 200, code: 0, delivered: !repeat, messageId, authorization: req.headers.authorization, ...base });
    res.json({ code: 0, msg: 'success', data: { message_id: messageId, msg_type: body.msg_type, chat_id: api === 'create' ? target : 'oc_mock' } });
  }

  app.post('/open-apis/auth/v3/tenant_access_token/internal', async (req, res) => {
    if (await injected('token', req, res, {})) return;
    const token = `t-mock-${++tokenSeq}`;
    validTokens.add(token);
    record({ api: 'token', at: Date.now(), status: 200, code: 0, delivered: false });
    res.json({ code: 0, msg: 'ok', tenant_access_token: token, expire: opts.tokenExpire ?? 7200 });
  });

  app.get('/open-apis/bot/v3/info', async (req, res) => {
    if (await injected('bot_info', req, res, {})) return;
    if (!authorised('bot_info', req, res, {})) return;
    record({ api: 'bot_info', at: Date.now(), status: 200, code: 0, delivered: false, authorization: req.headers.authorization });
    res.json({ code: 0, msg: 'ok', bot: { activate_status: 2, app_name: opts.appName ?? 'fazhi-bot', avatar_url: '', ip_white_list: [], open_id: botOpenId } });
  });

  app.post('/open-apis/im/v1/messages/:message_id/reply', async (req, res) => {
    const target = String(req.params.message_id);
    const body = (req.body ?? {}) as { msg_type?: string; content?: string; uuid?: string };
    if (await injected('reply', req, res, { target, uuid: body.uuid, msgType: body.msg_type, content: body.content })) return;
    deliver('reply', req, res, target);
  });

  app.post('/open-apis/im/v1/messages', async (req, res) => {
    const body = (req.body ?? {}) as { receive_id?: string; msg_type?: string; content?: string; uuid?: string };
    const target = String(body.receive_id ?? '');
    if (await injected('create', req, res, { target, uuid: body.uuid, msgType: body.msg_type, content: body.content })) return;
    deliver('create', req, res, target);
  });

  app.patch('/open-apis/im/v1/messages/:message_id', async (req, res) => {
    const target = String(req.params.message_id);
    const body = (req.body ?? {}) as { content?: string };
    if (await injected('patch', req, res, { target, content: body.content })) return;
    if (!authorised('patch', req, res, { target })) return;
    record({ api: 'patch', at: Date.now(), status: 200, code: 0, delivered: false, target, content: body.content });
    res.json({ code: 0, msg: 'success', data: {} });
  });

  opts.routes?.(app);
  app.use((req, res) => res.status(404).json({ code: 404, msg: `mock: no route ${req.method} ${req.path}` }));

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    botOpenId,
    calls,
    callsTo: (api) => calls.filter((c) => c.api === api),
    delivered: () => calls.filter((c) => c.delivered),
    failNext(api, ...failures) {
      queued.set(api, [...(queued.get(api) ?? []), ...failures]);
    },
    invalidateTokens() {
      validTokens.clear();
    },
    waitFor(predicate, timeoutMs = 20_000) {
      return until(() => predicate(calls), timeoutMs, () => `mock-lark calls to match; calls: ${JSON.stringify(calls.map((c) => [c.api, c.status, c.code, c.target]))}`);
    },
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
