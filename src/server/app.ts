// The HTTP app: POST /webhook/event (Lark), GET /healthz, GET /metrics, POST /api/ask. Built from injected
// dependencies so tests construct it with real parts on port 0; src/main.ts is the only caller in production.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Scrubber } from '../knowledge/redact.js';
import type { LarkOutbound } from '../lark/outbound.js';
import type { AnswerJob } from '../pipeline/answer-job.js';
import { createEventPipeline, type EventPipeline, type EventStores, type PipelineDeps } from '../pipeline/event-pipeline.js';
import type { WorkQueue } from '../pipeline/work-queue.js';
import { asCodedError } from '../errors.js';
import { sendApiError } from './api-error.js';
import { stateHealthJson } from '../state/health.js';
import type { StateHealth } from '../state/ports.js';
import type { FailedReplies } from '../state/failed-replies.js';
import type { FeedbackStore } from '../state/feedback.js';
import type { Inbox } from '../state/inbox.js';
import { createAskApi } from './ask-api.js';
import type { RateLimiter } from './rate-limit.js';
import { createWebhookHandler } from './webhook.js';

export { DEFAULT_QUEUE, RESUME_WINDOW_MS, RETRY_LATER_MS } from '../pipeline/event-pipeline.js';

export const MAX_BODY = '1mb';

/** The state's problem as the public /healthz tells it (the admin listener's /healthz gives the details). */
export const PUBLIC_STATE_ERROR = 'the state store is unreachable; GET /healthz on the admin port (ADMIN_PORT) says why';

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

/** The pipeline's options pass through unchanged (src/pipeline/event-pipeline.ts says what each does). */
export interface AppDeps
  extends Pick<
    PipelineDeps,
    'router' | 'metrics' | 'logger' | 'recorder' | 'onBotRemoved' | 'onBotAdded' | 'queue' | 'retryDelayMs' | 'now' | 'leaseMs'
  > {
  knowledge: () => KnowledgeStatus;
  /** Inbox (dedupe), feedback and failed replies: local or shared between replicas, built by the caller. */
  stores: EventStores;
  /** Whether the state answers, and why not (for /healthz). */
  stateHealth: () => Promise<StateHealth>;
  /** Absent in local mode: the webhook then answers 503 with how to configure Lark. */
  lark?: LarkDeps | null;
  /** `ws`: events come over the long connection; POST /webhook/event then says so (404). Default `webhook`. */
  eventMode?: 'webhook' | 'ws';
  /** Health of the event transport beyond the process (the long connection); `down` makes /healthz 503. */
  receiverHealth?: () => ({ ok: boolean } & object) | null;
  /** The output scrub: the /api/ask echo of the question passes through it. */
  scrub: Scrubber;
  /** Per-caller limit on /api/ask. */
  askLimiter?: RateLimiter;
  /** Problems that leave the bot running but impaired (Lark unreachable, disk nearly full); /healthz reports them. */
  degraded?: () => string[];
  /** Extra routers (e.g. the playground), mounted after the built-in routes and before the 404. */
  mount?: ((app: Express) => void)[];
}

