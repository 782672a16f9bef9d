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

/** Codes that mean the chat can no longer be posted to. */
export const GONE_CODES: readonly number[] = [LarkCode.botNotInChat, LarkCode.noSpeakPermission, LarkCode.userOutsideRange];
/** Codes that mean the card itself was refused: send it as text instead. */
export const CARD_FORMAT_CODES: readonly number[] = [LarkCode.badParam, LarkCode.cardContent, LarkCode.tooLong];

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
    return (
      this.code === LarkCode.rateLimited ||
      this.code === LarkCode.chatRateLimited ||
      this.status === 429 ||
      (this.status !== null && this.status >= 500) ||
      this.code === -1
    );
  }
  get chatGone(): boolean {
    return GONE_CODES.includes(this.code);
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
