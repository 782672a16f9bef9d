// The daily digest scheduler: croner fires DIGEST_CRON in DIGEST_TZ; each run posts today's digest to every
// recipient at most once (claim in the digest log → send with a uuid derived from chat and date → mark).
// Failed chats are retried on the next tick of the same date and by a bounded retry timer (a workday cron ticks
// once a day); a chat whose send says the bot is gone (230002) is unsubscribed.
import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import type { DigestPlanner } from '../ports.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { DigestContent } from '../reply/model.js';
import type { DigestLog } from '../state/digest-log.js';
import type { DigestSubscriptions } from '../state/subscriptions.js';
import { addDays, dateIn } from './dates.js';
import type { RotatingDigestPlanner } from './planner.js';
import { DEFAULT_DIGEST_CRON, DEFAULT_DIGEST_TZ, assertDigestSchedule } from './schedule.js';

/** Posts one digest to one chat; resolves with the message id, rejects with an error carrying the Lark code. */
export type DigestSend = (msg: { chatId: string; digest: DigestContent; uuid: string }) => Promise<{ messageId?: string | null } | void>;

/** Lark says the bot is not in the chat (any more): the subscription ends. */
export const BOT_REMOVED_CODES: ReadonlySet<number> = new Set([230002]);
/**
 * The chat cannot take the post today (bot muted 230035, bot ability off 230006, user outside the app's range
 * 230013, blocked by group settings 230018, no permission 230027): no retry today, but the subscription stays.
 */
export const NOT_TODAY_CODES: ReadonlySet<number> = new Set([230035, 230006, 230013, 230018, 230027]);

export interface DigestSchedulerOptions {
  planner: RotatingDigestPlanner;
  subscriptions: DigestSubscriptions;
  log: DigestLog;
  send: DigestSend;
  cron?: string;
  timeZone?: string;
  /** The clock (ms); only the date of each run comes from it, croner keeps real time. */
  now?: () => number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  metrics?: Pick<Metrics, 'digestPosts'>;
  /** Delay before retrying chats that failed, while the date lasts (default 5 min). */
  retryDelayMs?: number;
  /** On start, post today's digest if today's scheduled time has already passed (default true). */
  catchUp?: boolean;
  /** Days of digest log kept (default 60). */
  keepDays?: number;
  /** Chats posted to at the same time (default 4; the outbound path throttles per chat and globally). */
  concurrency?: number;
}

export interface RunReport {
  date: string;
  sent: string[];
  failed: string[];
  removed: string[];
  /** Already done, or being sent by another run. */
  skipped: string[];
}

export interface DigestScheduler extends DigestPlanner {
  start(): void;
  /** Stops the cron and the retry timer, waits (bounded) for a run in progress. */
  stop(timeoutMs?: number): Promise<void>;
  /** One run for `date` (default: today in the digest time zone). */
  runOnce(date?: string): Promise<RunReport>;
  today(): string;
  nextRun(): Date | null;
}

/** `uuid` for a digest send: Lark drops a second message with the same uuid (≤ 50 chars, unique for an hour). */
export function digestUuid(chatId: string, date: string): string {
  return `dg-${date}-${createHash('sha256').update(chatId).digest('hex').slice(0, 24)}`;
}

/** The Lark code in an error from the outbound path (typed error, AxiosError or resolved body), if any. */
export function larkCodeOf(e: unknown): number | null {
  if (typeof e !== 'object' || e === null) return null;
  const o = e as { larkCode?: unknown; code?: unknown; response?: { data?: { code?: unknown } } };
  for (const c of [o.larkCode, o.code, o.response?.data?.code]) if (typeof c === 'number' && c !== 0) return c;
  return null;
}

