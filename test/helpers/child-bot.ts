// The bot as a real child process (`node --import tsx src/main.ts`), configured only through the environment:
// for what only a process shows (SIGKILL, exit codes).
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './paths.js';

export interface ChildBot {
  proc: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts src/main.ts (or another entry, with `args`) with `env`; resolves once it logs that it listens (its port
 * comes from that line).
 */
export function startChildBot(env: Record<string, string>, o: { entry?: string; args?: string[]; name?: string } = {}): Promise<ChildBot> {
  const name = o.name ?? 'child';
  const proc = spawn(process.execPath, ['--import', 'tsx', o.entry ?? 'src/main.ts', ...(o.args ?? [])], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out.slice(-3000)}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)[^\n]*"msg":"fazhi-bot listening"/u.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: `http://127.0.0.1:${m[1]}`, output: () => out, exited });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening:\n${out.slice(-3000)}`));
    });
  });
}
