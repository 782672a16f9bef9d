// A digest stack for tests: real SQLite file in a temp dir, the real SDK and the bot's outbound path (src/lark)
// pointed at the mock Open API server, a controllable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { createDigestPlanner, type RotatingDigestPlanner } from '../../src/digest/planner.js';
import { createDigestScheduler, type DigestScheduler, type DigestSchedulerOptions } from '../../src/digest/scheduler.js';
import { digestSendVia } from '../../src/digest/send.js';
import { createLarkClient } from '../../src/lark/client.js';
import { createOutbound, type OutboundDeps } from '../../src/lark/outbound.js';
import { Throttle } from '../../src/lark/throttle.js';
import { createLogger } from '../../src/obs/logger.js';
import { createMetrics, type Metrics } from '../../src/obs/metrics.js';
import { migrateSqlite } from '../../src/state/db.js';
import { createDigestLog, type DigestLog } from '../../src/state/digest-log.js';
import { createSubscriptionStore, type DigestSubscriptions } from '../../src/state/subscriptions.js';
import { TEST_APP_ID } from './lark-events.js';
import type { MockLark } from './mock-lark.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { shippedKb } from './knowledge.js';

/** 09:00 in Asia/Shanghai on `date`, as epoch ms. */
export const nineAm = (date: string) => Date.parse(`${date}T01:00:00Z`);

export class FakeClock {
  constructor(public t: number) {}
  now = () => this.t;
  set(ms: number) {
    this.t = ms;
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export interface Stack {
  db: Database.Database;
  planner: RotatingDigestPlanner;
  subscriptions: DigestSubscriptions;
  log: DigestLog;
  scheduler: DigestScheduler;
  metrics: Metrics;
  /** How many runs read the recipients (one per tick or runOnce). */
  runs: () => number;
  close(): Promise<void>;
}

const kb = shippedKb();

export function tempDataDir(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'digest-state-'));
  return { dir, file: join(dir, 'state.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openStack(
  mock: MockLark,
  file: string,
  clock: FakeClock,
  opts: Partial<DigestSchedulerOptions> & { configChatIds?: string[]; retryAttempts?: number; kb?: KnowledgeBase } = {},
): Stack {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  migrateSqlite(db);
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const metrics = createMetrics({ defaultMetrics: false });
  const client = createLarkClient({ appId: TEST_APP_ID, appSecret: 'digest-test-secret', domain: mock.url, logger });
  const outbound = createOutbound({
    client,
    metrics,
    logger,
    sleep: async () => undefined, // retries without real waiting
    // (cast: OutboundDeps types `retry` from an `as const` default, i.e. as literal numbers)
    retry: { maxAttempts: opts.retryAttempts ?? 2 } as OutboundDeps['retry'],
    throttle: new Throttle({ perKeyPerSec: 1000, globalPerSec: 1000, maxWaiting: 100 }),
  });
  const planner = createDigestPlanner(opts.kb ?? kb);
  const subs = createSubscriptionStore(db, { configChatIds: opts.configChatIds ?? [], now: clock.now });
  let runs = 0;
  const subscriptions: DigestSubscriptions = {
    ...subs,
    recipients: async () => {
      runs++;
      return subs.recipients();
    },
  };
  const log = createDigestLog(db, { now: clock.now });
  const { kb: _kb, configChatIds: _c, retryAttempts: _r, ...schedulerOpts } = opts;
  const scheduler = createDigestScheduler({
    planner,
    subscriptions,
    log,
    send: digestSendVia(outbound),
    timeZone: 'Asia/Shanghai',
    now: clock.now,
    logger,
    metrics,
    catchUp: false,
    ...schedulerOpts,
  });
  return {
    db,
    planner,
    subscriptions,
    log,
    scheduler,
    metrics,
    runs: () => runs,
    async close() {
      await scheduler.stop();
      db.close();
    },
  };
}

/** A run of Han characters from a section title, present verbatim in the card (no markdown escaping applies). */
export function titleMark(title: string): string {
  return title.match(/\p{Script=Han}{5,}/u)?.[0] ?? title;
}
