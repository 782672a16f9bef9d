// The bot under load as a child process (webhook-server.ts), driven over IPC: ready with its URL, memory,
// server-side stats, metrics, stop. Optionally on a PostgreSQL database (`databaseUrl`) instead of SQLite.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const KNOWLEDGE = join(ROOT, 'knowledge');

export interface ServerHandle {
  url: string;
  memory(): Promise<{ rss_mb: number; rss_after_gc_mb: number; heap_used_after_gc_mb: number; peak_rss_mb: number }>;
  metrics(): Promise<string>;
  /** Server-side ack latency and event-loop delay since the last call. */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export function startServer(mockUrl: string, logFile: string, rate: number, opts: { databaseUrl?: string; leaseMs?: number } = {}): Promise<ServerHandle> {
  return new Promise((resolve, reject) => {
    const child = fork(join(HERE, 'webhook-server.ts'), ['--mock', mockUrl, '--knowledge', KNOWLEDGE, '--log', logFile, '--rate', String(rate), ...(opts.databaseUrl ? ['--database-url', opts.databaseUrl] : [])], {
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
