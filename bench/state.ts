// State backends under the webhook load: the same 200 events/s against the bot on SQLite, on PostgreSQL, and as two
// replicas sharing one PostgreSQL database behind an even balancer (the load generator's clients alternate between
// them). Each configuration gets a fresh mock, fresh state, a 3 s warm-up, then the measured run. PostgreSQL comes
// from BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where a throwaway database may be created and dropped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockLark } from '../test/helpers/mock-lark.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { round } from './stats.js';
import { runWebhookLoad } from './webhook-load.js';
import { BENCH_SECRETS } from './webhook-secrets.js';

/** The bot as a child process (bench/run.ts starts it: webhook-server.ts, optionally on DATABASE_URL). */
export interface BotProcess {
  url: string;
  memory(): Promise<{ rss_mb: number }>;
  metrics(): Promise<string>;
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface StateBenchOptions {
  startServer: (mockUrl: string, logFile: string, rate: number, databaseUrl?: string) => Promise<BotProcess>;
  rate: number;
  seconds: number;
  connections: number;
  questions: string[];
  log: (msg: string) => void;
}

interface Setup {
  name: string;
  backend: 'sqlite' | 'postgres';
  replicas: number;
}

const SETUPS: Setup[] = [
  { name: 'sqlite_1', backend: 'sqlite', replicas: 1 },
  { name: 'postgres_1', backend: 'postgres', replicas: 1 },
  { name: 'postgres_2', backend: 'postgres', replicas: 2 },
];

export const benchDatabaseUrl = (): string | null => process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || null;

export async function statePart(o: StateBenchOptions): Promise<Record<string, unknown>> {
  const serverUrl = benchDatabaseUrl();
  if (!serverUrl) {
    o.log('state: skipped (set BENCH_DATABASE_URL=postgres://… to a server where a database may be created)');
    return { skipped: 'no PostgreSQL server: set BENCH_DATABASE_URL' };
  }
  const out: Record<string, unknown> = {};
  for (const s of SETUPS) {
    o.log(`state: ${s.name} (${s.backend}, ${s.replicas} replica${s.replicas > 1 ? 's' : ''}) — ${o.rate} events/s for ${o.seconds} s…`);
    out[s.name] = await runSetup(s, serverUrl, o);
  }
  return out;
}

async function runSetup(s: Setup, serverUrl: string, o: StateBenchOptions): Promise<Record<string, number | string>> {
  const mock = await startMockLark();
  const tmp = mkdtempSync(join(tmpdir(), 'fazhi-bench-state-'));
  const db = s.backend === 'postgres' ? await createTestDatabase(serverUrl, 'fazhi_bench') : null;
  const servers: BotProcess[] = [];
  try {
    for (let i = 0; i < s.replicas; i++) servers.push(await o.startServer(mock.url, join(tmp, `bot-${i}.log`), o.rate, db?.url));
    const urls = servers.map((x) => x.url);
    const load = (seconds: number) =>
      runWebhookLoad({ url: urls[0]!, urls, mock, encryptKey: BENCH_SECRETS.encryptKey, verificationToken: BENCH_SECRETS.verificationToken, questions: o.questions, rate: o.rate, seconds, connections: o.connections });
    await load(3);
    for (const x of servers) await x.stats(); // the warm-up is not reported
    const r = await load(o.seconds);
    const sides = await Promise.all(servers.map((x) => x.stats()));
    const rss = await Promise.all(servers.map((x) => x.memory()));
    // Why events were refused (503), from the bots' own counters.
    const refused: Record<string, number> = {};
    for (const text of await Promise.all(servers.map((x) => x.metrics()))) {
      for (const m of text.matchAll(/^fazhi_events_refused_total\{reason="([^"]+)"\} (\d+)/gmu)) refused[m[1]!] = (refused[m[1]!] ?? 0) + Number(m[2]);
    }
    return {
      backend: s.backend,
      replicas: s.replicas,
      sent: r.sent,
      acked: r.acked,
      errors: r.errors,
      status: JSON.stringify(r.status),
      refused: JSON.stringify(refused),
      lost: r.lost,
      doubled: r.duplicates,
      ack_p50_ms: r.ack_p50_ms,
      ack_p99_ms: r.ack_p99_ms,
      e2e_p50_ms: r.e2e_p50_ms,
      e2e_p99_ms: r.e2e_p99_ms,
      e2e_max_ms: r.e2e_max_ms,
      // Per replica, the worst of them: the bot-side ack and CPU.
      server_ack_p99_ms: round(Math.max(...sides.map((x) => x.server_ack_p99_ms ?? Number.NaN))),
      server_cpu_pct_each: sides.map((x) => round(x.server_cpu_pct ?? Number.NaN)).join(' / '),
      server_rss_mb_each: rss.map((x) => round(x.rss_mb, 1)).join(' / '),
    };
  } finally {
    await Promise.all(servers.map((x) => x.stop().catch(() => undefined)));
    await mock.close();
    await db?.drop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}
