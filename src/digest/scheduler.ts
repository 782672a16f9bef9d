// The daily digest scheduler: croner fires DIGEST_CRON in DIGEST_TZ; each run posts today's digest to every
// recipient at most once (claim in the digest log → send with a uuid derived from chat and date → mark).
// Failed chats are retried on the next tick of the same date and by a bounded retry timer (a workday cron ticks
// once a day); a chat whose send says the bot is gone (230002) is unsubscribed.
import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import PQueue from 'p-queue';
import type { DigestPlanner } from '../ports.js';
import { classifyLarkError } from '../lark/errors.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { DigestContent } from '../reply/model.js';
import type { DigestLog } from '../state/digest-log.js';
import type { DigestSubscriptions } from '../state/subscriptions.js';
import { addDays, dateIn } from './dates.js';
import type { RotatingDigestPlanner } from './planner.js';
import { DEFAULT_DIGEST_CRON, DEFAULT_DIGEST_TZ, assertDigestSchedule } from './schedule.js';
import { asCodedError } from '../errors.js';

/** Posts one digest to one chat; resolves with the message id, rejects with an error carrying the Lark code. */
export type DigestSend = (msg: { chatId: string; digest: DigestContent; uuid: string }) => Promise<{ messageId?: string | null } | void>;

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
  digestFor(date: string): Promise<DigestContent>;
  /**
   * Takes the documents there now as the announcement baseline, if the state has none yet (the first start).
   * Called at start-up, so that a report added by a later reload is announced; reads wait for it anyway.
   */
  seed(): Promise<void>;
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

  // The documents there at the first start are the baseline; any report added later is announced once. Every
  // read of the announcements waits for the seed; a seed that failed (state down) is tried again by the next read.
  let seeded: Promise<void> | null = null;
  const seed = () =>
    (seeded ??= log.seedAnnouncements(planner.unannounced([]) ? allDocIds(planner) : []).catch((e: unknown) => {
      seeded = null;
      throw e;
    }));

  let job: Cron | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const isStopped = () => stopped;
  const inFlight = new Set<Promise<RunReport>>();

  const digestFor = async (date: string) => {
    await seed();
    return planner.digestFor(date, { knownDocuments: await log.announcedBefore(date) });
  };

  async function run(date: string): Promise<RunReport> {
    const report: RunReport = { date, sent: [], failed: [], removed: [], skipped: [] };
    const recipients = await subscriptions.recipients();
    if (recipients.length === 0) return report;
    const digest = await digestFor(date);
    const postTo = async (chatId: string) => {
      const uuid = digestUuid(chatId, date);
      const claim = await log.claim(chatId, date, uuid);
      if (claim !== 'claimed') {
        report.skipped.push(chatId);
        return;
      }
      try {
        const res = await send({ chatId, digest, uuid });
        await log.markSent(chatId, date, res?.messageId ?? null);
        if (digest.announcement) await log.recordAnnouncement(digest.announcement.document.id, date);
        report.sent.push(chatId);
        opts.metrics?.digestPosts.inc({ result: 'sent' });
      } catch (e) {
        const { kind, code } = classifyLarkError(e);
        const why = `${code ?? ''} ${asCodedError(e).message}`.trim();
        if (kind === 'chat_gone') {
          await log.markGone(chatId, date, why);
          await subscriptions.onBotRemoved(chatId, `send failed with ${code}`);
          report.removed.push(chatId);
          opts.metrics?.digestPosts.inc({ result: 'removed' });
          opts.logger?.warn({ chatId, code }, 'digest: bot is not in the chat; subscription ended');
        } else if (kind === 'chat_refused' || kind === 'permanent' || kind === 'card_refused') {
          await log.markGone(chatId, date, why);
          report.failed.push(chatId);
          opts.metrics?.digestPosts.inc({ result: 'refused' });
          opts.logger?.warn({ chatId, code }, 'digest: the chat refused the post; not retried today');
        } else {
          await log.markFailed(chatId, date, why);
          report.failed.push(chatId);
          opts.metrics?.digestPosts.inc({ result: 'failed' });
          opts.logger?.warn({ chatId, code, err: asCodedError(e).message }, 'digest: send failed; will retry');
        }
      }
    };
    // Bounded concurrency over the recipients; once stopped, the chats not yet started are skipped.
    const pool = new PQueue({ concurrency: Math.max(1, concurrency) });
    await Promise.all(recipients.map((chatId) => pool.add(async () => (stopped ? undefined : postTo(chatId)))));
    for (const list of [report.sent, report.failed, report.removed, report.skipped]) list.sort();
    return report;
  }

  async function scheduleRetry(date: string) {
    if (stopped || retryTimer) return;
    const chats = await log.retryable(date);
    // Checked again: a stop or another run may have come while the log was read.
    if (chats.length === 0 || isStopped() || retryTimer !== null) return;
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
        void scheduleRetry(date).catch((e: unknown) => opts.logger?.warn({ err: asCodedError(e).message, date }, 'digest: retry not scheduled'));
        return r;
      },
      (e: unknown) => {
        opts.logger?.error({ err: asCodedError(e).message, date }, 'digest run failed');
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
    void log.prune(addDays(date, -keepDays)).catch(() => undefined); // housekeeping
    return runOnce(date).then(
      () => undefined,
      () => undefined,
    );
  }

  return {
    digestFor,
    seed,
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
