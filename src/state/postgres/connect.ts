// The PostgreSQL pool: BIGINT columns (epoch milliseconds, counts) read as numbers, errors on idle clients
// reported instead of crashing the process, and a description of where it points that never shows the password.
import pRetry from 'p-retry';
import pg from 'pg';

/** Epoch milliseconds and row counts fit a double exactly; BIGINT otherwise arrives as a string. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** `postgres://user@host:port/db` — the URL without its password (for logs, errors and /healthz). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return '(a DATABASE_URL that is not a valid URL)';
  }
}

/** Removes the password (raw and URL-decoded) from a message that might quote the URL. */
export function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return message.split(url).join(describeDatabaseUrl(url));
  }
  let out = message.split(url).join(describeDatabaseUrl(url));
  // (A password of one or two characters would mask half the message; such a password is not a secret anyway.)
  for (const p of new Set([password, safeDecode(password)])) if (p.length >= 3) out = out.split(p).join('***');
  return out;
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export interface PoolOptions {
  /** Connections per process (default 10). */
  max?: number;
  /** How long to wait for a connection before an operation fails (default 2 s). */
  connectionTimeoutMs?: number;
  /** Per-statement limit (default 15 s): a stuck query must not hold an inbox lease forever. */
  statementTimeoutMs?: number;
  onError?: (message: string) => void;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 2_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 15_000,
    // Enforced here too: a server cut off by the network cannot enforce its own statement_timeout.
    query_timeout: (opts.statementTimeoutMs ?? 15_000) + 2_000,
    application_name: 'fazhi-bot',
    types,
  });
  // An idle client whose server went away emits here; without a listener that would end the process.
  pool.on('error', (e) => opts.onError?.(withoutPassword(e.message, url)));
  return pool;
}

export class StateUnavailableError extends Error {
  override readonly name = 'StateUnavailableError';
}

export interface ConnectRetry {
  /** Retries after the first attempt (default 6: about 15 s in all with the backoff). */
  retries?: number;
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  onRetry?: (info: { attempt: number; retriesLeft: number; error: string }) => void;
}

/**
 * Waits until the server answers (it may still be starting, or restarting), with exponential backoff; then
 * rejects with a StateUnavailableError naming DATABASE_URL without its password.
 */
export async function waitForServer(pool: pg.Pool, url: string, retry: ConnectRetry = {}): Promise<void> {
  try {
    await pRetry(
      async () => {
        await pool.query('SELECT 1');
      },
      {
        retries: retry.retries ?? 6,
        minTimeout: retry.minTimeoutMs ?? 500,
        maxTimeout: retry.maxTimeoutMs ?? 4_000,
        factor: 2,
        // Wrong password, unknown database: retrying will not help.
        shouldRetry: ({ error }) => !isPermanent(error),
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft > 0 && !isPermanent(error)) retry.onRetry?.({ attempt: attemptNumber, retriesLeft, error: withoutPassword(error.message, url) });
        },
      },
    );
  } catch (e) {
    const why = withoutPassword((e as Error).message || String(e), url);
    throw new StateUnavailableError(`cannot use the PostgreSQL database in DATABASE_URL (${describeDatabaseUrl(url)}): ${why}`);
  }
}

/** SQLSTATE classes that no retry fixes: invalid authorization (28), invalid catalog name (3D). */
function isPermanent(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('28') || code.startsWith('3D'));
}

/** Runs `f` in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, f: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await f(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
