// The composition root: the only place that reads the environment, opens files and sockets, and wires the parts.
// `startBot(config)` builds and starts everything (tests call it with their own config); running this file
// starts the server from process.env and stops it gracefully on SIGTERM/SIGINT.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type { Express } from 'express';
import { dateIn } from './digest/dates.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDigestService, type DigestService } from './digest/service.js';
import type { Router } from './ports.js';
import { KnowledgeError } from './knowledge/errors.js';
import { renderCard } from './cards/render.js';
import { createLarkClient } from './lark/client.js';
import { createOutbound, DEFAULT_THROTTLE, type LarkOutbound } from './lark/outbound.js';
import { Throttle } from './lark/throttle.js';
import { createLogger, type Logger } from './obs/logger.js';
import { createMetrics, type Metrics } from './obs/metrics.js';
import { createRouter } from './router/router.js';
import { openKnowledge, type OpenedKnowledge } from './search/open.js';
import { inputFingerprint } from './knowledge/load-knowledge.js';
import { createHolder, delegatingEngine, RELOAD_DEBOUNCE_MS, startKnowledgeReload, type Generation, type ReloadOutcome } from './knowledge/reload.js';
import { createApp, type BotApp, type KnowledgeStatus } from './server/app.js';
import { BUILD_HINT, isLoopbackHost, playgroundBuilt, playgroundMount } from './server/playground.js';
import { isDatabaseReady, openDatabase } from './state/db.js';
import { createFailedReplies } from './state/failed-replies.js';
import { createFeedbackStore } from './state/feedback.js';
import { createInbox } from './state/inbox.js';
import { createQuestionLog } from './state/question-log.js';

/** Bound on finishing queued answers at shutdown; what is left stays in the inbox and is resumed at start. */
export const SHUTDOWN_DRAIN_MS = 10_000;
const BOT_INFO_RETRY_MS = 30_000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface StartOptions {
  logger?: Logger;
  metrics?: Metrics;
  /** Host to bind; default: all interfaces in Lark mode (Lark must reach the webhook), PLAYGROUND_HOST in local mode. */
  host?: string;
  /** Throttle and queue overrides (benchmarks against the mock raise them). */
  outbound?: Parameters<typeof createOutbound>[0]['throttle'];
  queue?: { capacity?: number; concurrency?: number };
  /** Delay before a transiently failed reply is tried again (tests shorten it). */
  retryDelayMs?: number;
  now?: () => number;
  /** Quiet time after a knowledge file changes before reloading (tests shorten it). */
  reloadDebounceMs?: number;
}

export interface RunningBot {
  url: string;
  port: number;
  server: Server;
  bot: BotApp;
  outbound: LarkOutbound | null;
  digest: DigestService | null;
  metrics: Metrics;
  /** Reloads the knowledge directory now (SIGHUP does this); the old knowledge serves until the new one is ready. */
  reloadKnowledge(reason?: string): Promise<ReloadOutcome>;
  close(): Promise<void>;
}

/** One generation of knowledge and what serves from it. */
interface Serving extends Generation {
  engine: OpenedKnowledge['engine'] | null;
  digest: DigestService | null;
  router: Router;
  status: KnowledgeStatus;
}

const unavailableRouter = (why: string): Router => ({
  route: () => ({ kind: 'notice', level: 'error', text: `知识库暂不可用(${why}),请联系管理员。` }),
});

