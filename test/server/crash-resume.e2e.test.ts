// A process killed (SIGKILL) after acking an event but before its reply went out sends that reply after a
// restart — from its durable inbox, with no redelivery from Lark. The bot runs as a real child process
// (`node --import tsx src/main.ts`), configured only through the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { larkEnv } from '../helpers/test-bot.js';

interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts src/main.ts with `env`; resolves once it logs that it listens (its port comes from that line). */
function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${out}`)), 90_000);
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
      reject(new Error(`child exited before listening:\n${out}`));
    });
  });
}

describe('crash after ack, before reply', () => {
  let mock: MockLark | undefined;
  const children: ChildProcess[] = [];
  let dataDir: string | undefined;
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await mock?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the reply after a restart, exactly once, with no redelivery', { timeout: 240_000 }, async () => {
    mock = await startMockLark();
    dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-crash-'));
    const env = larkEnv(mock, dataDir);

    const first = await startChild(env);
    children.push(first.proc);
    // The reply request will never be answered: the process is killed while it waits.
    mock.failNext('reply', Fail.hang());
    const ev = p2pText('全市调解组织调解案件成功率是多少?');
    const messageId = (ev.event.message as { message_id: string }).message_id;
    const ack = await push(first.url, encryptedPush(TEST_ENCRYPT_KEY, ev));
    expect(ack.status).toBe(200);
    await mock.waitFor((calls) => calls.some((c) => c.api === 'reply' && c.target === messageId));
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(mock.delivered().filter((c) => c.target === messageId)).toHaveLength(0);

    const second = await startChild(env);
    children.push(second.proc);
    await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId), 60_000);
    const delivered = mock.delivered().filter((c) => c.target === messageId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.uuid).toBe(`ans:${messageId}`);
    expect(JSON.parse(delivered[0]?.content ?? '{}')).toMatchObject({ schema: '2.0' });

    // Graceful stop: SIGTERM drains and exits 0.
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain('"msg":"stopped"');
  });
});