export function createDigestScheduler(opts: DigestSchedulerOptions): DigestScheduler {
  const cron = opts.cron ?? DEFAULT_DIGEST_CRON;
  const timeZone = opts.timeZone ?? DEFAULT_DIGEST_TZ;
  assertDigestSchedule(cron, timeZone);
  const now = opts.now ?? Date.now;
  const retryDelayMs = opts.retryDelayMs ?? 5 * 60_000;
  const keepDays = opts.keepDays ?? 60;
  const concurrency = opts.concurrency ?? 4;
  const { planner, subscriptions, log, send } = opts;
  const today = () => dateIn(timeZone, now());

  // The documents there at the first start are the baseline; any report added later is announced once.
  log.seedAnnouncements(planner.unannounced([]) ? allDocIds(planner) : []);

  let job: Cron | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const inFlight = new Set<Promise<RunReport>>();

  const digestFor = (date: string) => planner.digestFor(date, { knownDocuments: log.announcedBefore(date) });

  async function run(date: string): Promise<RunReport> {
    const report: RunReport = { date, sent: [], failed: [], removed: [], skipped: [] };
    const recipients = subscriptions.recipients();
    if (recipients.length === 0) return report;
    const digest = digestFor(date);
    const postTo = async (chatId: string) => {
      const uuid = digestUuid(chatId, date);
      const claim = log.claim(chatId, date, uuid);
      if (claim !== 'claimed') {
        report.skipped.push(chatId);
        return;
      }
      try {
        const res = await send({ chatId, digest, uuid });
        log.markSent(chatId, date, res?.messageId ?? null);
        if (digest.announcement) log.recordAnnouncement(digest.announcement.document.id, date);
        report.sent.push(chatId);
        opts.metrics?.digestPosts.inc({ result: 'sent' });
      } catch (e) {
        const code = larkCodeOf(e);
        const why = `${code ?? ''} ${(e as Error)?.message ?? String(e)}`.trim();
        if (code !== null && BOT_REMOVED_CODES.has(code)) {
          log.markGone(chatId, date, why);
          subscriptions.onBotRemoved(chatId, `send failed with ${code}`);
          report.removed.push(chatId);
          opts.metrics?.digestPosts.inc({ result: 'removed' });
          opts.logger?.warn({ chatId, code }, 'digest: bot is not in the chat; subscription ended');
        } else if (code !== null && NOT_TODAY_CODES.has(code)) {
          log.markGone(chatId, date, why);
          report.failed.push(chatId);
          opts.metrics?.digestPosts.inc({ result: 'refused' });
          opts.logger?.warn({ chatId, code }, 'digest: the chat refused the post; not retried today');
        } else {
          log.markFailed(chatId, date, why);
          report.failed.push(chatId);
          opts.metrics?.digestPosts.inc({ result: 'failed' });
          opts.logger?.warn({ chatId, code, err: (e as Error)?.message }, 'digest: send failed; will retry');
        }
      }
    };
    // A small pool of workers over the recipients: bounded concurrency, stops taking chats once stopped.
    const queue = [...recipients];
    const worker = async () => {
      for (let chatId = queue.shift(); chatId !== undefined && !stopped; chatId = queue.shift()) await postTo(chatId);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
    for (const list of [report.sent, report.failed, report.removed, report.skipped]) list.sort();
    return report;
  }

  function scheduleRetry(date: string) {
    if (stopped || retryTimer || log.retryable(date).length === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (stopped || today() !== date) return; // a new date is the next cron tick's business
      void runOnce(date).catch(() => undefined);
    }, retryDelayMs);
    retryTimer.unref();
  }

  function runOnce(date: string = today()): Promise<RunReport> {
    const p = run(date).then(
      (r) => {
        if (r.sent.length + r.failed.length + r.removed.length > 0) opts.logger?.info({ ...r, sent: r.sent.length, skipped: r.skipped.length }, 'digest run');
        scheduleRetry(date);
        return r;
      },
      (e: unknown) => {
        opts.logger?.error({ err: (e as Error)?.message, date }, 'digest run failed');
        throw e;
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  function tick() {
    if (stopped) return;
    const date = today();
    try {
      log.prune(addDays(date, -keepDays));
    } catch {
      /* pruning is housekeeping */
    }
    return runOnce(date).then(
      () => undefined,
      () => undefined,
    );
  }

  return {
    digestFor,
    today,
    runOnce,
    nextRun: () => job?.nextRun(new Date(now())) ?? null,
    start() {
      if (job || stopped) return;
      // protect: a tick never overlaps the previous one in this process (the log guards across processes).
      job = new Cron(cron, { timezone: timeZone, protect: true, catch: true, unref: true }, tick);
      if (opts.catchUp ?? true) {
        // Down at the scheduled time (deploy, crash)? Today's digest still goes out once we are back.
        const last = job.previousRuns(1, new Date(now()))[0];
        if (last && dateIn(timeZone, last.getTime()) === today()) void tick();
      }
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      job?.stop();
      job = null;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((r) => {
          timer = setTimeout(r, timeoutMs);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

function allDocIds(planner: RotatingDigestPlanner): string[] {
  const ids: string[] = [];
  for (let d = planner.unannounced(ids); d; d = planner.unannounced(ids)) ids.push(d.meta.id);
  return ids;
}
