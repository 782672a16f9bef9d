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
  onBotRemoved?: (chatId: string) => void;
  onBotAdded?: (chatId: string) => void;
  queue?: { capacity?: number; concurrency?: number };
  /** Delay before a reply that failed transiently (rate limit, 5xx, network) is tried again. */
  retryDelayMs?: number;
  now?: () => number;
}

export interface EventPipeline {
  handle(event: PipelineEvent): Promise<Outcome>;
  queue: WorkQueue<AnswerJob>;
  readonly shuttingDown: boolean;
  /** Queues the inbox entries acked but not answered (a crash between ack and reply); resolves to how many. */
  resume(): Promise<number>;
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
/** Resumes and later retries together: a job that keeps failing or crashing the process is given up. */
const MAX_RESUME_ATTEMPTS = MAX_LATER_ATTEMPTS + 3;

const THANKS = { up: '感谢反馈!', down: '感谢反馈,我们会改进答案。' } as const;

export function createEventPipeline(deps: PipelineDeps): EventPipeline {
  const now = deps.now ?? Date.now;
  const { metrics, logger } = deps;
  const { inbox, feedback, failedReplies } = deps.stores;
  let shuttingDown = false;

  const queue = createWorkQueue<AnswerJob>({
    capacity: deps.queue?.capacity ?? DEFAULT_QUEUE.capacity,
    concurrency: deps.queue?.concurrency ?? DEFAULT_QUEUE.concurrency,
    onDepth: (n) => metrics.queueDepth.set(n),
    onError: (e, job) => logger.error({ err: (e as Error).message, messageId: job.messageId }, 'answer job crashed'),
    run: (job) =>
      answerJob(job, {
        router: deps.router,
        outbound: deps.outbound,
        inbox,
        failedReplies,
        metrics,
        logger,
        ...(deps.recorder ? { recorder: deps.recorder } : {}),
        ...(deps.onBotRemoved ? { onBotRemoved: deps.onBotRemoved } : {}),
        retryLater,
        now,
      }),
  });

  // Later retries: bounded timers, cleared at shutdown (the inbox entry stays pending and resumes at next start).
  const retryTimers = new Set<NodeJS.Timeout>();
  function retryLater(job: AnswerJob) {
    if (shuttingDown) return;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      if (!shuttingDown) queue.offer(job, { force: true });
    }, deps.retryDelayMs ?? RETRY_LATER_MS);
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
    queue.offer(job, { force: true });
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

  return {
    queue,
    get shuttingDown() {
      return shuttingDown;
    },
    handle(event) {
      if (shuttingDown) return Promise.resolve(refuse('shutting_down', 'shutting down; Lark will redeliver'));
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
    },
    async resume() {
      let n = 0;
      for (const entry of await inbox.pending<AnswerJob>(now() - RESUME_WINDOW_MS)) {
        // A job that crashed the process repeatedly is given up rather than looping forever.
        if ((await inbox.addAttempt(entry.key)) > MAX_RESUME_ATTEMPTS) {
          await inbox.markFailed(entry.key, 'gave up after repeated restarts');
          continue;
        }
        queue.offer(entry.payload, { force: true });
        n++;
      }
      if (n > 0) logger.info({ resumed: n }, 'resuming answers acked before a restart');
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
