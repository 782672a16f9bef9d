// `npm run bench [-- --json] [--soak MINUTES] [--rate N] [--seconds N] [--runs N] [--only search,webhook,ws,state,import]`
// Search at scale, event intake under load through both receivers (webhook, long connection), state backends and
// report import / knowledge reload, on loopback only; every part is bounded and stops by itself.
// Heavy parts run in child processes so their peak RSS is their own. See bench/RESULTS.md for the numbers.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureScaleCorpus } from '../scripts/gen-scale-corpus.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { startMockLark } from '../test/helpers/mock-lark.js';
import { startMockLarkWs, type MockLarkWs } from '../test/helpers/mock-lark-ws.js';
import { runChild } from './child.js';
import { statePart } from './state.js';
import { benchQuestions } from './questions.js';
import { median, round } from './stats.js';
import { runWebhookLoad, type WebhookLoadResult } from './webhook-load.js';
import { BENCH_SECRETS } from './webhook-secrets.js';
import { asCodedError } from '../src/errors.js';
import { runWsLoad, type WsLoadResult } from './ws-load.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const KNOWLEDGE = join(ROOT, 'knowledge');

const USAGE = `usage: npm run bench -- [--json] [--soak MINUTES] [--rate N] [--seconds N] [--connections N] [--runs N]
                         [--reports N] [--only search,webhook,ws,state,import]
  --json        print exactly one JSON object
  --soak M      repeat the webhook load for M minutes (≤ 120) and report RSS at start and end
  --rate N      events per second (default 200), through the webhook and then the long connection (ws);
                --seconds N per load run (default 20)
  --runs N      repeat everything N times (≤ 5) and report medians (the targets are medians of 3)
  --reports N   scale corpus size (default 1000 reports)
  --only state  the webhook load on SQLite, on PostgreSQL, and on two replicas sharing PostgreSQL
                (BENCH_DATABASE_URL or TEST_DATABASE_URL: a server where a throwaway database may be created)`;

const log = (json: boolean, msg: string) => {
  if (!json) console.log(msg);
  else console.error(msg);
};

interface SearchResult {
  corpus_sentences: number;
  reports: number;
  query_p50_ms: number;
  query_p99_ms: number;
  query_p99_cold_ms: number;
  query_p99_quiet_ms: number;
  linear_p50_ms: number;
  linear_p99_ms: number;
  fts5_p50_ms: number;
  fts5_p99_ms: number;
  fts5_build_ms: number;
  speedup_vs_linear: number;
  build_ms: number;
  knowledge_ms: number;
  load_ms: number;
  index_bytes: number;
  index_mb: number;
  rss_mb: number;
  build_rss_mb: number;
}

async function importPart(json: boolean, reports: number): Promise<{ import: Record<string, number> }> {
  log(json, 'import: a 30-page PDF and a 1 MB web page (child process)…');
  const imp = await runChild<Record<string, number>>('import-child.ts', ['import'], { timeoutMs: 10 * 60_000 });
  log(json, `  PDF ${imp.pdf_import_ms} ms, HTML ${imp.html_import_ms} ms; knowledge swap at ${reports} reports (child process)…`);
  const corpus = ensureScaleCorpus({ reports });
  const swap = await runChild<Record<string, number>>('import-child.ts', ['swap', '--knowledge', corpus.dir], { timeoutMs: 20 * 60_000 });
  return { import: { ...imp, ...swap } };
}

/** Engine, FTS5 (trigram) and linear scan side by side on a knowledge directory and one of its eval sets. */
async function peersPart(json: boolean): Promise<Record<string, Record<string, number>>> {
  const sets: [string, string, string][] = [
    ['bundled_dev_staff', KNOWLEDGE, join(ROOT, 'eval', 'dev-staff.jsonl')],
    ['districts_multi_dev', join(ROOT, 'test', 'fixtures', 'knowledge-districts'), join(ROOT, 'eval', 'multi-dev.jsonl')],
  ];
  const out: Record<string, Record<string, number>> = {};
  for (const [name, dir, file] of sets) {
    log(json, `  peers on ${name} (child process)…`);
    out[name] = await runChild<Record<string, number>>('search-child.ts', ['peers', '--knowledge', dir, '--eval', file], { timeoutMs: 5 * 60_000 });
  }
  return out;
}

