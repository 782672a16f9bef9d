// The shared state backend (DATABASE_URL): a pg pool, migrated at open under an advisory lock, holding every
// store, so several replicas behind a load balancer share dedupe, inbox leases, digest claims and logs.
import type pg from 'pg';
import type { StateBackend, StateHealth } from '../ports.js';
import { createPool, describeDatabaseUrl, waitForServer, withoutPassword, type ConnectRetry, type PoolOptions } from './connect.js';
import { createPgDigestLog } from './digest-log.js';
import { createPgFailedReplies } from './failed-replies.js';
import { createPgFeedbackStore } from './feedback.js';
import { createPgInbox } from './inbox.js';
import { migratePostgres } from './migrate.js';
import { createPgQuestionLog } from './question-log.js';
import { createPgSubscriptionStore } from './subscriptions.js';

/** /healthz must answer quickly even when the server hangs. */
const HEALTH_TIMEOUT_MS = 2_000;

export interface PgStateOptions extends PoolOptions {
  retry?: ConnectRetry;
  /** Told which versions this start applied (none when another replica or an earlier start did). */
  onMigrated?: (versions: number[]) => void;
}

export async function openPgState(url: string, opts: PgStateOptions = {}): Promise<StateBackend & { pool: pg.Pool }> {
  const pool = createPool(url, opts);
  try {
    await waitForServer(pool, url, opts.retry);
    const applied = await migratePostgres(pool); // not inside `onMigrated?.(…)`: that would skip it when absent
    opts.onMigrated?.(applied);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  let closed = false;
  return {
    kind: 'postgres',
    where: describeDatabaseUrl(url),
    singleProcess: false,
    pool,
    stores: (o = {}) => ({
      inbox: createPgInbox(pool, o.inbox),
      failedReplies: createPgFailedReplies(pool),
      subscriptions: createPgSubscriptionStore(pool, o.subscriptions),
      digestLog: createPgDigestLog(pool, o.digestLog),
      feedback: createPgFeedbackStore(pool),
      questionLog: createPgQuestionLog(pool, o.questionLog),
    }),
    async health(): Promise<StateHealth> {
      if (closed) return { ready: false, backend: 'postgres', error: 'closed' };
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          pool.query('SELECT 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
          }),
        ]);
        return { ready: true, backend: 'postgres' };
      } catch (e) {
        return { ready: false, backend: 'postgres', error: `PostgreSQL (${describeDatabaseUrl(url)}) unreachable: ${withoutPassword((e as Error).message, url)}` };
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
