// Errors the bot and its tools raise on purpose carry a code (the pattern of @slack/bolt's ErrorCode and
// asCodedError): a top-level handler branches on `code` and reports `message`, and anything else that was thrown
// (a library's error, a string) becomes an `unknown` error that keeps the original as its cause.

export const ErrorCode = {
  /** The environment has invalid values (src/config.ts). */
  ConfigInvalid: 'config_invalid',
  /** The knowledge directory cannot be used (src/knowledge). */
  KnowledgeInvalid: 'knowledge_invalid',
  /** DIGEST_CRON / DIGEST_TZ cannot schedule anything (src/digest/schedule.ts). */
  DigestScheduleInvalid: 'digest_schedule_invalid',
  /** Anything not raised on purpose. */
  Unknown: 'unknown',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface CodedError extends Error {
  code: ErrorCode;
}

const CODES: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof Error && CODES.has((e as { code?: unknown }).code);
}

export class UnknownError extends Error implements CodedError {
  readonly code = ErrorCode.Unknown;
  override readonly name = 'UnknownError';
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
    if (original instanceof Error && original.stack) this.stack = original.stack;
  }
}

/** Any thrown value as a coded error: itself when it has one of our codes, else an UnknownError around it. */
export function asCodedError(e: unknown): CodedError {
  return isCodedError(e) ? e : new UnknownError(e);
}
