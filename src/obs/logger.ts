// Structured logs (pino). Secrets and message bodies are redacted: a log line must never carry an app secret,
// an encrypt key, a token, or what a user wrote (at info level; `LOG_LEVEL=debug` shows question text).
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'appSecret',
  'encryptKey',
  'verificationToken',
  'token',
  'tenant_access_token',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'config.LARK_APP_SECRET',
  'config.LARK_ENCRYPT_KEY',
  'config.LARK_VERIFICATION_TOKEN',
  '*.appSecret',
  '*.encryptKey',
  '*.verificationToken',
  '*.app_secret',
  '*.tenant_access_token',
  'body',
  'content',
  '*.content',
];

export function createLogger(opts: { level?: string; destination?: DestinationStream; name?: string; scrub?: (line: string) => string } = {}): Logger {
  const scrub = opts.scrub;
  return pino(
    {
      name: opts.name ?? 'fazhi-bot',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      // Spam terms never reach the log either, whatever a line carries (an error quoting user text, a debug line).
      ...(scrub ? { hooks: { streamWrite: scrub } } : {}),
    },
    opts.destination,
  );
}

/** A logger that drops everything: for CLIs and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