async function searchPart(json: boolean, reports: number): Promise<{ search: SearchResult; search_small: Record<string, number>; peers: Record<string, Record<string, number>> }> {
  log(json, `search: scale corpus (${reports} reports)…`);
  const corpus = ensureScaleCorpus({ reports });
  log(json, `  ${corpus.generated ? 'generated' : 'cached'}: ${corpus.sentences} sentences in ${Math.round(corpus.ms)} ms`);
  log(json, '  building the prebuilt index (child process)…');
  const build = await runChild<Record<string, number>>('search-child.ts', ['build', '--knowledge', corpus.dir], { timeoutMs: 20 * 60_000 });
  log(json, `  build ${Math.round(build.build_ms!)} ms; serving from the prebuilt index (child process)…`);
  const serve = await runChild<Record<string, number>>('search-child.ts', ['serve', '--knowledge', corpus.dir], { timeoutMs: 20 * 60_000 });
  log(json, '  bundled knowledge base (child process)…');
  const small = await runChild<Record<string, number>>('search-child.ts', ['small', '--knowledge', KNOWLEDGE], { timeoutMs: 5 * 60_000 });
  const peers = await peersPart(json);
  return {
    peers,
    search: {
      corpus_sentences: serve.corpus_sentences!,
      reports: corpus.reports,
      query_p50_ms: serve.query_p50_ms!,
      query_p99_ms: serve.query_p99_ms!,
      query_p99_cold_ms: serve.query_p99_cold_ms!,
      query_p99_quiet_ms: serve.query_p99_quiet_ms!,
      linear_p50_ms: serve.linear_p50_ms!,
      linear_p99_ms: serve.linear_p99_ms!,
      fts5_p50_ms: serve.fts5_p50_ms!,
      fts5_p99_ms: serve.fts5_p99_ms!,
      fts5_build_ms: serve.fts5_build_ms!,
      speedup_vs_linear: round(serve.linear_p50_ms! / serve.query_p50_ms!, 2),
      build_ms: build.build_ms!,
      knowledge_ms: build.knowledge_ms!,
      load_ms: serve.load_ms!,
      index_bytes: build.index_bytes!,
      index_mb: round(build.index_bytes! / 2 ** 20, 1),
      rss_mb: serve.rss_mb!,
      build_rss_mb: build.rss_mb!,
    },
    search_small: {
      corpus_sentences: small.corpus_sentences!,
      query_p50_ms: small.query_p50_ms!,
      query_p99_ms: small.query_p99_ms!,
      query_p99_cold_ms: small.query_p99_cold_ms!,
      query_p99_quiet_ms: small.query_p99_quiet_ms!,
      linear_p50_ms: small.linear_p50_ms!,
      build_ms: small.build_ms!,
      rss_mb: small.rss_mb!,
    },
  };
}

