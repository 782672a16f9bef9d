// The bot's own open_id (bot/v3/info) decides which group messages are for it. Lark being briefly unreachable
// at start-up must not end the process: transient failures are retried with backoff, forever, while the server
// runs and /healthz says why it is degraded. A failure that retrying cannot fix (credentials, bot ability off)
// is handed to `onFatal`, which stops the process with a non-zero exit.
import pRetry from 'p-retry';
import type { Logger } from '../obs/logger.js';
import { classifyLarkError } from './errors.js';
import type { BotInfo } from './outbound.js';

export interface BotIdentity {
  /** The open_id once known, else null. */
  openId(): string | null;
  /** Why it is not known yet (for /healthz); null once known. */
  problem(): string | null;
  /** Settles when the identity is known, or when fetching stopped (fatal error or `stop`). */
  readonly settled: Promise<void>;
  stop(): void;
}

export interface BotIdentityOptions {
  botInfo: () => Promise<BotInfo>;
  logger: Logger;
  onFatal: (message: string) => void;
  /** Backoff between attempts: from `minMs`, doubling, at most `maxMs`. */
  minMs?: number;
  maxMs?: number;
}

export const IDENTITY_RETRY = { minMs: 1_000, maxMs: 30_000 } as const;

export function watchBotIdentity(o: BotIdentityOptions): BotIdentity {
  let openId: string | null = null;
  let problem: string | null = 'bot/v3/info not answered yet';
  const abort = new AbortController();
  const settled = pRetry(
    async () => {
      const info = await o.botInfo();
      openId = info.openId;
      problem = null;
      o.logger.info({ botOpenId: info.openId, name: info.name }, 'bot identity known');
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: o.minMs ?? IDENTITY_RETRY.minMs,
      maxTimeout: o.maxMs ?? IDENTITY_RETRY.maxMs,
      randomize: true,
      signal: abort.signal,
      shouldRetry: ({ error }) => classifyLarkError(error).kind === 'transient',
      onFailedAttempt: ({ error, attemptNumber }) => {
        problem = `bot/v3/info failed: ${error.message}`;
        if (classifyLarkError(error).kind === 'transient') {
          o.logger.warn({ err: error.message, attempt: attemptNumber }, 'bot/v3/info failed; retrying with backoff (group messages wait; /healthz reports degraded)');
        }
      },
    },
  ).then(
    () => undefined,
    (e: unknown) => {
      if (abort.signal.aborted) return;
      const message = (e as Error).message;
      problem = `bot/v3/info failed: ${message}`;
      o.onFatal(
        `Lark refused bot/v3/info: ${message}. Check LARK_APP_ID and LARK_APP_SECRET (Developer Console → Credentials & Basic Info) and that the bot ability is enabled for the app (Features → Bot), then start again.`,
      );
    },
  );
  return {
    openId: () => openId,
    problem: () => problem,
    settled,
    stop: () => abort.abort(),
  };
}
