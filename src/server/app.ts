// The HTTP app: POST /webhook/event (Lark), GET /healthz, GET /metrics, POST /api/ask. Built from injected
// dependencies so tests construct it with real parts on port 0; src/main.ts is the only caller in production.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { QuestionRecorder, Router } from '../ports.js';
import type { LarkOutbound } from '../lark/outbound.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { AnswerJob } from '../pipeline/answer-job.js';
import { createEventPipeline, type EventPipeline, type EventStores } from '../pipeline/event-pipeline.js';
import type { WorkQueue } from '../pipeline/work-queue.js';
import { toAskJson } from '../reply/to-json.js';
import type { FailedReplies } from '../state/failed-replies.js';
import type { FeedbackStore } from '../state/feedback.js';
import type { Inbox } from '../state/inbox.js';
import { createWebhookHandler } from './webhook.js';

export { DEFAULT_QUEUE, RESUME_WINDOW_MS, RETRY_LATER_MS } from '../pipeline/event-pipeline.js';

export const MAX_BODY = '1mb';
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
  /** Inbox (dedupe), feedback and failed replies: local or shared between replicas, built by the caller. */
  stores: EventStores;
  /** True when the state answers (for /healthz). */
  stateReady: () => boolean | Promise<boolean>;
  metrics: Metrics;
  logger: Logger;
  /** Absent in local mode: the webhook then answers 503 with how to configure Lark. */
  lark?: LarkDeps | null;
  /** `ws`: events come over the long connection; POST /webhook/event then says so (404). Default `webhook`. */
  eventMode?: 'webhook' | 'ws';
  /** Health of the event transport beyond the process (the long connection); `down` makes /healthz 503. */
  receiverHealth?: () => { ok: boolean; [k: string]: unknown };
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
  /** The event pipeline both receivers feed; null in local mode. */
  pipeline: EventPipeline | null;
  inbox: Inbox;
  feedback: FeedbackStore;
  failedReplies: FailedReplies;
  queue: WorkQueue<AnswerJob>;
  /** Queues the inbox entries acked but not answered (a crash between ack and reply); resolves to how many. */
  resume(): Promise<number>;
  /** New events get 503 from now on (Lark redelivers them later). */
  beginShutdown(): void;
  /** Waits for queued answers, at most `timeoutMs`; true when all finished. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Drops dedupe entries past their TTL. */
  prune(): Promise<number>;
}

export function createApp(deps: AppDeps): BotApp {
  const now = deps.now ?? Date.now;
  const { metrics, logger } = deps;
  const { inbox, feedback, failedReplies } = deps.stores;
  const lark = deps.lark ?? null;
  let shuttingDown = false;

  const pipeline = lark
    ? createEventPipeline({
        stores: deps.stores,
        router: deps.router,
        outbound: lark.outbound,
        botOpenId: lark.botOpenId,
        metrics,
        logger,
        ...(deps.recorder ? { recorder: deps.recorder } : {}),
        ...(deps.onBotRemoved ? { onBotRemoved: deps.onBotRemoved } : {}),
        ...(deps.onBotAdded ? { onBotAdded: deps.onBotAdded } : {}),
        ...(deps.queue ? { queue: deps.queue } : {}),
        ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
        now,
      })
    : null;
  // Local mode has no pipeline; an idle queue keeps /healthz and shutdown uniform.
  const idle = { waiting: 0, running: 0, full: false, offer: () => false, drain: () => Promise.resolve(true) } satisfies WorkQueue<AnswerJob>;
  const queue: WorkQueue<AnswerJob> = pipeline?.queue ?? idle;

  const app = express();
  app.disable('x-powered-by');

  if (pipeline && lark && deps.eventMode !== 'ws') {
    app.post(
      '/webhook/event',
      express.raw({ type: () => true, limit: MAX_BODY }),
      createWebhookHandler({ encryptKey: lark.encryptKey, verificationToken: lark.verificationToken, pipeline, metrics, now }),
    );
  } else if (!lark) {
    app.post('/webhook/event', (_req, res) => {
      metrics.eventsRefused.inc({ reason: 'lark_not_configured' });
      res.status(503).json({ error: 'lark_not_configured', message: 'Local mode: set LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY (see docs/lark-setup.md).' });
    });
  }

  app.get('/healthz', async (_req, res) => {
    const knowledge = deps.knowledge();
    const stateReady = await Promise.resolve()
      .then(deps.stateReady)
      .catch(() => false);
    const receiver = deps.receiverHealth?.() ?? null;
    const ok = knowledge.ready && stateReady && !shuttingDown && (receiver?.ok ?? true);
    res.status(ok ? 200 : 503).json({
      status: shuttingDown ? 'shutting_down' : ok ? 'ok' : 'unavailable',
      mode: lark ? 'lark' : 'local',
      knowledge,
      state: { ready: stateReady },
      lark: lark ? { botOpenIdKnown: lark.botOpenId() !== null, events: deps.eventMode ?? 'webhook', ...(receiver ? { connection: receiver } : {}) } : null,
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
    pipeline,
    inbox,
    feedback,
    failedReplies,
    queue,
    resume: async () => (pipeline ? pipeline.resume() : 0),
    beginShutdown() {
      shuttingDown = true;
      pipeline?.beginShutdown();
    },
    drain: (timeoutMs) => queue.drain(timeoutMs),
    prune: async () => inbox.prune(now()),
  };
}
