// Runs the real entry point (`node --import tsx src/main.ts`, what `npm start` runs) as a child process configured
// only through the environment, and collects what it prints. For tests of start-up, exit codes and signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './paths.js';

export interface SpawnedBot {
  proc: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the match once the output matches `re`; rejects after `timeoutMs` or when the process ends first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The base URL, from the "listening" log line (waits for it). */
  url(timeoutMs?: number): Promise<string>;
  kill(): void;
}

export function spawnBot(env: Record<string, string>): SpawnedBot {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let ended = false;
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      ended = true;
      for (const l of [...listeners]) l();
      resolve({ code, signal });
    }),
  );
  const waitFor = (re: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) {
          done();
          resolve(m);
        } else if (ended) {
          done();
          reject(new Error(`process ended before ${re} appeared:\n${out}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${re} did not appear within ${timeoutMs} ms:\n${out}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return {
    proc,
    output: () => out,
    waitFor,
    exited,
    url: async (timeoutMs) => `http://127.0.0.1:${(await waitFor(/"port":(\d+)[^\n]*"msg":"fazhi-bot listening"/u, timeoutMs))[1]}`,
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}