export interface BotApp {
  /** The public app: /webhook/event and /healthz (local mode: everything). */
  app: Express;
  /** /healthz, /metrics, /api/ask and the mounted routers (the playground); the same app as `app` in local mode. */
  admin: Express;
  /** The event pipeline both receivers feed; null in local mode. */
  pipeline: EventPipeline | null;
  inbox: Inbox;
  feedback: FeedbackStore;
  failedReplies: FailedReplies;
  queue: WorkQueue<AnswerJob>;
  /**
   * Queues the inbox entries acked but not answered whose lease has expired (a crash between ack and reply, here
   * or on another replica); `all` takes every pending entry (one process owns the state). Resolves to how many.
   */
  resume(opts?: { all?: boolean }): Promise<number>;
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
        ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
        now,
      })
    : null;
  // Local mode has no pipeline; an idle queue keeps /healthz and shutdown uniform.
  const idle = { waiting: 0, running: 0, full: false, offer: () => false, drain: () => Promise.resolve(true) } satisfies WorkQueue<AnswerJob>;
  const queue: WorkQueue<AnswerJob> = pipeline?.queue ?? idle;

  // Lark mode: the public listener serves only what Lark and a load balancer need; the rest is for this machine
  // (the admin listener on 127.0.0.1). Local mode: one app, bound to loopback by the caller.
  const app = express();
  app.disable('x-powered-by');
  const admin = lark ? express() : app;
  admin.disable('x-powered-by');

  if (pipeline && lark && deps.eventMode !== 'ws') {
    app.post(
      '/webhook/event',
      express.raw({ type: () => true, limit: MAX_BODY }),
      createWebhookHandler({ encryptKey: lark.encryptKey, verificationToken: lark.verificationToken, pipeline, metrics, now }),
    );
  } else if (!lark) {
    app.post('/webhook/event', (_req, res) => {
      metrics.eventsRefused.inc({ reason: 'lark_not_configured' });
      sendApiError(res, 503, 'lark_not_configured', 'Local mode: set LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY (see docs/lark-setup.md).');
    });
  }

  // The public listener's /healthz says what is wrong, not where: database hosts, users and paths stay on the admin one.
  const healthz = (where: 'public' | 'admin'): express.RequestHandler => async (_req, res) => {
    const knowledge = deps.knowledge();
    const state = await deps.stateHealth().catch((e: unknown): StateHealth => ({ ready: false, backend: 'unknown', error: asCodedError(e).message }));
    const stateReady = state.ready;
    const receiver = deps.receiverHealth?.() ?? null;
    const ok = knowledge.ready && stateReady && !shuttingDown && (receiver?.ok ?? true);
    const problems = [...(deps.degraded?.() ?? []), ...(queue.full ? ['work queue full: new messages are refused until it drains'] : [])];
    res.status(ok && problems.length === 0 ? 200 : 503).json({
      status: shuttingDown ? 'shutting_down' : !ok ? 'unavailable' : problems.length > 0 ? 'degraded' : 'ok',
      problems,
      mode: lark ? 'lark' : 'local',
      knowledge,
      state: where === 'admin' ? stateHealthJson(state) : { ...stateHealthJson(state), ...(state.error ? { error: PUBLIC_STATE_ERROR } : {}) },
      lark: lark ? { botOpenIdKnown: lark.botOpenId() !== null, events: deps.eventMode ?? 'webhook', ...(receiver ? { connection: receiver } : {}) } : null,
      queue: { waiting: queue.waiting, running: queue.running },
    });
  };
  app.get('/healthz', healthz(admin === app ? 'admin' : 'public'));
  if (admin !== app) admin.get('/healthz', healthz('admin'));

  admin.get('/metrics', async (_req, res) => {
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  admin.use(createAskApi({ router: deps.router, knowledgeReady: () => deps.knowledge().ready, scrub: deps.scrub, ...(deps.askLimiter ? { limiter: deps.askLimiter } : {}) }));

  for (const m of deps.mount ?? []) m(admin);

  // Only webhook mistakes count as refused events (the counters operators watch for Lark problems).
  const onError: ErrorRequestHandler = (err: { type?: string; status?: number; message?: string }, req, res, _next) => {
    const event = req.path === '/webhook/event';
    if (err.type === 'entity.too.large') {
      if (event) metrics.eventsRefused.inc({ reason: 'too_large' });
      return sendApiError(res, 413, 'too_large', `body over ${MAX_BODY}`);
    }
    // Lark sends plain JSON; a compressed or otherwise encoded body is refused as such, not as bad JSON.
    if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
      if (event) metrics.eventsRefused.inc({ reason: 'unsupported_encoding' });
      return sendApiError(res, 415, 'unsupported_encoding', 'send the body as plain UTF-8 JSON (Content-Encoding identity, gzip, deflate or br)');
    }
    if (err.type === 'entity.parse.failed' || (err.status !== undefined && err.status >= 400 && err.status < 500)) {
      if (event) metrics.eventsRefused.inc({ reason: 'malformed' });
      return sendApiError(res, 400, 'malformed', 'body is not valid JSON');
    }
    logger.error({ err: err.message }, 'request failed');
    sendApiError(res, 500, 'internal', 'the request failed; see the server log');
  };
  for (const a of new Set([app, admin])) {
    a.use((_req, res) => sendApiError(res, 404, 'not_found', 'no such route'));
    a.use(onError);
  }

  return {
    app,
    admin,
    pipeline,
    inbox,
    feedback,
    failedReplies,
    queue,
    resume: async (opts) => (pipeline ? pipeline.resume(opts) : 0),
    beginShutdown() {
      shuttingDown = true;
      pipeline?.beginShutdown();
    },
    drain: (timeoutMs) => queue.drain(timeoutMs),
    prune: async () => inbox.prune(now()),
  };
}
