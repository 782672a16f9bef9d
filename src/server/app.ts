// The HTTP app: POST /webhook/event (Lark), GET /healthz, GET /metrics, POST /api/ask. Built from injected
// dependencies so tests construct it with real parts on port 0; src/main.ts is the only caller in production.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Database } from 'better-sqlite3';
import type { QuestionRecorder, Router } from '../engine.js';
import type { LarkOutbound } from '../lark/outbound.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import { toAskJson } from '../reply/to-json.js';
import { isDatabaseReady } from '../state/db.js';
import { createFailedReplies, type FailedReplies } from '../state/failed-replies.js';
import { createFeedbackStore, type FeedbackStore } from '../state/feedback.js';
import { createInbox, type Inbox } from '../state/inbox.js';
import { answerJob, MAX_LATER_ATTEMPTS, type AnswerJob } from './answer-job.js';
import { createWebhookHandler } from './webhook.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

export const MAX_BODY = '1mb';
/** Acked messages younger than this are answered after a restart; older ones are too stale to answer. */
export const RESUME_WINDOW_MS = 30 * 60 * 1000;
/** Resumes and later retries together: a job that keeps failing or crashing the process is given up. */
const MAX_RESUME_ATTEMPTS = MAX_LATER_ATTEMPTS + 3;
const MAX_ASK_CHARS = 2000;

export interface LarkDeps {
  outbound: LarkOutbound;
  encryptKey: string | null;
  verificationToken: string | null;
  /** The bot's own open_id once known (bot/v3/info). */
  botOpenId: () => string | null;
}

export interface KnowledgeStatus {
  ready: boolean;
  documents: number;
  version: string | null;
  /** When the knowledge being served was loaded (it reloads while the server runs). */
  loadedAt?: string;
  error?: string;
}

export interface AppDeps {
  router: Router;
  knowledge: () => KnowledgeStatus;
  db: Database;
  metrics: Metrics;
  logger: Logger;
  /** Absent in local mode: the webhook then answers 503 with how to configure Lark. */
  lark?: LarkDeps | null;
  recorder?: QuestionRecorder;
  /** Called when the bot was removed from a chat (event or send error 230002): the digest ends the subscription. */
  onBotRemoved?: (chatId: string) => void;
  /** Called when the bot was added to a chat (`im.chat.member.bot.added_v1`, if subscribed in the console). */
  onBotAdded?: (chatId: string) => void;
  queue?: { capacity?: number; concurrency?: number };
  /** Delay before a reply that failed transiently (rate limit, 5xx, network) is tried again. */
  retryDelayMs?: number;
  now?: () => number;
  /** Extra routers (e.g. the playground), mounted after the built-in routes and before the 404. */
  mount?: ((app: Express) => void)[];
}

export interface BotApp {
  app: Express;
  inbox: Inbox;
  feedback: FeedbackStore;
  failedReplies: FailedReplies;
  queue: WorkQueue<AnswerJob>;
  /** Queues the inbox entries acked but not answered (a crash between ack and reply); returns how many. */
  resume(): number;
  /** New events get 503 from now on (Lark redelivers them later). */
  beginShutdown(): void;
  /** Waits for queued answers, at most `timeoutMs`; true when all finished. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Drops dedupe entries past their TTL. */
  prune(): number;
}

export const DEFAULT_QUEUE = { capacity: 1_000, concurrency: 8 } as const;
export const RETRY_LATER_MS = 30_000;

