// The one path every Lark event takes, whatever carried it (the HTTP webhook or the long connection):
// decide → claim (dedupe) → durable inbox → enqueue, then the answer job. The receiver acks only after `handle`
// resolves, so a message is stored before Lark stops redelivering it; the answer runs after the ack.
// Every store call is awaited: the stores may be local (SQLite) or shared between replicas (PostgreSQL).
import type { QuestionRecorder, Router } from '../ports.js';
import type { Inbound } from '../lark/decode.js';
import type { LarkOutbound } from '../lark/outbound.js';
import { parseMessage } from '../lark/parse-message.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { FailedReplies } from '../state/failed-replies.js';
import type { FeedbackStore } from '../state/feedback.js';
import type { Inbox } from '../state/inbox.js';
import { DEFAULT_LEASE_MS } from '../state/ports.js';
import { answerJob, MAX_LATER_ATTEMPTS, type AnswerJob } from './answer-job.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

/** The state the pipeline needs; built by the composition root (SQLite or PostgreSQL). */
export interface EventStores {
  inbox: Inbox;
  feedback: FeedbackStore;
  failedReplies: FailedReplies;
}

/** An authenticated, decoded event (the URL-verification challenge is the webhook's own business). */
export type PipelineEvent = Exclude<Inbound, { kind: 'challenge' }>;

/**
 * `ack`: the receiver confirms delivery (HTTP 200 / `{"code":200}` frame), with `body` as the callback's answer.
 * `retry`: not taken; the receiver must not confirm, so Lark delivers the event again later.
 */
export type Outcome = { ack: true; type: string; body?: object } | { ack: false; reason: string; message: string };

export interface PipelineDeps {
  stores: EventStores;
  router: Router;
  outbound: LarkOutbound;
  /** The bot's own open_id (from bot/v3/info); null until known — group messages are then not taken. */
  botOpenId: () => string | null;
  metrics: Metrics;
  logger: Logger;
  recorder?: QuestionRecorder;
  onBotRemoved?: (chatId: string) => void | Promise<void>;
  onBotAdded?: (chatId: string) => void | Promise<void>;
  queue?: { capacity?: number; concurrency?: number };
  /** Delay before a reply that failed transiently (rate limit, 5xx, network) is tried again. */
  retryDelayMs?: number;
  /** How long an event may wait for the stores before it is refused (default HANDLE_TIMEOUT_MS). */
  handleTimeoutMs?: number;
  /** How long this process holds an inbox entry it answers; a later retry holds it for its delay plus this. */
  leaseMs?: number;
  now?: () => number;
}

export interface EventPipeline {
  handle(event: PipelineEvent): Promise<Outcome>;
  queue: WorkQueue<AnswerJob>;
  readonly shuttingDown: boolean;
  /**
   * Queues the inbox entries acked but not answered whose lease has expired (a crash between ack and reply, here
   * or on another replica); `all` takes every pending entry (one process owns the state). Resolves to how many.
   */
  resume(opts?: { all?: boolean }): Promise<number>;
  /** New events are refused from now on (Lark redelivers them later). */
  beginShutdown(): void;
  /** Waits for queued answers, at most `timeoutMs`; true when all finished. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Drops dedupe entries past their TTL. */
  prune(): Promise<number>;
}

export const DEFAULT_QUEUE = { capacity: 1_000, concurrency: 8 } as const;
export const RETRY_LATER_MS = 30_000;
/** Acked messages younger than this are answered after a restart; older ones are too stale to answer. */
export const RESUME_WINDOW_MS = 30 * 60 * 1000;
/**
 * A message older than this when it arrives (Lark redelivers for up to ~7.1 h after a failed ack) is acknowledged
 * and logged but not answered: the same 30 minutes after which an acked message is no longer resumed.
 */
export const STALE_MESSAGE_MS = RESUME_WINDOW_MS;
/** Resumes and later retries together: a job that keeps failing or crashing the process is given up. */
const MAX_RESUME_ATTEMPTS = MAX_LATER_ATTEMPTS + 3;
/**
 * Lark waits 3 s for the ack. A store slower than this (a database that hangs) gets a 503 — Lark redelivers — while
 * the claim goes on: if it lands, the job is queued and the redelivery is a duplicate; if not, the redelivery claims.
 */
export const HANDLE_TIMEOUT_MS = 2_500;
/** Entries taken over per resume call; the rest go at the next sweep (the queue must not swallow a huge backlog). */
const RESUME_BATCH = 500;

const THANKS = { up: '感谢反馈!', down: '感谢反馈,我们会改进答案。' } as const;

