// The bot under load, in its own process (bench/run.ts forks it): the real composition root (startBot) with the
// encrypt key set, real SQLite in a temp dir, the real SDK pointed at the mock Open API server in the parent.
// One change from production, reported with the results: the global send throttle (40/s, below Lark's 50/s
// per-app limit) is raised to the benchmark's rate, because the bench asks whether the server keeps up with 200
// events/s, not whether Lark would accept 200 sends/s. The per-chat throttle (4/s) stays.
// `--mode ws` takes the events over the long connection instead (the parent runs the mock gateway).
// IPC: sends {ready, url}; answers {cmd: 'rss'} with memory figures; {cmd: 'stop'} closes and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { Throttle } from '../src/lark/throttle.js';
import { startBot } from '../src/main.js';
import { createLogger } from '../src/obs/logger.js';
import { BENCH_SECRETS } from './webhook-secrets.js';


const { values } = parseArgs({
  options: {
    mock: { type: 'string' },
    knowledge: { type: 'string' },
    log: { type: 'string' },
    rate: { type: 'string', default: '200' },
    'log-level': { type: 'string', default: 'info' },
    // Shared state (PostgreSQL) instead of the SQLite file in a temp dir.
    'database-url': { type: 'string' },
    // `ws`: events come over the long connection from the mock gateway in the parent instead of HTTP.
    mode: { type: 'string', default: 'webhook' },
  },
});
const send = (m: object) => process.send?.(m);

const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bench-'));
const config = loadConfig({
  LARK_APP_ID: BENCH_SECRETS.appId,
  LARK_APP_SECRET: BENCH_SECRETS.appSecret,
  LARK_ENCRYPT_KEY: BENCH_SECRETS.encryptKey,
  LARK_VERIFICATION_TOKEN: BENCH_SECRETS.verificationToken,
  LARK_DOMAIN: values.mock!,
  PORT: '0',
  ADMIN_PORT: '0',
  DATA_DIR: dataDir,
  KNOWLEDGE_DIR: values.knowledge!,
  LOG_LEVEL: values['log-level']!,
  PLAYGROUND: 'off',
  ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
  LARK_EVENT_MODE: values.mode!,
});
// Production logging (info, JSON lines), to a file instead of stdout: the parent checks it for secrets.
const destination = values.log ? pino.destination({ dest: values.log, sync: false, mkdir: true }) : undefined;
const logger = createLogger({ level: config.logLevel, ...(destination ? { destination } : {}) });
const rate = Number(values.rate);
const running = await startBot(config, {
  logger,
  host: '127.0.0.1',
  outbound: new Throttle({ perKeyPerSec: 4, globalPerSec: Math.max(40, rate * 2), maxWaiting: 20_000 }),
});
await running.identityKnown;

// Server-side view of the ack (request parsed → response finished) and of event-loop delay: tells a slow
// server apart from a slow client or a busy machine.
let acks: number[] = [];
running.server.on('request', (req, res) => {
  if (req.url !== '/webhook/event') return;
  const t0 = performance.now();
  res.once('finish', () => acks.push(performance.now() - t0));
});
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]!;
};
let cpuMark = process.cpuUsage();
let wallMark = performance.now();
const stats = () => {
  const cpu = process.cpuUsage(cpuMark);
  const wall = performance.now() - wallMark;
  const out = {
    // Share of one core the bot used since the last call (100 = one core busy all the time).
    server_cpu_pct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    server_ack_p50_ms: pct(acks, 50),
    server_ack_p99_ms: pct(acks, 99),
    loop_delay_p50_ms: loop.percentile(50) / 1e6,
    loop_delay_p99_ms: loop.percentile(99) / 1e6,
    loop_delay_max_ms: loop.max / 1e6,
  };
  acks = [];
  loop.reset();
  cpuMark = process.cpuUsage();
  wallMark = performance.now();
  return out;
};

const memory = () => {
  const m = process.memoryUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const after = process.memoryUsage();
  return { rss_mb: m.rss / 2 ** 20, rss_after_gc_mb: after.rss / 2 ** 20, heap_used_after_gc_mb: after.heapUsed / 2 ** 20, peak_rss_mb: process.resourceUsage().maxRSS / 1024 };
};

process.on('message', (m: { cmd?: string; id?: number }) => {
  if (m.cmd === 'rss') send({ id: m.id, ...memory() });
  else if (m.cmd === 'stats') send({ id: m.id, ...stats() });
  else if (m.cmd === 'metrics')
    void running.metrics.registry.metrics().then((text) => send({ id: m.id, text }));
  else if (m.cmd === 'stop')
    void running.close().then(() => {
      destination?.flushSync();
      rmSync(dataDir, { recursive: true, force: true });
      send({ id: m.id, stopped: true });
      process.disconnect?.();
      process.exit(0);
    });
});
// Orphaned (the parent died): stop rather than linger.
process.on('disconnect', () => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
send({ ready: true, url: running.url });
