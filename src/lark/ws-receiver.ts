// The long-connection receiver (LARK_EVENT_MODE=ws): the SDK's WSClient opens a WebSocket to Lark, so the bot
// needs outbound internet access only. Each event goes to the same pipeline as the webhook's; the handler only
// claims, stores and enqueues, because the SDK confirms an event after the handler returns and Lark redelivers
// after 3 s. A refusal (queue full, shutting down) throws, so the SDK answers 500 and Lark delivers it again.
import { isObj } from './json.js';
import * as lark from '@larksuiteoapi/node-sdk';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { EventPipeline } from '../pipeline/event-pipeline.js';
import { quietSdkLogger, resolveDomain } from './client.js';
import { decodeInbound } from './decode.js';
import { acceptCardFrames } from './ws-card-frames.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
const STATES: ConnectionState[] = ['connecting', 'connected', 'reconnecting', 'failed', 'closed'];

/** The events the bot acts on; the console subscriptions should match (docs/lark-setup.md). */
export const WS_EVENT_TYPES = ['im.message.receive_v1', 'card.action.trigger', 'im.chat.member.bot.added_v1', 'im.chat.member.bot.deleted_v1'] as const;

export interface WsReceiverOptions {
  appId: string;
  appSecret: string;
  /** `feishu` | `lark` | a base URL (tests point it at the mock). */
  domain: string;
  pipeline: EventPipeline;
  metrics: Metrics;
  logger: Logger;
  /** /healthz turns unhealthy once the connection has been down this long. */
  maxDownMs: number;
  /** The SDK gave up (reconnect attempts exhausted, or Lark refused the app): the process should stop. */
  onFatal: (err: Error) => void;
  /** Retries of one endpoint request (POST /callback/ws/endpoint) before the SDK's own reconnect loop takes over. */
  pullRetries?: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  now?: () => number;
}

export interface ConnectionHealth {
  ok: boolean;
  state: ConnectionState;
  /** How long the connection has been down (0 while connected). */
  downForMs: number;
}

export interface WsReceiver {
  start(): Promise<void>;
  health(): ConnectionHealth;
  /** Stops receiving (no reconnect); events in flight are redelivered by Lark to another connection. */
  close(): void;
}

const HEADER_KEYS = new Set(['event_id', 'event_type', 'create_time', 'token', 'tenant_key', 'app_id']);

/**
 * The dispatcher hands handlers the schema-2.0 envelope flattened (header and event fields side by side);
 * this puts the envelope back so the webhook's decoder reads both transports alike.
 */
export function envelopeOf(flat: unknown): unknown {
  if (!isObj(flat)) return null;
  const header: Record<string, unknown> = {};
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    if (k === 'schema') continue;
    (HEADER_KEYS.has(k) ? header : event)[k] = v;
  }
  return { schema: '2.0', header, event };
}

/** Endpoint discovery answers `code: 1` (busy) or 1000040343 (internal) when Lark is momentarily overloaded. */
const BUSY_CODES = new Set([1, 1000040343]);

/**
 * The SDK's HTTP instance with the endpoint request retried: the SDK alone waits up to ReconnectNonce (30 s)
 * then ReconnectInterval (2 min) after a failed pull, and gives up at once on a "busy" answer.
 */
function retryingHttp(o: NonNullable<WsReceiverOptions['pullRetries']>, log: Logger): lark.HttpInstance {
  const base = lark.defaultHttpInstance;
  const request = <R>(opts: Parameters<lark.HttpInstance['request']>[0]): Promise<R> =>
    pRetry(
      async () => {
        let body: unknown;
        try {
          body = await base.request(opts);
        } catch (e) {
          const status = (e as { response?: { status?: number } }).response?.status;
          // 4xx other than 429 is the app's fault (wrong domain, credentials): no point retrying.
          if (status !== undefined && status >= 400 && status < 500 && status !== 429) throw new AbortError(e as Error);
          throw e;
        }
        if (isObj(body) && typeof body.code === 'number' && BUSY_CODES.has(body.code)) throw new Error(`endpoint busy (code ${body.code})`);
        return body;
      },
      {
        retries: o.retries,
        minTimeout: o.minTimeoutMs,
        maxTimeout: o.maxTimeoutMs,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => log.warn({ err: error.message, attempt: attemptNumber, retriesLeft }, 'long connection: endpoint request failed'),
      },
    ) as Promise<R>;
  // The SDK's instance unwraps `resp.data`; only `request` is replaced (the other methods are bound already).
  return Object.assign(Object.create(base) as lark.HttpInstance, { request });
}