export function createEventPipeline(deps: PipelineDeps): EventPipeline {
  const now = deps.now ?? Date.now;
  const { metrics, logger } = deps;
  const { inbox, feedback, failedReplies } = deps.stores;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  let shuttingDown = false;

  // Entries this process holds in memory (queued, running, or waiting for a later retry), with when their lease was
  // last taken or renewed here: a sweep that finds their lease expired (a long queue) must not queue them a second
  // time, and a job whose lease is fresh need not renew it before answering (one round trip less per message).
  const held = new Map<string, number>();
  const retrying = new Set<string>();
  const enqueue = (job: AnswerJob, leasedAt: number) => {
    held.set(job.key, leasedAt);
    queue.offer(job, { force: true });
  };
  const leaseFresh = (key: string) => now() - (held.get(key) ?? 0) < leaseMs / 2;
  // A send can outlast the lease (outbound retries, a rate-limit reset): renew it while the job runs, so no other
  // replica takes over an entry this one is still answering.
  const heartbeat = (key: string) => {
    const timer = setInterval(() => {
      const at = now();
      void inbox.renew(key).then(
        (ok) => ok && held.has(key) && held.set(key, at),
        () => undefined, // the store is down: the job's own writes will say so
      );
    }, leaseMs / 3);
    timer.unref();
    return () => clearInterval(timer);
  };

  const queue = createWorkQueue<AnswerJob>({
    capacity: deps.queue?.capacity ?? DEFAULT_QUEUE.capacity,
    concurrency: deps.queue?.concurrency ?? DEFAULT_QUEUE.concurrency,
    onDepth: (n) => metrics.queueDepth.set(n),
    onError: (e, job) => logger.error({ err: (e as Error).message, messageId: job.messageId }, 'answer job crashed'),
    run: (job) => {
      const stop = heartbeat(job.key);
      return answerJob(job, {
        router: deps.router,
        outbound: deps.outbound,
        inbox,
        failedReplies,
        metrics,
        logger,
        ...(deps.recorder ? { recorder: deps.recorder } : {}),
        ...(deps.onBotRemoved ? { onBotRemoved: deps.onBotRemoved } : {}),
        retryLater,
        leaseFresh,
        now,
      }).finally(() => {
        stop();
        if (!retrying.has(job.key)) held.delete(job.key);
      });
    },
  });

  // Later retries: bounded timers, cleared at shutdown (the inbox entry stays pending and resumes at next start).
  const retryTimers = new Set<NodeJS.Timeout>();
  function retryLater(job: AnswerJob) {
    if (shuttingDown) return;
    const delay = deps.retryDelayMs ?? RETRY_LATER_MS;
    // The entry stays this process's until the retry has had its lease; if this process dies, another takes it.
    void inbox.renew(job.key, delay + leaseMs).catch((e: unknown) => logger.warn({ err: (e as Error).message, messageId: job.messageId }, 'lease renewal failed'));
    retrying.add(job.key);
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      retrying.delete(job.key);
      if (shuttingDown) held.delete(job.key);
      else enqueue(job, 0); // renewed when it starts: the lease must still be this process's
    }, delay);
    timer.unref();
    retryTimers.add(timer);
  }

  const refuse = (reason: string, message: string): Outcome => {
    metrics.eventsRefused.inc({ reason });
    return { ack: false, reason, message };
  };

  async function message(event: Extract<PipelineEvent, { kind: 'message' }>): Promise<Outcome> {
    const type = 'im.message.receive_v1';
    metrics.eventsReceived.inc({ type });
    const m = event.event;
    const log = logger.child({ eventId: event.eventId, messageId: m.messageId, chatId: m.chatId });
    const parsed = parseMessage(m, deps.botOpenId());
    // Without its own open_id the bot cannot tell whether a group message is for it: let Lark redeliver later.
    if (parsed.kind === 'ignore' && parsed.reason === 'unknown_bot') return refuse('bot_identity_unknown', 'bot identity not known yet (bot/v3/info); Lark will redeliver');
    if (parsed.kind === 'ignore') {
      metrics.eventsRefused.inc({ reason: parsed.reason });
      log.debug({ reason: parsed.reason }, 'message ignored');
      return { ack: true, type };
    }
    if (m.createTime !== null && now() - m.createTime > STALE_MESSAGE_MS) {
      metrics.eventsRefused.inc({ reason: 'stale' });
      log.warn({ ageMinutes: Math.round((now() - m.createTime) / 60_000) }, 'message too old to answer (a late redelivery); acknowledged without a reply');
      return { ack: true, type };
    }
    // Full: refuse before claiming, so Lark's redelivery is not mistaken for a duplicate.
    if (queue.full) return refuse('queue_full', 'busy; Lark will redeliver');
    const receivedAt = now();
    const key = `msg:${m.messageId}`;
    const job: AnswerJob = {
      key,
      eventId: event.eventId,
      messageId: m.messageId,
      chatId: m.chatId,
      chatType: m.chatType === 'group' ? 'group' : 'p2p',
      userId: m.senderOpenId,
      receivedAt,
      input: parsed.kind === 'text' ? { kind: 'text', text: parsed.text } : { kind: 'unsupported', messageType: parsed.messageType },
    };
    if ((await inbox.claim({ key, eventId: event.eventId, receivedAt, payload: job })) === 'duplicate') {
      metrics.eventsDeduplicated.inc({ type });
      log.info('redelivery ignored');
      return { ack: true, type };
    }
    enqueue(job, receivedAt);
    log.debug({ input: job.input.kind }, 'accepted');
    return { ack: true, type };
  }

  async function cardAction(event: Extract<PipelineEvent, { kind: 'card_action' }>): Promise<Outcome> {
    const type = 'card.action.trigger';
    metrics.eventsReceived.inc({ type });
    const v = event.action.value;
    const vote = v.vote === 'up' || v.vote === 'down' ? v.vote : null;
    // A callback's answer must be an object (`{}` changes nothing): an empty answer shows the user an error.
    if (v.action !== 'feedback' || !vote) return { ack: true, type, body: {} };
    const thanks = { toast: { type: 'success', content: THANKS[vote] } };
    const at = now();
    if ((await inbox.claimEvent(event.eventId, at)) === 'duplicate') {
      metrics.eventsDeduplicated.inc({ type });
      return { ack: true, type, body: thanks };
    }
    const messageId = (typeof v.mid === 'string' && v.mid) || event.action.openMessageId || '';
    const userId = event.action.operatorOpenId;
    await feedback.record({
      messageId,
      userId,
      vote,
      question: typeof v.q === 'string' ? v.q : '',
      sentenceId: typeof v.sid === 'string' ? v.sid : null,
      section: typeof v.sec === 'string' ? v.sec : null,
      chatId: event.action.chatId,
      at,
    });
    try {
      await deps.recorder?.vote(messageId, vote, userId);
    } catch (e) {
      logger.warn({ err: (e as Error).message }, 'question recorder vote failed');
    }
    metrics.feedbackVotes.inc({ vote });
    return { ack: true, type, body: thanks };
  }

  async function membership(event: Extract<PipelineEvent, { kind: 'bot_removed' | 'bot_added' }>): Promise<Outcome> {
    const removed = event.kind === 'bot_removed';
    const type = removed ? 'im.chat.member.bot.deleted_v1' : 'im.chat.member.bot.added_v1';
    metrics.eventsReceived.inc({ type });
    if ((await inbox.claimEvent(event.eventId, now())) === 'duplicate') {
      metrics.eventsDeduplicated.inc({ type });
      return { ack: true, type };
    }
    try {
      await (removed ? deps.onBotRemoved : deps.onBotAdded)?.(event.chatId);
    } catch (e) {
      logger.warn({ err: (e as Error).message, chatId: event.chatId, type }, 'chat membership hook failed');
    }
    return { ack: true, type };
  }

  function route(event: PipelineEvent): Promise<Outcome> {
    switch (event.kind) {
      case 'message':
        return message(event);
      case 'card_action':
        return cardAction(event);
      case 'bot_removed':
      case 'bot_added':
        return membership(event);
      case 'other': {
        const type = event.eventType || 'unknown';
        metrics.eventsReceived.inc({ type });
        return Promise.resolve({ ack: true, type });
      }
    }
  }

  return {
    queue,
    get shuttingDown() {
      return shuttingDown;
    },
    async handle(event) {
      if (shuttingDown) return refuse('shutting_down', 'shutting down; Lark will redeliver');
      let timer: NodeJS.Timeout | undefined;
      try {
        const slow = new Promise<Outcome>((resolve) => {
          timer = setTimeout(() => {
            logger.warn({ eventId: event.eventId }, 'state store slow; event refused for now');
            resolve(refuse('state_slow', 'state store too slow; Lark will redeliver'));
          }, deps.handleTimeoutMs ?? HANDLE_TIMEOUT_MS);
        });
        return await Promise.race([route(event), slow]);
      } catch (e) {
        // The state could not store the event (database down): not acked, so Lark delivers it again, rather than an
        // ack for an event that would be lost.
        logger.error({ err: (e as Error).message, eventId: event.eventId }, 'state unavailable; event refused');
        return refuse('state_unavailable', 'state store unavailable; Lark will redeliver');
      } finally {
        clearTimeout(timer);
      }
    },
    async resume({ all = false } = {}) {
      if (shuttingDown) return 0;
      let n = 0;
      for (const entry of await inbox.takeOver<AnswerJob>({ since: now() - RESUME_WINDOW_MS, limit: RESUME_BATCH, all })) {
        if (held.has(entry.key)) {
          held.set(entry.key, now()); // still queued here: the sweep only renewed its lease
          continue;
        }
        // A job that crashed the process repeatedly is given up rather than looping forever.
        if (entry.attempts > MAX_RESUME_ATTEMPTS) {
          await inbox.markFailed(entry.key, 'gave up after repeated restarts');
          continue;
        }
        enqueue(entry.payload, now());
        n++;
      }
      if (n > 0) logger.info({ resumed: n }, 'resuming answers acked but not answered (a restart, or a replica that stopped)');
      return n;
    },
    beginShutdown() {
      shuttingDown = true;
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
    },
    drain: (timeoutMs) => queue.drain(timeoutMs),
    prune: async () => inbox.prune(now()),
  };
}
