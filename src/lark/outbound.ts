// Outbound messages: reply and send through the one SDK client, throttled per chat and globally, retried with
// backoff and jitter on rate limits and 5xx (honouring `x-ogw-ratelimit-reset`), a dropped-and-refetched token
// on 99991663, and a text fallback when Lark refuses the card. Every failure ends as a LarkApiError with the code.
import { createHash } from 'node:crypto';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { LarkSdkClient } from './client.js';
import { CARD_FORMAT_CODES, LarkApiError, LarkCode, resolvedError, toLarkError } from './errors.js';
import { sleepUnref, Throttle, ThrottleFullError } from './throttle.js';

/** A card with its text fallback (the fallback goes out when Lark refuses the card's format). */
export interface OutboundMessage {
  card?: object;
  text: string;
}

export interface SendResult {
  messageId: string;
  format: 'interactive' | 'text';
}

export interface BotInfo {
  openId: string;
  name: string;
}

export interface LarkOutbound {
  /** Replies to a message (threading kept). `uuid` makes a repeated call a no-op on Lark's side for an hour. */
  reply(messageId: string, msg: OutboundMessage, uuid: string, opts?: { chatId?: string; replyInThread?: boolean }): Promise<SendResult>;
  /** Posts to a chat by chat_id. */
  send(chatId: string, msg: OutboundMessage, uuid: string): Promise<SendResult>;
  /** The bot's own identity (`GET /open-apis/bot/v3/info`). */
  botInfo(): Promise<BotInfo>;
}

export const DEFAULT_RETRY = { maxAttempts: 5, baseMs: 250, maxMs: 8_000, maxResetMs: 60_000 } as const;
export const DEFAULT_THROTTLE = { perKeyPerSec: 4, globalPerSec: 40, maxWaiting: 2_000 } as const;

export interface OutboundDeps {
  client: LarkSdkClient;
  metrics: Metrics;
  logger: Logger;
  throttle?: Throttle;
  retry?: Partial<typeof DEFAULT_RETRY>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Lark's `uuid` is at most 50 characters; long keys are hashed. */
export function idempotencyKey(prefix: string, id: string): string {
  const key = `${prefix}:${id}`;
  return key.length <= 48 ? key : `${prefix}:${createHash('sha256').update(id).digest('hex').slice(0, 47 - prefix.length)}`;
}

/** The reply uuid for a user message: the same for every redelivery, retry and post-crash resume. */
export const replyUuid = (messageId: string) => idempotencyKey('ans', messageId);

export function createOutbound(deps: OutboundDeps): LarkOutbound {
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const throttle = deps.throttle ?? new Throttle(DEFAULT_THROTTLE);
  const sleep = deps.sleep ?? sleepUnref;
  const random = deps.random ?? Math.random;
  const { client, metrics, logger } = deps;

  function delayFor(err: LarkApiError, attempt: number): number {
    if (err.resetSeconds !== null && err.resetSeconds >= 0) return Math.min(retry.maxResetMs, err.resetSeconds * 1000) + random() * 250;
    const exp = Math.min(retry.maxMs, retry.baseMs * 2 ** attempt);
    return exp / 2 + random() * (exp / 2); // "equal jitter"
  }

  // p-retry runs the attempts; the wait is ours (the reset header or equal jitter, through the injectable sleep),
  // so p-retry's own delay is zero. A rejected token is retried once at once without using up an attempt.
  function call<T>(api: string, key: string, fn: () => Promise<T>): Promise<T> {
    let tokenRetried = false;
    let tokenRefreshedFor: unknown = null; // the error that made us drop the token: retried once, not counted
    return pRetry(
      async () => {
        try {
          await throttle.acquire(key);
        } catch (e) {
          if (e instanceof ThrottleFullError) throw new AbortError(new LarkApiError(api, -2, null, 'send queue full'));
          throw e;
        }
        let err: LarkApiError;
        try {
          const res = await fn();
          const bad = resolvedError(api, res);
          if (!bad) {
            metrics.larkApiCalls.inc({ api, code: '0' });
            return res;
          }
          err = bad;
        } catch (e) {
          err = toLarkError(api, e);
        }
        metrics.larkApiCalls.inc({ api, code: String(err.code) });
        throw err;
      },
      {
        retries: retry.maxAttempts - 1,
        minTimeout: 0,
        factor: 1,
        shouldConsumeRetry: ({ error }) => error !== tokenRefreshedFor,
        shouldRetry: ({ error }) => error === tokenRefreshedFor || (error instanceof LarkApiError && error.retryable),
        onFailedAttempt: async ({ error, retriesConsumed, retriesLeft }) => {
          if (!(error instanceof LarkApiError)) return;
          if (error.code === LarkCode.tokenInvalid && !tokenRetried) {
            // The SDK keeps a rejected token until it expires: drop it so the next call fetches a new one.
            client.tokens.clear();
            tokenRetried = true;
            tokenRefreshedFor = error;
            metrics.larkRetries.inc({ api });
            logger.warn({ api, code: error.code }, 'Lark token rejected; fetching a new one');
            return;
          }
          if (!error.retryable || retriesLeft <= 0) return;
          const wait = delayFor(error, retriesConsumed);
          metrics.larkRetries.inc({ api });
          logger.warn({ api, code: error.code, status: error.status, attempt: retriesConsumed + 1, waitMs: Math.round(wait) }, 'Lark call failed; retrying');
          await sleep(wait);
        },
      },
    );
  }

  async function withFallback(api: string, msg: OutboundMessage, uuid: string, post: (msgType: string, content: string, uuid: string) => Promise<string>): Promise<SendResult> {
    if (msg.card) {
      try {
        return { messageId: await post('interactive', JSON.stringify(msg.card), uuid), format: 'interactive' };
      } catch (e) {
        if (!(e instanceof LarkApiError) || !CARD_FORMAT_CODES.includes(e.code)) throw e;
        logger.warn({ api, code: e.code }, 'Lark refused the card; sending text instead');
      }
    }
    // A distinct uuid: the card attempt may have consumed the first one on Lark's side.
    const textUuid = msg.card ? idempotencyKey('t', uuid) : uuid;
    return { messageId: await post('text', JSON.stringify({ text: msg.text }), textUuid), format: 'text' };
  }

  const messageIdOf = (res: { data?: { message_id?: string } }) => res.data?.message_id ?? '';

  return {
    reply(messageId, msg, uuid, opts = {}) {
      const key = opts.chatId ?? `msg:${messageId}`;
      return withFallback('reply', msg, uuid, async (msgType, content, u) =>
        messageIdOf(
          await call('reply', key, () =>
            client.sdk.im.message.reply({ path: { message_id: messageId }, data: { msg_type: msgType, content, uuid: u, ...(opts.replyInThread ? { reply_in_thread: true } : {}) } }),
          ),
        ),
      );
    },
    send(chatId, msg, uuid) {
      return withFallback('create', msg, uuid, async (msgType, content, u) =>
        messageIdOf(
          await call('create', chatId, () =>
            client.sdk.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: chatId, msg_type: msgType, content, uuid: u } }),
          ),
        ),
      );
    },
    async botInfo() {
      const res = (await call('bot_info', 'bot_info', () => client.sdk.request({ method: 'GET', url: '/open-apis/bot/v3/info' }))) as {
        bot?: { open_id?: string; app_name?: string };
      };
      const openId = res.bot?.open_id;
      if (!openId) throw new LarkApiError('bot_info', 0, 200, 'no bot.open_id in the answer: is the bot ability enabled for this app?');
      return { openId, name: res.bot?.app_name ?? '' };
    },
  };
}
