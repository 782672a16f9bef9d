// `tsx bench/ask-flood.ts [--repo DIR] [--seconds N] [--connections N] [--json]`
// Webhook acks while POST /api/ask is flooded with the costliest question there is ("/metric " + 1990
// characters). The bot runs as `src/main.ts` of --repo (default: this checkout) in a child process, in Lark mode
// against the mock Open API in this process; autocannon floods /api/ask on whichever port serves it, while signed,
// encrypted events go to /webhook/event at a steady 20 a second and each ack is timed. All on loopback, bounded
// in time. Run it against an older checkout (--repo) to compare.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { encryptedPush, p2pText } from '../test/helpers/lark-events.js';
import { startMockLark } from '../test/helpers/mock-lark.js';
import { percentile, round } from './stats.js';
import { BENCH_SECRETS } from './webhook-secrets.js';

const { values } = parseArgs({
  options: {
    repo: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Math.min(60, Number(values.seconds));
const connections = Math.min(200, Number(values.connections));
const EVENTS_PER_SEC = 20;

const mock = await startMockLark();
const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-flood-'));
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: values.repo,
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LARK_APP_ID: BENCH_SECRETS.appId,
    LARK_APP_SECRET: BENCH_SECRETS.appSecret,
    LARK_ENCRYPT_KEY: BENCH_SECRETS.encryptKey,
    LARK_VERIFICATION_TOKEN: BENCH_SECRETS.verificationToken,
    LARK_DOMAIN: mock.url,
    PORT: '0',
    ADMIN_PORT: '0',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(values.repo, 'knowledge'),
    LOG_LEVEL: 'info',
    PLAYGROUND: 'off',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const killTimer = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1000);
let out = '';
const listening = await new Promise<{ url: string; admin: string }>((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`bot did not start:\n${out}`)), 90_000);
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /"port":(\d+)(?:,"admin":"([^"]+)")?[^\n]*"msg":"fazhi-bot listening"/u.exec(out);
    if (m && /bot identity known/u.test(out)) {
      clearTimeout(t);
      resolve({ url: `http://127.0.0.1:${m[1]}`, admin: m[2] ?? `http://127.0.0.1:${m[1]}` });
    }
  });
  child.once('exit', () => reject(new Error(`bot exited:\n${out}`)));
});

const chars = '调解成功率行政执法公示网格事件办结法治政府建设';
const costly = `/metric ${Array.from({ length: 1990 }, (_, i) => chars[(i * 7) % chars.length]).join('')}`;

/** Signed events at a steady rate for `ms`; the time of each ack. */
async function paceEvents(ms: number): Promise<{ acks: number[]; status: Record<string, number> }> {
  const acks: number[] = [];
  const status: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const p = encryptedPush(BENCH_SECRETS.encryptKey, p2pText(`网格事件办结率 ${i}`, { chatId: `oc_flood${i % 50}`, token: BENCH_SECRETS.verificationToken }));
    const t0 = performance.now();
    pending.push(
      fetch(`${listening.url}/webhook/event`, { method: 'POST', headers: p.headers, body: p.body, signal: AbortSignal.timeout(30_000) }).then(
        async (r) => {
          await r.arrayBuffer();
          acks.push(performance.now() - t0);
          status[String(r.status)] = (status[String(r.status)] ?? 0) + 1;
        },
        () => {
          status.error = (status.error ?? 0) + 1;
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 1000 / EVENTS_PER_SEC));
  }
  await Promise.all(pending);
  return { acks, status };
}

const summary = (acks: number[]) => ({ n: acks.length, p50_ms: round(percentile(acks, 50)), p99_ms: round(percentile(acks, 99)), max_ms: round(Math.max(...acks)) });

const quiet = await paceEvents(3_000);
const flood = autocannon({
  url: `${listening.admin}/api/ask`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ question: costly }),
  connections,
  duration: seconds,
  timeout: 30,
});
const [loaded, asked] = await Promise.all([paceEvents(seconds * 1000), flood as unknown as Promise<autocannon.Result>]);

const result = {
  repo: values.repo,
  seconds,
  connections,
  ask: { requests: asked.requests.total, '2xx': asked['2xx'], non2xx: asked.non2xx, errors: asked.errors, timeouts: asked.timeouts, latency_p99_ms: asked.latency.p99 },
  acks_quiet: summary(quiet.acks),
  acks_under_flood: { ...summary(loaded.acks), status: loaded.status },
};
console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));

clearTimeout(killTimer);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await mock.close();
rmSync(dataDir, { recursive: true, force: true });
