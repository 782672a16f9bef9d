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
import { calendarForCron } from './digest/rotation.js';
import { createDigestScheduler } from './digest/scheduler.js';
import { digestSendVia } from './digest/send.js';
import { createDigestService, type DigestService } from './digest/service.js';
import { verifiedPlanner } from './digest/verify-questions.js';
import type { Router } from './ports.js';
import { boundaryRouter } from './boundary.js';
import { checkDataDir, DataDirError, diskProblem, explainStorageError } from './data-dir.js';
import { scrubberForKnowledge, type Scrubber } from './knowledge/redact.js';
import { renderCard } from './cards/render.js';
import { createLarkClient } from './lark/client.js';
import { createOutbound, DEFAULT_THROTTLE, type LarkOutbound } from './lark/outbound.js';
import { Throttle } from './lark/throttle.js';
import { createWsReceiver, type WsReceiver } from './lark/ws-receiver.js';
import { watchBotIdentity, type BotIdentity } from './lark/bot-identity.js';
import { createLogger, type Logger } from './obs/logger.js';
import { createMetrics, type Metrics } from './obs/metrics.js';
import { createRouter } from './router/router.js';
import { openKnowledge, type OpenedKnowledge } from './search/open.js';
import { createRateLimiter } from './server/rate-limit.js';
import { inputFingerprint } from './knowledge/load-knowledge.js';
import { createHolder, delegatingEngine, RELOAD_DEBOUNCE_MS, startKnowledgeReload, type Generation, type ReloadOutcome } from './knowledge/reload.js';
import { createApp, type BotApp, type KnowledgeStatus } from './server/app.js';
import { BUILD_HINT, isLoopbackHost, playgroundBuilt, playgroundMount } from './server/playground.js';
import { openState, StateUnavailableError } from './state/open.js';
import type { StateBackend } from './state/ports.js';
import { asCodedError } from './errors.js';

/** Bound on finishing queued answers at shutdown; what is left stays in the inbox and is resumed at start. */
export const SHUTDOWN_DRAIN_MS = 10_000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** How often a replica looks for inbox entries whose lease ended (well under the lease, DEFAULT_LEASE_MS). */
const SWEEP_INTERVAL_MS = 15_000;
/** Answers in flight at once with PostgreSQL state (SQLite: the queue's default, 8). */
const SHARED_STATE_CONCURRENCY = 16;
/** Exit code when the state store (DATABASE_URL) cannot be reached at start. */
export const EXIT_STATE_UNAVAILABLE = 3;

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
  /** An opened state backend (tests); default: DATABASE_URL's PostgreSQL, else SQLite in DATA_DIR. */
  state?: StateBackend;
  /** How long a replica holds an inbox entry it answers, and how often it looks for entries others left (tests shorten them). */
  leaseMs?: number;
  sweepMs?: number;
  /**
   * Called when the bot cannot go on and retrying will not help (run() exits non-zero): Lark refused the app at
   * start-up, or the long connection gave up for good. Default: log it (/healthz then says so).
   */
  onFatal?: (message: string) => void;
  /** ws mode: retries of the endpoint request (tests shorten them). */
  pullRetries?: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  /** Free space DATA_DIR needs before /healthz reports degraded (default MIN_FREE_BYTES). */
  minFreeBytes?: number;
  /** /api/ask rate per caller (benchmarks raise it). */
  askRate?: { perSec: number; burst: number };
  /** The output scrub while no knowledge has loaded; default: built from KNOWLEDGE_DIR's spam lexicon. */
  scrubber?: Scrubber;
  /** Backoff of the bot/v3/info retries (tests shorten it). */
  identityRetry?: { minMs?: number; maxMs?: number };
  /** Quiet time after a knowledge file changes before reloading (tests shorten it). */
  reloadDebounceMs?: number;
}

export interface RunningBot {
  url: string;
  /** Settles once the bot's own identity is known (or fetching it stopped); group messages wait for it. */
  identityKnown: Promise<void>;
  /** Where /api/ask, /metrics and the playground answer (the same as `url` in local mode). */
  adminUrl: string;
  adminServer: Server | null;
  port: number;
  server: Server;
  bot: BotApp;
  outbound: LarkOutbound | null;
  digest: DigestService | null;
  metrics: Metrics;
  /** The long connection, in ws mode. */
  receiver: WsReceiver | null;
  /** The output scrub of the knowledge being served (it follows reloads). */
  scrubber: Scrubber;
  /** Reloads the knowledge directory now (SIGHUP does this); the old knowledge serves until the new one is ready. */
  reloadKnowledge(reason?: string): Promise<ReloadOutcome>;
  close(): Promise<void>;
}

