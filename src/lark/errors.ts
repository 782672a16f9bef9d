// Lark API failures as one typed error: callers branch on `code` (e.g. 230002 = bot removed from the chat).
// The SDK surfaces failures two ways (docs/DESIGN.md, "Lark facts"): HTTP 4xx/5xx reject with an AxiosError, and HTTP 200
// with `code ≠ 0` resolves. Both become a LarkApiError here.

export const LarkCode = {
  rateLimited: 99991400,
  chatRateLimited: 230020,
  tokenInvalid: 99991663,
  botNotInChat: 230002,
  badParam: 230001,
  cardContent: 230099,
  tooLong: 230025,
  noSpeakPermission: 230035,
  userOutsideRange: 230013,
} as const;

/** The bot is no longer in the chat: the subscription ends. */
export const GONE_CODES: readonly number[] = [LarkCode.botNotInChat];
/**
 * The chat refuses posts for now (bot muted 230035, bot ability off 230006, user outside the app's range 230013,
 * blocked by group settings 230018, no permission 230027): not retried, but the chat is not forgotten, since an
 * administrator can undo each of these.
 */
export const REFUSED_CODES: readonly number[] = [LarkCode.noSpeakPermission, 230006, LarkCode.userOutsideRange, 230018, 230027];
/** Codes that mean the card itself was refused: send it as text instead. */
export const CARD_FORMAT_CODES: readonly number[] = [LarkCode.badParam, LarkCode.cardContent, LarkCode.tooLong];

/**
 * What a failed Lark call means for the caller. `transient`: try again later (rate limits, 5xx, no answer);
 * `chat_gone`: stop posting to the chat; `chat_refused`: not now, keep the chat; `card_refused`: send text;
 * `permanent`: retrying the same request cannot help.
 */
export type LarkErrorKind = 'transient' | 'chat_gone' | 'chat_refused' | 'card_refused' | 'permanent';

/** The Lark business code in any error from the outbound path (typed error, AxiosError, resolved body), if any. */
export function larkCodeOf(e: unknown): number | null {
  if (typeof e !== 'object' || e === null) return null;
  const o = e as { code?: unknown; larkCode?: unknown; response?: { data?: { code?: unknown } } };
  for (const c of [o.larkCode, o.code, o.response?.data?.code]) if (typeof c === 'number' && c !== 0) return c;
  return null;
}

/** The one classification of Lark failures, used by replies and the digest alike. */
export function classifyLarkError(e: unknown): { kind: LarkErrorKind; code: number | null } {
  const code = larkCodeOf(e);
  const status = e instanceof LarkApiError ? e.status : (((e as { response?: { status?: unknown } } | null)?.response?.status as number | undefined) ?? null);
  if (code !== null && GONE_CODES.includes(code)) return { kind: 'chat_gone', code };
  if (code !== null && REFUSED_CODES.includes(code)) return { kind: 'chat_refused', code };
  if (code !== null && CARD_FORMAT_CODES.includes(code)) return { kind: 'card_refused', code };
  if (code === LarkCode.rateLimited || code === LarkCode.chatRateLimited || status === 429 || (status !== null && status >= 500)) return { kind: 'transient', code };
  // No Lark answer at all (network, timeout: -1) or our own send queue full (-2).
  if (code !== null && code < 0) return { kind: 'transient', code };
  // An answer without a usable code (HTTP 4xx, or 200 without the expected data) will not change on retry.
  if (code === null && e instanceof LarkApiError && e.status !== null) return { kind: 'permanent', code };
  // An error of unknown shape: assume the network, as the safer guess is to try again later.
  if (code === null) return { kind: 'transient', code };
  return { kind: 'permanent', code };
}

export class LarkApiError extends Error {
  override readonly name = 'LarkApiError';
  constructor(
    readonly api: string,
    /** The Lark business code; -1 when there was no Lark answer (network, timeout), -2 when our queue was full. */
    readonly code: number,
    /** HTTP status, or null without a response. */
    readonly status: number | null,
    message: string,
    /** Seconds from `x-ogw-ratelimit-reset`, when Lark sent it. */
    readonly resetSeconds: number | null = null,
  ) {
    super(`Lark ${api} failed: ${status ?? 'no response'} code ${code} ${message}`);
  }
  get retryable(): boolean {
    return classifyLarkError(this).kind === 'transient';
  }
  get chatGone(): boolean {
    return classifyLarkError(this).kind === 'chat_gone';
  }
}

interface AxiosLike {
  response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, unknown> };
  code?: string;
  message?: string;
}

/** Any thrown value from an SDK call → LarkApiError (messages only: never the request config). */
export function toLarkError(api: string, e: unknown): LarkApiError {
  if (e instanceof LarkApiError) return e;
  const a = (typeof e === 'object' && e !== null ? e : {}) as AxiosLike;
  if (a.response) {
    const status = a.response.status ?? null;
    const data = a.response.data ?? {};
    const resetRaw = a.response.headers?.['x-ogw-ratelimit-reset'];
    const reset = resetRaw === undefined ? null : Number(resetRaw);
    const code = typeof data.code === 'number' ? data.code : status === 429 ? LarkCode.rateLimited : 0;
    return new LarkApiError(api, code, status, String(data.msg ?? a.message ?? ''), Number.isFinite(reset) ? reset : null);
  }
  return new LarkApiError(api, -1, null, String(a.code ?? a.message ?? e));
}

/** A resolved SDK response with `code ≠ 0` → LarkApiError; `code 0` → null. */
export function resolvedError(api: string, res: unknown): LarkApiError | null {
  const r = (typeof res === 'object' && res !== null ? res : {}) as { code?: number; msg?: string };
  if (r.code === undefined || r.code === 0) return null;
  return new LarkApiError(api, r.code, 200, String(r.msg ?? ''));
}