export function createApp(deps: AppDeps): BotApp {
  const now = deps.now ?? Date.now;
  const { metrics, logger } = deps;
  const inbox = createInbox(deps.db);
  const feedback = createFeedbackStore(deps.db);
  const failedReplies = createFailedReplies(deps.db);
  let shuttingDown = false;
  const lark = deps.lark ?? null;

  const queue = createWorkQueue<AnswerJob>({
    capacity: deps.queue?.capacity ?? DEFAULT_QUEUE.capacity,
    concurrency: deps.queue?.concurrency ?? DEFAULT_QUEUE.concurrency,
    onDepth: (n) => metrics.queueDepth.set(n),
    onError: (e, job) => logger.error({ err: (e as Error).message, messageId: job.messageId }, 'answer job crashed'),
    run: async (job) => {
      if (!lark) return;
      await answerJob(job, {
        router: deps.router,
        outbound: lark.outbound,
        inbox,
        failedReplies,
        metrics,
        logger,
        ...(deps.recorder ? { recorder: deps.recorder } : {}),
        ...(deps.onBotRemoved ? { onBotRemoved: deps.onBotRemoved } : {}),
        retryLater,
        now,
      });
    },
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

  const app = express();
  app.disable('x-powered-by');

  if (lark) {
    app.post(
      '/webhook/event',
      express.raw({ type: () => true, limit: MAX_BODY }),
      createWebhookHandler({
        encryptKey: lark.encryptKey,
        verificationToken: lark.verificationToken,
        botOpenId: lark.botOpenId,
        inbox,
        feedback,
        queue,
        metrics,
        logger,
        ...(deps.recorder ? { recorder: deps.recorder } : {}),
        ...(deps.onBotRemoved ? { onBotRemoved: deps.onBotRemoved } : {}),
        ...(deps.onBotAdded ? { onBotAdded: deps.onBotAdded } : {}),
        isShuttingDown: () => shuttingDown,
        now,
      }),
    );
  } else {
    app.post('/webhook/event', (_req, res) => {
      metrics.eventsRefused.inc({ reason: 'lark_not_configured' });
      res.status(503).json({ error: 'lark_not_configured', message: 'Local mode: set LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY (see docs/lark-setup.md).' });
    });
  }

  app.get('/healthz', (_req, res) => {
    const knowledge = deps.knowledge();
    const stateReady = isDatabaseReady(deps.db);
    const ok = knowledge.ready && stateReady && !shuttingDown;
    res.status(ok ? 200 : 503).json({
      status: shuttingDown ? 'shutting_down' : ok ? 'ok' : 'unavailable',
      mode: lark ? 'lark' : 'local',
      knowledge,
      state: { ready: stateReady },
      lark: lark ? { botOpenIdKnown: lark.botOpenId() !== null } : null,
      queue: { waiting: queue.waiting, running: queue.running },
    });
  });

  app.get('/metrics', async (_req, res) => {
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post('/api/ask', express.json({ limit: '64kb' }), (req, res) => {
    const q: unknown = (req.body as { question?: unknown } | undefined)?.question;
    if (typeof q !== 'string' || q.trim() === '') return void res.status(400).json({ error: 'bad_request', message: 'send {"question": "..."}' });
    if ([...q].length > MAX_ASK_CHARS) return void res.status(413).json({ error: 'too_long', message: `a question is at most ${MAX_ASK_CHARS} characters` });
    if (!deps.knowledge().ready) return void res.status(503).json({ error: 'knowledge_unavailable', message: 'the knowledge base is not loaded' });
    res.json(toAskJson(q, deps.router.route({ text: q })));
  });

  for (const m of deps.mount ?? []) m(app);

  app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));

  const onError: ErrorRequestHandler = (err: { type?: string; status?: number; message?: string }, _req, res, _next) => {
    if (err.type === 'entity.too.large') {
      metrics.eventsRefused.inc({ reason: 'too_large' });
      return void res.status(413).json({ error: 'too_large', message: `body over ${MAX_BODY}` });
    }
    if (err.type === 'entity.parse.failed' || (err.status !== undefined && err.status >= 400 && err.status < 500)) {
      metrics.eventsRefused.inc({ reason: 'malformed' });
      return void res.status(400).json({ error: 'malformed', message: 'body is not valid JSON' });
    }
    logger.error({ err: err.message }, 'request failed');
    res.status(500).json({ error: 'internal' });
  };
  app.use(onError);

  return {
    app,
    inbox,
    feedback,
    failedReplies,
    queue,
    resume() {
      if (!lark) return 0;
      let n = 0;
      for (const entry of inbox.pending<AnswerJob>(now() - RESUME_WINDOW_MS)) {
        // A job that crashed the process repeatedly is given up rather than looping forever.
        if (inbox.addAttempt(entry.key) > MAX_RESUME_ATTEMPTS) {
          inbox.markFailed(entry.key, 'gave up after repeated restarts');
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
    prune: () => inbox.prune(now()),
  };
}