interface ServerHandle {
  url: string;
  memory(): Promise<{ rss_mb: number; rss_after_gc_mb: number; heap_used_after_gc_mb: number; peak_rss_mb: number }>;
  metrics(): Promise<string>;
  /** Server-side ack latency and event-loop delay since the last call. */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

function startServer(mockUrl: string, logFile: string, rate: number, databaseUrl?: string, mode: 'webhook' | 'ws' = 'webhook'): Promise<ServerHandle> {
  return new Promise((resolve, reject) => {
    const child = fork(join(HERE, 'webhook-server.ts'), ['--mock', mockUrl, '--knowledge', KNOWLEDGE, '--log', logFile, '--rate', String(rate), '--mode', mode, ...(databaseUrl ? ['--database-url', databaseUrl] : [])], {
      cwd: ROOT,
      // BENCH_CPU_PROF=DIR profiles the bot under load (node --cpu-prof).
      execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let seq = 0;
    let stopping: Promise<void> | null = null;
    child.on('error', () => {}); // a send on a closed channel: the exit handler and timeouts deal with it
    const pending = new Map<number, (m: Record<string, unknown>) => void>();
    const ask = <T>(cmd: string, timeoutMs = 30_000) =>
      new Promise<T>((res, rej) => {
        const id = ++seq;
        const t = setTimeout(() => {
          pending.delete(id);
          rej(new Error(`server did not answer "${cmd}" within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, (m) => {
          clearTimeout(t);
          res(m as T);
        });
        child.send({ cmd, id });
      });
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the bot did not start within 120 s'));
    }, 120_000);
    child.on('message', (m: Record<string, unknown>) => {
      if (m.ready) {
        clearTimeout(startTimer);
        resolve({
          url: String(m.url),
          memory: () => ask('rss'),
          metrics: () => ask<{ text: string }>('metrics').then((r) => r.text),
          stats: () => ask<Record<string, number>>('stats').then(({ id: _id, ...r }) => r),
          stop: () =>
            (stopping ??= (async () => {
              if (child.exitCode !== null || child.signalCode !== null) return;
              const exited = new Promise<void>((r) => child.once('exit', () => r()));
              try {
                await ask('stop', 30_000);
              } catch {
                child.kill('SIGKILL');
              }
              await exited;
            })()),
        });
      } else if (typeof m.id === 'number') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(startTimer);
      reject(new Error(`the bot exited (${code}) before it was ready`));
    });
  });
}

interface WebhookOptions {
  rate: number;
  seconds: number;
  connections: number;
  soakMinutes: number;
}

async function webhookPart(json: boolean, o: WebhookOptions) {
  const questions = benchQuestions(loadKnowledge(KNOWLEDGE).kb);
  const mock = await startMockLark();
  const tmp = mkdtempSync(join(tmpdir(), 'fazhi-bench-log-'));
  const logFile = join(tmp, 'bot.log');
  const server = await startServer(mock.url, logFile, o.rate);
  try {
    const load = (seconds: number) =>
      runWebhookLoad({ url: server.url, mock, encryptKey: BENCH_SECRETS.encryptKey, verificationToken: BENCH_SECRETS.verificationToken, questions, rate: o.rate, seconds, connections: o.connections });
    // Warm-up (JIT, SQLite page cache, token fetch): short and not reported.
    log(json, 'webhook: warm-up (3 s)…');
    await load(3);
    log(json, `webhook: ${o.rate} events/s for ${o.seconds} s…`);
    const memStart = await server.memory();
    await server.stats(); // reset: the warm-up is not reported
    const main = await load(o.seconds);
    const serverSide = await server.stats();
    let soak: Record<string, unknown> | undefined;
    if (o.soakMinutes > 0) {
      const until = Date.now() + o.soakMinutes * 60_000;
      const runs: WebhookLoadResult[] = [main];
      const samples = [{ at_s: 0, ...memStart }];
      const t0 = Date.now();
      while (Date.now() < until) {
        const secs = Math.max(1, Math.min(o.seconds, Math.ceil((until - Date.now()) / 1000)));
        runs.push(await load(secs));
        const m = await server.memory();
        samples.push({ at_s: Math.round((Date.now() - t0) / 1000), ...m });
        log(json, `  soak ${Math.round((Date.now() - t0) / 1000)} s: rss ${m.rss_after_gc_mb.toFixed(1)} MB, heap ${m.heap_used_after_gc_mb.toFixed(1)} MB, last ack p99 ${runs.at(-1)!.ack_p99_ms} ms`);
      }
      const end = samples.at(-1)!;
      const mid = samples[Math.floor(samples.length / 2)]!;
      soak = {
        minutes: o.soakMinutes,
        runs: runs.length,
        sent: runs.reduce((n, r) => n + r.sent, 0),
        errors: runs.reduce((n, r) => n + r.errors, 0),
        lost: runs.reduce((n, r) => n + r.lost, 0),
        duplicates: runs.reduce((n, r) => n + r.duplicates, 0),
        rss_start_mb: round(memStart.rss_after_gc_mb, 1),
        rss_mid_mb: round(mid.rss_after_gc_mb, 1),
        rss_end_mb: round(end.rss_after_gc_mb, 1),
        heap_start_mb: round(memStart.heap_used_after_gc_mb, 1),
        heap_mid_mb: round(mid.heap_used_after_gc_mb, 1),
        heap_end_mb: round(end.heap_used_after_gc_mb, 1),
        ack_p99_ms_worst: Math.max(...runs.map((r) => r.ack_p99_ms)),
        e2e_p99_ms_worst: Math.max(...runs.map((r) => r.e2e_p99_ms)),
        samples: samples.map((s) => ({ at_s: s.at_s, rss_mb: round(s.rss_after_gc_mb, 1), heap_mb: round(s.heap_used_after_gc_mb, 1) })),
      };
    }
    const memEnd = await server.memory();
    const metricsText = await server.metrics();
    await server.stop();
    // The bot's own log of the run (info level): no secret may appear in it.
    const logText = readFileSync(logFile, 'utf8');
    const secretsInLogs = Object.values(BENCH_SECRETS)
      .filter((s) => !s.startsWith('cli_'))
      .reduce((n, s) => n + logText.split(s).length - 1, 0);
    const metric = (name: string) =>
      metricsText
        .split('\n')
        .filter((l) => l.startsWith(name))
        .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    return {
      webhook: {
        ...main,
        ...Object.fromEntries(Object.entries(serverSide).map(([k, x]) => [k, round(x)])),
        server_rss_mb: round(memEnd.rss_mb, 1),
        server_peak_rss_mb: round(memEnd.peak_rss_mb, 1),
        log_lines: logText.split('\n').filter(Boolean).length,
        secrets_in_logs: secretsInLogs,
        metrics_events_received: metric('fazhi_events_received_total'),
        metrics_answers: metric('fazhi_answers_total'),
        // Receipt → reply sent, inside the bot (warm-up included): tells queueing in the bot from delay elsewhere.
        server_answer_mean_ms: round((metric('fazhi_answer_latency_seconds_sum') / metric('fazhi_answer_latency_seconds_count')) * 1000),
        metrics_lark_calls: metric('fazhi_lark_api_calls_total'),
        throttle_note: `global send throttle raised to ${Math.max(40, o.rate * 2)}/s for the bench (production: 40/s); per-chat 4/s kept`,
      },
      ...(soak ? { soak } : {}),
    };
  } finally {
    await server.stop().catch(() => {});
    await mock.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The same load over the long connection: the mock gateway pushes pbbp2 event frames to the bot in ws mode. */
async function wsPart(json: boolean, o: WebhookOptions) {
  const questions = benchQuestions(loadKnowledge(KNOWLEDGE).kb);
  const mock: MockLarkWs = await startMockLarkWs();
  const tmp = mkdtempSync(join(tmpdir(), 'fazhi-bench-log-'));
  const logFile = join(tmp, 'bot.log');
  const server = await startServer(mock.url, logFile, o.rate, undefined, 'ws');
  try {
    const connected = Date.now();
    while (mock.openClients().length === 0) {
      if (Date.now() - connected > 30_000) throw new Error('the bot did not open its long connection within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const load = (seconds: number) => runWsLoad({ mock, questions, rate: o.rate, seconds });
    log(json, 'ws: warm-up (3 s)…');
    await load(3);
    log(json, `ws: ${o.rate} events/s for ${o.seconds} s over the long connection…`);
    await server.stats(); // reset: the warm-up is not reported
    const main: WsLoadResult = await load(o.seconds);
    const serverSide = await server.stats();
    const memEnd = await server.memory();
    await server.stop();
    const logText = readFileSync(logFile, 'utf8');
    const secretsInLogs = Object.values(BENCH_SECRETS)
      .filter((s) => !s.startsWith('cli_'))
      .reduce((n, s) => n + logText.split(s).length - 1, 0);
    const { server_ack_p50_ms: _a, server_ack_p99_ms: _b, ...loop } = serverSide;
    return {
      ws: {
        ...main,
        ...Object.fromEntries(Object.entries(loop).map(([k, x]) => [k, round(x)])),
        server_rss_mb: round(memEnd.rss_mb, 1),
        server_peak_rss_mb: round(memEnd.peak_rss_mb, 1),
        log_lines: logText.split('\n').filter(Boolean).length,
        secrets_in_logs: secretsInLogs,
        throttle_note: `global send throttle raised to ${Math.max(40, o.rate * 2)}/s for the bench (production: 40/s); per-chat 4/s kept`,
      },
    };
  } finally {
    await server.stop().catch(() => {});
    await mock.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const TARGETS: [string, (r: Result) => number | undefined, '≤' | '≥' | '=', number][] = [
  ['query p99 warm, bundled (ms)', (r) => r.search_small?.query_p99_ms, '≤', 2],
  ['query p99 warm, scale (ms)', (r) => r.search?.query_p99_ms, '≤', 20],
  ['speed-up vs linear scan, scale (×, p50)', (r) => r.search?.speedup_vs_linear, '≥', 10],
  ['prebuilt load, scale (ms)', (r) => r.search?.load_ms, '≤', 1500],
  ['peak RSS serving, scale (MB)', (r) => r.search?.rss_mb, '≤', 600],
  ['import, 30-page PDF (ms)', (r) => r.import?.pdf_import_ms, '≤', 5000],
  ['import, 1 MB web page (ms)', (r) => r.import?.html_import_ms, '≤', 5000],
  ['knowledge swap at scale: event loop held (ms)', (r) => r.import?.swap_loop_max_delay_ms, '≤', 1000],
  ['questions failed during swaps', (r) => r.import?.swap_questions_failed, '=', 0],
  ['ack p99 (ms)', (r) => r.webhook?.ack_p99_ms, '≤', 30],
  ['webhook errors', (r) => r.webhook?.errors, '=', 0],
  ['replies lost', (r) => r.webhook?.lost, '=', 0],
  ['replies doubled', (r) => r.webhook?.duplicates, '=', 0],
  ['event-to-reply p99 (ms)', (r) => r.webhook?.e2e_p99_ms, '≤', 100],
  ['secrets in logs', (r) => r.webhook?.secrets_in_logs as number | undefined, '=', 0],
  ['ws: ack p99 (ms)', (r) => r.ws?.ack_p99_ms, '≤', 30],
  ['ws: events not acked', (r) => r.ws?.errors, '=', 0],
  ['ws: replies lost', (r) => r.ws?.lost, '=', 0],
  ['ws: replies doubled', (r) => r.ws?.duplicates, '=', 0],
  ['ws: event-to-reply p99 (ms)', (r) => r.ws?.e2e_p99_ms, '≤', 100],
  ['ws: secrets in logs', (r) => r.ws?.secrets_in_logs as number | undefined, '=', 0],
];

type Result = {
  search?: SearchResult;
  peers?: Record<string, Record<string, number>>;
  search_small?: Record<string, number>;
  webhook?: WebhookLoadResult & Record<string, unknown>;
  ws?: WsLoadResult & Record<string, unknown>;
  soak?: Record<string, unknown>;
  state?: Record<string, unknown>;
  import?: Record<string, number>;
};

function verdicts(r: Result) {
  return TARGETS.map(([name, get, op, target]) => {
    const v = get(r);
    const ok = v === undefined || Number.isNaN(v) ? null : op === '≤' ? v <= target : op === '≥' ? v >= target : v === target;
    return { name, value: v ?? null, target: `${op} ${target}`, ok };
  });
}

/** Medians of every numeric leaf over runs (non-numeric leaves from the last run). */
function medianOf(results: Result[]): Result {
  const merge = (xs: unknown[]): unknown => {
    const last = xs.at(-1);
    if (typeof last === 'number') return round(median(xs as number[]), 3);
    if (last && typeof last === 'object' && !Array.isArray(last)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(last)) out[k] = merge(xs.map((x) => (x as Record<string, unknown>)[k]));
      return out;
    }
    return last;
  };
  return merge(results) as Result;
}

/** The two receivers under the same load, one line per measure. */
function sideBySide(webhook: WebhookLoadResult, ws: WsLoadResult): string {
  const rows: [string, keyof WebhookLoadResult & keyof WsLoadResult][] = [
    ['events sent', 'sent'],
    ['acked', 'acked'],
    ['ack p50 (ms)', 'ack_p50_ms'],
    ['ack p99 (ms)', 'ack_p99_ms'],
    ['event-to-reply p50 (ms)', 'e2e_p50_ms'],
    ['event-to-reply p99 (ms)', 'e2e_p99_ms'],
    ['lost', 'lost'],
    ['doubled', 'duplicates'],
  ];
  return [`Receivers at ${webhook.rate} events/s:`.padEnd(34) + 'webhook'.padStart(10) + 'ws'.padStart(10), ...rows.map(([name, k]) => `  ${name.padEnd(32)}${String(webhook[k]).padStart(10)}${String(ws[k]).padStart(10)}`)].join('\n') + '\n';
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        soak: { type: 'string' },
        rate: { type: 'string', default: '200' },
        seconds: { type: 'string', default: '20' },
        connections: { type: 'string', default: '50' },
        runs: { type: 'string', default: '1' },
        reports: { type: 'string', default: '1000' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    console.error(`${asCodedError(e).message}\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  const num = (name: string, s: string | undefined, min: number, max: number) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number between ${min} and ${max}`);
    return n;
  };
  let rate, seconds, connections, runs, reports, soakMinutes;
  try {
    rate = num('rate', v.rate, 1, 5000);
    seconds = num('seconds', v.seconds, 1, 600);
    connections = Math.round(num('connections', v.connections, 1, 500));
    runs = Math.round(num('runs', v.runs, 1, 5));
    reports = Math.round(num('reports', v.reports, 1, 5000));
    soakMinutes = v.soak === undefined ? 0 : num('soak', v.soak, 0.1, 120);
    if (v.only !== undefined && !v.only.split(',').every((p) => ['search', 'webhook', 'ws', 'state', 'import'].includes(p))) throw new Error('--only must be search, webhook, ws, state or import (or several, comma-separated)');
  } catch (e) {
    console.error(`${asCodedError(e).message}\n${USAGE}`);
    return 2;
  }
  // A soak is about the webhook's memory over time: the search part is skipped unless asked for.
  const only = v.only ? new Set(v.only.split(',')) : null;
  const doSearch = only ? only.has('search') : soakMinutes === 0;
  const doWebhook = only ? only.has('webhook') : true;
  // A soak measures the webhook alone; otherwise the long connection runs the same load after it.
  const doWs = only ? only.has('ws') : soakMinutes === 0;
  const doState = only?.has('state') ?? false;
  const doImport = only ? only.has('import') : soakMinutes === 0;

  const results: Result[] = [];
  for (let i = 0; i < runs; i++) {
    if (runs > 1) log(v.json, `— run ${i + 1} of ${runs}`);
    const r: Result = {};
    if (doSearch) Object.assign(r, await searchPart(v.json, reports));
    if (doImport) Object.assign(r, await importPart(v.json, reports));
    if (doWebhook) Object.assign(r, await webhookPart(v.json, { rate, seconds, connections, soakMinutes: i === runs - 1 ? soakMinutes : 0 }));
    if (doWs) Object.assign(r, await wsPart(v.json, { rate, seconds, connections, soakMinutes: 0 }));
    if (doState) r.state = await statePart({ rate, seconds, connections, questions: benchQuestions(loadKnowledge(KNOWLEDGE).kb), log: (m) => log(v.json, m), startServer });
    results.push(r);
  }
  const result = runs > 1 ? medianOf(results) : results[0]!;
  const checks = verdicts(result);
  const out = {
    ...result,
    targets: checks,
    meta: { date: new Date().toISOString(), runs, loadavg_end: (await import('node:os')).loadavg().map((x) => round(x, 2)), node: process.version, cpus: (await import('node:os')).cpus().length, platform: `${process.platform}-${process.arch}` },
    ...(runs > 1 ? { all_runs: results } : {}),
  };
  if (v.json) {
    console.log(JSON.stringify(out));
  } else {
    console.log(`\n${JSON.stringify(result, null, 2)}\n`);
    if (result.webhook && result.ws) console.log(sideBySide(result.webhook, result.ws));
    console.log(runs > 1 ? `Targets (medians of ${runs} runs):` : 'Targets:');
    for (const c of checks) {
      if (c.value === null) continue;
      console.log(`  ${c.ok ? 'ok  ' : 'MISS'}  ${c.name.padEnd(42)} ${String(c.value).padStart(10)}   target ${c.target}`);
    }
    if (result.soak) {
      const s = result.soak;
      console.log(`  soak: RSS after GC ${s.rss_start_mb} → ${s.rss_end_mb} MB, heap ${s.heap_start_mb} → ${s.heap_end_mb} MB over ${s.minutes} min`);
    }
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`bench failed: ${asCodedError(e).stack}`);
    process.exitCode = 1;
  },
);