/** One generation of knowledge and what serves from it. */
interface Serving extends Generation {
  engine: OpenedKnowledge['engine'] | null;
  digest: DigestService | null;
  router: Router;
  /** The output scrub of this generation's spam lexicon and reviewed corrections. */
  scrubber: Scrubber;
  status: KnowledgeStatus;
}

/** Users are told only that the knowledge base is unavailable: paths and file problems go to the log. */
const unavailableRouter = (): Router => ({
  route: async () => ({ kind: 'notice', level: 'error', text: '知识库暂不可用,请联系管理员。' }),
});

/** /api/ask per caller: a burst, then a steady rate (an answer costs up to a few ms of CPU). */
export const ASK_RATE = { perSec: 10, burst: 20 } as const;

/** The admin listener's address: loopback only. */
export const ADMIN_HOST = '127.0.0.1';

/** A port the server cannot listen on (taken, or privileged): told in one message naming the variable. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

function listen(app: Express, port: number, host: string | undefined, variable: 'PORT' | 'ADMIN_PORT'): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Express 5 hands a listen error to this callback (not to an 'error' listener).
    const done = (e?: Error) => {
      if (!e) return resolve(s);
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? 'is already in use (another fazhi-bot, or another server)' : code === 'EACCES' ? 'may not be used by this user' : `cannot be used (${code ?? e.message})`;
      reject(new ListenError(`${variable} ${port} ${why}: stop what listens there, or set ${variable} to a free port.`));
    };
    const s = host ? app.listen(port, host, done) : app.listen(port, done);
  });
}

export async function startBot(config: Readonly<Config>, opts: StartOptions = {}): Promise<RunningBot> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const metrics = opts.metrics ?? createMetrics();
  const now = opts.now ?? Date.now;
  const onFatal = opts.onFatal ?? ((message: string) => logger.error(message));

  // State: the stores are passed in; which engine holds them is decided here only. A missing, read-only or
  // corrupt DATA_DIR stops here with one message saying what to do.
  const sqlite = !opts.state && !config.databaseUrl;
  if (sqlite) checkDataDir(config.dataDir);
  const state: StateBackend =
    opts.state ??
    (await openState(
      { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
      {
        retry: { onRetry: (r) => logger.warn({ attempt: r.attempt, retriesLeft: r.retriesLeft, err: r.error }, 'PostgreSQL (DATABASE_URL) not reachable yet; retrying') },
        onMigrated: (versions) => logger.info({ versions }, versions.length ? 'state schema migrated' : 'state schema up to date'),
        onError: (err) => logger.warn({ err }, 'PostgreSQL connection error'),
      },
    ).catch((e: unknown) => {
      throw sqlite ? explainStorageError(e, config.dataDir) : e;
    }));
  logger.info({ backend: state.kind, where: state.where }, 'state opened');
  const stores = state.stores({
    inbox: { ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}), now },
    subscriptions: { configChatIds: config.digest.chatIds },
    questionLog: { retentionDays: config.questionLogDays, onError: (e) => logger.warn({ err: asCodedError(e).message }, 'question log prune failed') },
  });
  const questionLog = stores.questionLog;

  // Lark (only with credentials).
  let outbound: LarkOutbound | null = null;
  let botOpenId: () => string | null = () => null;
  if (config.lark) {
    const client = createLarkClient({ appId: config.lark.appId, appSecret: config.lark.appSecret, domain: config.lark.domain, logger });
    const throttle = opts.outbound ?? new Throttle({ ...DEFAULT_THROTTLE, globalPerSec: config.larkSendQps });
    outbound = createOutbound({ client, metrics, logger, throttle });
  }

  // Knowledge, and what is built on it (engine, digest, router, output scrub): one generation, swapped whole on
  // reload. A broken knowledge directory does not stop the server: /healthz says so (503), the log says why.
  const serve = (opened: OpenedKnowledge | null, fingerprint: string | null): Serving => {
    const engine = opened?.engine ?? null;
    const loaded = opened?.loaded ?? null;
    // Each generation that loads reads the lexicon again: a term added to it (or a lexicon missing at start and added
    // since) is scrubbed from the reload on, in replies, echoes and log lines.
    const scrubber = (!opened && opts.scrubber) || scrubberForKnowledge(config.knowledgeDir);
    // The digest: subscriptions, /digest, the daily cron, bot-removed handling.
    let digest: DigestService | null = null;
    if (loaded && engine) {
      const { cron, timeZone } = config.digest;
      const planner = verifiedPlanner(loaded.kb, engine, calendarForCron(cron));
      const scheduler = createDigestScheduler({ planner, subscriptions: stores.subscriptions, log: stores.digestLog, send: digestSendVia(outbound, scrubber), cron, timeZone, logger, metrics });
      digest = createDigestService({ scheduler, subscriptions: stores.subscriptions, posting: outbound !== null, schedule: { cron, timeZone }, logger });
    }
    // The boundary: input capped in length on the way in, replies scrubbed of lexicon terms on the way out.
    const router = engine
      ? boundaryRouter(
          createRouter({
            engine,
            today: digest?.today ?? (() => dateIn(config.digest.timeZone, now())),
            ...(digest ? { digest: digest.scheduler, subscriptions: digest.subscriptions } : {}),
          }),
          scrubber,
        )
      : unavailableRouter();
    const info = { version: loaded?.kb.version ?? '', loadedAt: new Date(now()).toISOString(), documents: loaded?.kb.documents.length ?? 0 };
    // /healthz is public in Lark mode: no filesystem path there either.
    const status: KnowledgeStatus = loaded
      ? { ready: true, documents: info.documents, version: info.version, loadedAt: info.loadedAt }
      : { ready: false, documents: 0, version: null, error: 'the knowledge base could not be loaded; the server log says why' };
    return { engine, digest, router, scrubber, status, info, fingerprint };
  };
  const open = (indexFile?: string): Serving => {
    // The prebuilt file (`npm run build:knowledge`) when it was made from these files, else parsed and built here.
    const started = performance.now();
    // Taken before reading, so a change made during the build is seen by the next reload.
    const fingerprint = inputFingerprint(config.knowledgeDir);
    const opened = openKnowledge(config.knowledgeDir, { homeRegion: config.homeRegion, ...(indexFile ? { indexFile } : {}) });
    if (opened.note) logger.warn({ note: opened.note }, 'search index built in memory');
    logger.info({ dir: config.knowledgeDir, documents: opened.loaded.kb.documents.length, sentences: opened.engine.index.entries.length, index: opened.source, ms: Math.round(performance.now() - started) }, 'knowledge loaded');
    for (const w of opened.loaded.warnings) logger.warn({ warning: w }, 'knowledge warning');
    return serve(opened, fingerprint);
  };
  let first: Serving;
  try {
    first = open();
  } catch (e) {
    logger.error({ dir: config.knowledgeDir, err: asCodedError(e).message }, 'knowledge base could not be loaded');
    first = serve(null, inputFingerprint(config.knowledgeDir));
  }
  // The reports there at the first start are the digest's baseline; one added by a reload is announced.
  await first.digest?.scheduler.seed().catch((e: unknown) => logger.warn({ err: asCodedError(e).message }, 'digest: announcement baseline not recorded yet; retried at the next digest'));
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
  // Texts that leave the bot outside a reply (the /api/ask echo, the question log) use the current lexicon too.
  const scrubber: Scrubber = {
    get terms() {
      return knowledge.current.scrubber.terms;
    },
    text: (t) => knowledge.current.scrubber.text(t),
    find: (t) => knowledge.current.scrubber.find(t),
    value: (v) => knowledge.current.scrubber.value(v),
  };

  const mount: ((app: Express) => void)[] = [];
  // The playground (local page): on unless PLAYGROUND=off. In Lark mode it is on the loopback admin listener; in
  // local mode a loopback PLAYGROUND_HOST also makes it refuse requests from other machines.
  if (config.playground.enabled) {
    mount.push(
      playgroundMount({
        router,
        engine,
        renderCard,
        scrub: scrubber,
        loopbackOnly: isLoopbackHost(config.playground.host),
        ...(first.status.error ? { knowledgeError: first.status.error } : {}),
        logger,
      }),
    );
  }

  const receiver: { current: WsReceiver | null } = { current: null };
  let identity: BotIdentity | null = null;
  const bot = createApp({
    router,
    knowledge: () => knowledge.current.status,
    stores,
    stateHealth: () => state.health(),
    ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}),
    metrics,
    logger,
    lark:
      config.lark && outbound
        ? { outbound, encryptKey: config.lark.encryptKey, verificationToken: config.lark.verificationToken, botOpenId: () => botOpenId() }
        : null,
    recorder: { record: (q) => questionLog.record({ ...q, text: scrubber.text(q.text) }), vote: (m, v, u) => questionLog.vote(m, v, u) },
    scrub: scrubber,
    askLimiter: createRateLimiter(opts.askRate ?? ASK_RATE),
    onBotRemoved: async (chatId: string) => digestNow()?.onBotRemoved(chatId),
    onBotAdded: async (chatId: string) => digestNow()?.onBotAdded(chatId),
    // On a shared database an answer mostly waits for round trips: more of them in flight keep up with the same rate.
    ...(opts.queue ? { queue: opts.queue } : state.kind === 'postgres' ? { queue: { concurrency: SHARED_STATE_CONCURRENCY } } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
    now,
    mount,
    ...(config.lark ? { eventMode: config.lark.eventMode, receiverHealth: () => receiver.current?.health() ?? null } : {}),
    degraded: () => [identity?.problem() ?? null, sqlite ? diskProblem(config.dataDir, opts.minFreeBytes) : null].filter((p): p is string => p !== null),
  });

  const host = opts.host ?? (config.lark ? undefined : config.playground.host);
  const server = await listen(bot.app, config.port, host, 'PORT');
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host && host !== '0.0.0.0' && host !== '::' ? (host.includes(':') ? `[${host}]` : host) : '127.0.0.1'}:${port}`;
  // Lark mode: the admin routes answer on this machine only, whatever the public listener binds.
  const adminServer = bot.admin === bot.app ? null : await listen(bot.admin, config.adminPort, ADMIN_HOST, 'ADMIN_PORT').catch(async (e: unknown) => {
    await new Promise((r) => server.close(r));
    throw e;
  });
  const adminUrl = adminServer ? `http://${ADMIN_HOST}:${(adminServer.address() as AddressInfo).port}` : url;

  // Listening first: the server holds the process while Lark is unreachable, and /healthz says so meanwhile.
  // The bot's own open_id decides which group messages are for it.
  identity = outbound
    ? watchBotIdentity({
        botInfo: () => outbound.botInfo(),
        logger,
        onFatal,
        ...opts.identityRetry,
      })
    : null;
  botOpenId = () => identity?.openId() ?? null;

  try {
    await bot.resume({ all: state.singleProcess });
  } catch (e) {
    identity?.stop();
    for (const s of [server, adminServer]) s?.close();
    await state.close();
    throw sqlite ? explainStorageError(e, config.dataDir) : e;
  }
  const pruneInbox = () => void bot.prune().catch((e: unknown) => logger.warn({ err: asCodedError(e).message }, 'inbox prune failed'));
  pruneInbox();
  receiver.current = await startLongConnection(config, bot, { ...opts, onFatal, metrics, logger, now });
  digestStarted = true;
  knowledge.current.digest?.start();
  const pruneTimer = setInterval(pruneInbox, PRUNE_INTERVAL_MS).unref();
  // Entries acked by a replica that died (or that this one could not finish) are taken over once their lease ends.
  const sweepTimer = setInterval(
    () => void bot.resume().catch((e: unknown) => logger.warn({ err: asCodedError(e).message }, 'inbox sweep failed')),
    opts.sweepMs ?? SWEEP_INTERVAL_MS,
  ).unref();

  logger.info({ mode: config.mode, ...(config.lark ? { events: config.lark.eventMode } : {}), port, ...(adminServer ? { admin: adminUrl } : {}), knowledge: first.status.ready ? first.status.documents : 'unavailable' }, 'fazhi-bot listening');
  if (config.playground.enabled) {
    if (playgroundBuilt()) logger.info(`Playground: ${adminUrl}/ (try questions and preview the reply cards; set PLAYGROUND=off to disable)`);
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
      receiver.current?.close();
      bot.beginShutdown();
      await reloading.close();
      clearInterval(pruneTimer);
      clearInterval(sweepTimer);
      identity?.stop();
      const drained = await bot.drain(SHUTDOWN_DRAIN_MS);
      if (!drained) logger.warn('shutdown: some answers did not finish in time; they stay in the inbox and resume at the next start');
      await digestNow()?.stop();
      questionLog.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      if (adminServer) {
        await new Promise<void>((resolve) => {
          adminServer.close(() => resolve());
          adminServer.closeIdleConnections();
        });
      }
      await state.close();
      logger.info('stopped');
    })());

  return {
    url,
    adminUrl,
    adminServer,
    identityKnown: identity?.settled ?? Promise.resolve(),
    port,
    server,
    bot,
    outbound,
    get digest() {
      return digestNow();
    },
    metrics,
    scrubber,
    receiver: receiver.current,
    reloadKnowledge: (reason = 'asked') => reloading.reloader.reload(reason),
    close,
  };
}

/** ws mode: events arrive over the SDK's long connection and feed the same pipeline as the webhook. */
async function startLongConnection(
  config: Readonly<Config>,
  bot: BotApp,
  o: Pick<StartOptions, 'pullRetries'> & { onFatal: (message: string) => void; metrics: Metrics; logger: Logger; now: () => number },
): Promise<WsReceiver | null> {
  if (config.lark?.eventMode !== 'ws' || !bot.pipeline) return null;
  const receiver = createWsReceiver({
    appId: config.lark.appId,
    appSecret: config.lark.appSecret,
    domain: config.lark.domain,
    pipeline: bot.pipeline,
    metrics: o.metrics,
    logger: o.logger,
    maxDownMs: config.lark.wsMaxDownMs,
    onFatal: (err) => o.onFatal(`the long connection to Lark failed for good: ${err.message}`),
    ...(o.pullRetries ? { pullRetries: o.pullRetries } : {}),
    now: o.now,
  });
  await receiver.start();
  return receiver;
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
  const scrubber = scrubberForKnowledge(config.knowledgeDir);
  let running: RunningBot | null = null;
  // Log lines follow the lexicon of the knowledge being served once the bot runs.
  const logger = createLogger({ level: config.logLevel, destination, scrub: (line) => (running?.scrubber ?? scrubber).text(line) });
  // Only a stop signal ends the process with 0: should the event loop ever run empty by itself, that is a failure.
  process.exitCode = 1;
  process.once('beforeExit', () => logger.fatal('nothing is left running although no stop signal came; exiting with status 1'));
  let stopping = false;
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    if (code === 0) logger.info({ signal: reason }, 'shutting down');
    // A second signal while draining stops at once.
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => process.exit(1));
    (running ? running.close() : Promise.resolve()).then(
      () => {
        destination.flushSync();
        process.exit(code);
      },
      (e: unknown) => {
        logger.error({ err: asCodedError(e).message }, 'shutdown failed');
        destination.flushSync();
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  process.once('SIGINT', () => stop('SIGINT', 0));
  // A reload asked for while starting (SIGHUP's default would end the process) waits until the bot runs.
  let reloadAsked = false;
  const reload = (bot: RunningBot) => void bot.reloadKnowledge('SIGHUP').catch((e: unknown) => logger.error({ err: asCodedError(e).message }, 'knowledge reload failed'));
  process.on('SIGHUP', () => {
    if (running) reload(running);
    else reloadAsked = true;
  });
  try {
    running = await startBot(config, {
      logger,
      scrubber,
      onFatal: (message) => {
        logger.fatal(message);
        stop('fatal', 1);
      },
    });
  } catch (e) {
    if (e instanceof StateUnavailableError) {
      logger.fatal({ err: e.message }, 'state store unavailable; not starting');
      destination.flushSync();
      console.error(e.message);
      process.exit(EXIT_STATE_UNAVAILABLE);
    }
    throw e;
  }
  // A reload keeps serving the old knowledge until the new one is ready; a failed one says why in the log.
  if (reloadAsked) reload(running);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((e: unknown) => {
    // A known start-up problem is told in one message; anything else with its stack, for a bug report.
    console.error(e instanceof DataDirError || e instanceof ListenError ? e.message : e);
    process.exit(1);
  });
}