export async function startBot(config: Readonly<Config>, opts: StartOptions = {}): Promise<RunningBot> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const metrics = opts.metrics ?? createMetrics();
  const now = opts.now ?? Date.now;

  // State.
  const db = openDatabase(config.dataDir);
  const questionLog = createQuestionLog(db, { retentionDays: config.questionLogDays, onError: (e) => logger.warn({ err: (e as Error).message }, 'question log prune failed') });

  // Lark (only with credentials).
  let outbound: LarkOutbound | null = null;
  let botOpenId: string | null = null;
  if (config.lark) {
    const client = createLarkClient({ appId: config.lark.appId, appSecret: config.lark.appSecret, domain: config.lark.domain, logger });
    const throttle = opts.outbound ?? new Throttle({ ...DEFAULT_THROTTLE, globalPerSec: config.larkSendQps });
    outbound = createOutbound({ client, metrics, logger, throttle });
  }

  // Knowledge, and what is built on it (engine, digest, router): one generation, swapped whole on reload.
  // A broken knowledge directory does not stop the server: /healthz says why (503).
  const serve = (opened: OpenedKnowledge | null, error: string | null, fingerprint: string | null): Serving => {
    const engine = opened?.engine ?? null;
    const loaded = opened?.loaded ?? null;
    const digest = loaded && engine ? createDigestService({ db, kb: loaded.kb, engine, outbound, cron: config.digest.cron, timeZone: config.digest.timeZone, chatIds: config.digest.chatIds, logger, metrics }) : null;
    const router = engine
      ? createRouter({
          engine,
          today: digest?.today ?? (() => dateIn(config.digest.timeZone, now())),
          ...(digest ? { digest: digest.scheduler, subscriptions: digest.subscriptions } : {}),
        })
      : unavailableRouter(error ?? 'not loaded');
    const info = { version: loaded?.kb.version ?? '', loadedAt: new Date(now()).toISOString(), documents: loaded?.kb.documents.length ?? 0 };
    const status: KnowledgeStatus = loaded ? { ready: true, documents: info.documents, version: info.version, loadedAt: info.loadedAt } : { ready: false, documents: 0, version: null, error: error ?? 'not loaded' };
    return { engine, digest, router, status, info, fingerprint };
  };
  const open = (indexFile?: string): Serving => {
    // The prebuilt file (`npm run build:knowledge`) when it was made from these files, else parsed and built here.
    const started = performance.now();
    // Taken before reading, so a change made during the build is seen by the next reload.
    const fingerprint = inputFingerprint(config.knowledgeDir);
    const opened = openKnowledge(config.knowledgeDir, indexFile ? { indexFile } : {});
    if (opened.note) logger.warn({ note: opened.note }, 'search index built in memory');
    logger.info({ dir: config.knowledgeDir, documents: opened.loaded.kb.documents.length, sentences: opened.engine.index.entries.length, index: opened.source, ms: Math.round(performance.now() - started) }, 'knowledge loaded');
    for (const w of opened.loaded.warnings) logger.warn({ warning: w }, 'knowledge warning');
    return serve(opened, null, fingerprint);
  };
  let first: Serving;
  try {
    first = open();
  } catch (e) {
    const message = e instanceof KnowledgeError ? e.message : (e as Error).message;
    logger.error({ dir: config.knowledgeDir, err: message }, 'knowledge base could not be loaded');
    first = serve(null, message.split('\n')[0] ?? message, inputFingerprint(config.knowledgeDir));
  }
  const knowledge = createHolder(first);
  let digestStarted = false;
  const reloading = startKnowledgeReload({
    dir: config.knowledgeDir,
    holder: knowledge,
    open,
    retire: async (old, next) => {
      await old.digest?.stop();
      // Before the server listens, the start below starts whichever generation is current then.
      if (digestStarted) next.digest?.start();
    },
    logger,
    registry: metrics.registry,
    debounceMs: opts.reloadDebounceMs ?? RELOAD_DEBOUNCE_MS,
  });
  const router: Router = { route: (input) => knowledge.current.router.route(input) };
  const engine = first.engine ? delegatingEngine(() => knowledge.current.engine ?? first.engine!) : null;
  const digestNow = () => knowledge.current.digest;

  const mount: ((app: Express) => void)[] = [];
  // The playground (local page): on unless PLAYGROUND=off. The server listens on all interfaces in Lark mode, so a
  // loopback PLAYGROUND_HOST also makes the playground refuse requests from other machines.
  if (config.playground.enabled) {
    mount.push(
      playgroundMount({
        router,
        engine,
        renderCard,
        loopbackOnly: isLoopbackHost(config.playground.host),
        ...(first.status.error ? { knowledgeError: first.status.error } : {}),
        logger,
      }),
    );
  }

  const bot = createApp({
    router,
    knowledge: () => knowledge.current.status,
    stores: { inbox: createInbox(db), feedback: createFeedbackStore(db), failedReplies: createFailedReplies(db) },
    stateReady: () => isDatabaseReady(db),
    metrics,
    logger,
    lark:
      config.lark && outbound
        ? { outbound, encryptKey: config.lark.encryptKey, verificationToken: config.lark.verificationToken, botOpenId: () => botOpenId }
        : null,
    recorder: questionLog,
    onBotRemoved: (chatId: string) => digestNow()?.onBotRemoved(chatId),
    onBotAdded: (chatId: string) => digestNow()?.onBotAdded(chatId),
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
    now,
    mount,
  });

  // The bot's own open_id decides which group messages are for it; keep trying in the background if Lark is down.
  let botInfoTimer: NodeJS.Timeout | undefined;
  const fetchBotInfo = async () => {
    if (!outbound) return;
    try {
      const info = await outbound.botInfo();
      botOpenId = info.openId;
      logger.info({ botOpenId, name: info.name }, 'bot identity known');
    } catch (e) {
      logger.warn({ err: (e as Error).message }, `bot/v3/info failed; group messages wait until it succeeds (retry in ${BOT_INFO_RETRY_MS / 1000}s)`);
      botInfoTimer = setTimeout(() => void fetchBotInfo(), BOT_INFO_RETRY_MS).unref();
    }
  };
  await fetchBotInfo();

  const host = opts.host ?? (config.lark ? undefined : config.playground.host);
  const server: Server = await new Promise((resolve, reject) => {
    const s = host ? bot.app.listen(config.port, host, () => resolve(s)) : bot.app.listen(config.port, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host && host !== '0.0.0.0' && host !== '::' ? (host.includes(':') ? `[${host}]` : host) : '127.0.0.1'}:${port}`;

  await bot.resume();
  await bot.prune();
  digestStarted = true;
  knowledge.current.digest?.start();
  const pruneTimer = setInterval(() => {
    bot.prune().catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'inbox prune failed'));
  }, PRUNE_INTERVAL_MS).unref();

  logger.info({ mode: config.mode, port, knowledge: first.status.ready ? first.status.documents : 'unavailable' }, 'fazhi-bot listening');
  if (config.playground.enabled) {
    if (playgroundBuilt()) logger.info(`Playground: ${url}/ (try questions and preview the reply cards; set PLAYGROUND=off to disable)`);
    else logger.warn(`Playground: ${BUILD_HINT}`);
  }
  if (!config.lark) {
    logger.info(
      `Local mode: no Lark credentials. ${url}/healthz and POST ${url}/api/ask {"question": "…"} work now. ` +
        'To connect Lark/Feishu, set LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY (see .env.example and docs/lark-setup.md) ' +
        'and point the app\'s event and callback request URL at https://<your host>/webhook/event.',
    );
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      bot.beginShutdown();
      await reloading.close();
      clearInterval(pruneTimer);
      if (botInfoTimer) clearTimeout(botInfoTimer);
      const drained = await bot.drain(SHUTDOWN_DRAIN_MS);
      if (!drained) logger.warn('shutdown: some answers did not finish in time; they stay in the inbox and resume at the next start');
      await digestNow()?.stop();
      questionLog.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      db.close();
      logger.info('stopped');
    })());

  return {
    url,
    port,
    server,
    bot,
    outbound,
    get digest() {
      return digestNow();
    },
    metrics,
    reloadKnowledge: (reason = 'asked') => reloading.reloader.reload(reason),
    close,
  };
}

async function run(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // Asynchronous stdout: a slow log reader must not stall the event loop (and with it every webhook ack).
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = createLogger({ level: config.logLevel, destination });
  const running = await startBot(config, { logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // A second signal while draining stops at once.
    process.once(signal, () => process.exit(1));
    running.close().then(
      () => {
        destination.flushSync();
        process.exit(0);
      },
      (e: unknown) => {
        logger.error({ err: (e as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGHUP', () => void running.reloadKnowledge('SIGHUP'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