/** The SDK logs the connection URL, whose query carries a short-lived ticket and access key: keep it out. */
function scrubbedSdkLogger(log: Logger): lark.Logger {
  const quiet = quietSdkLogger(log);
  const scrub = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a.replace(/(wss?:\/\/[^\s?]+)\?\S*/gu, '$1?…') : a));
  return {
    error: (...a: unknown[]) => quiet.error(...scrub(a)),
    warn: (...a: unknown[]) => quiet.warn(...scrub(a)),
    info: (...a: unknown[]) => quiet.info(...scrub(a)),
    debug: (...a: unknown[]) => quiet.debug(...scrub(a)),
    trace: (...a: unknown[]) => quiet.trace(...scrub(a)),
  };
}

export function createWsReceiver(o: WsReceiverOptions): WsReceiver {
  const now = o.now ?? Date.now;
  const log = o.logger.child({ component: 'lark-ws' });
  const sdkLogger = scrubbedSdkLogger(log);
  let state: ConnectionState = 'connecting';
  let downSince: number | null = now();

  const setState = (next: ConnectionState, extra: Record<string, unknown> = {}) => {
    if (next === state && next !== 'connecting') return;
    const downForMs = downSince === null ? 0 : now() - downSince;
    state = next;
    if (next === 'connected') downSince = null;
    else downSince ??= now();
    for (const s of STATES) o.metrics.larkConnection.set({ state: s }, s === next ? 1 : 0);
    o.metrics.larkConnectionChanges.inc({ state: next });
    const fields = { state: next, ...(next === 'connected' && downForMs > 0 ? { downForMs } : {}), ...extra };
    if (next === 'failed') log.error(fields, 'long connection failed');
    else if (next === 'reconnecting') log.warn(fields, 'long connection lost; reconnecting');
    else log.info(fields, `long connection ${next}`);
  };

  const handle = async (flat: unknown): Promise<object | undefined> => {
    const inbound = decodeInbound(envelopeOf(flat));
    if (!inbound || inbound.kind === 'challenge') {
      o.metrics.eventsRefused.inc({ reason: 'malformed' });
      log.warn('long connection: event not understood; confirmed and dropped');
      return undefined;
    }
    const outcome = await o.pipeline.handle(inbound);
    // Not confirmed: the SDK answers 500 and Lark redelivers (possibly to another replica).
    if (!outcome.ack) throw new Error(outcome.reason);
    o.metrics.eventsAcked.inc({ type: outcome.type });
    return outcome.body;
  };
  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger, loggerLevel: lark.LoggerLevel.error }).register(
    Object.fromEntries(WS_EVENT_TYPES.map((t) => [t, handle])),
  );

  const client = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: resolveDomain(o.domain),
    logger: sdkLogger,
    // The SDK's own lines only at debug/trace (quietSdkLogger); state changes are logged here at info and above.
    loggerLevel: lark.LoggerLevel.debug,
    httpInstance: retryingHttp(o.pullRetries ?? { retries: 5, minTimeoutMs: 1_000, maxTimeoutMs: 15_000 }, log),
    autoReconnect: true,
    // A stuck handshake, or a socket that died silently (NAT timeout, half-open TCP) and answers no ping, is
    // dropped and reconnected instead of looking connected forever.
    handshakeTimeoutMs: 15_000,
    wsConfig: { pingTimeout: 30 },
    onReady: () => setState('connected'),
    onReconnecting: () => setState('reconnecting'),
    onReconnected: () => setState('connected'),
    onError: (err) => {
      setState('failed', { err: err.message });
      o.onFatal(err);
    },
  });

  if (!acceptCardFrames(client)) log.warn('long connection: this SDK version leaves card frames unanswered; card buttons may show an error');

  return {
    async start() {
      // The SDK only connects with a real-looking app id; say so instead of waiting forever.
      if (!/^cli_[0-9a-fA-F]{16}$/u.test(o.appId)) {
        const err = new Error('LARK_APP_ID must be cli_ followed by 16 hex digits for the long connection');
        setState('failed', { err: err.message });
        o.onFatal(err);
        return;
      }
      setState('connecting');
      await client.start({ eventDispatcher: dispatcher });
    },
    health() {
      const downForMs = downSince === null ? 0 : now() - downSince;
      return { ok: state === 'connected' || (state !== 'failed' && downForMs < o.maxDownMs), state, downForMs };
    },
    close() {
      client.close({ force: true });
      if (state !== 'failed') setState('closed');
    },
  };
}
