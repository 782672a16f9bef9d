// Start-up against a Lark that is down, through the real entry point (src/main.ts as `npm start` runs it) and the
// real SDK against the mock Open API: the process keeps running and retrying while /healthz says it is degraded,
// exits non-zero with a clear message when retrying cannot help, and exits 0 only when asked to stop.
import { createServer } from 'node:net';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Fail, startMockLark, type MockLark } from './helpers/mock-lark.js';
import { spawnBot, type SpawnedBot } from './helpers/spawn-bot.js';
import { createLogger } from '../src/obs/logger.js';
import { cardText, readable } from './helpers/card-check.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from './helpers/lark-events.js';
import { KNOWLEDGE_DIR } from './helpers/paths.js';
import { larkEnv, startTestBot } from './helpers/test-bot.js';

const health = async (url: string) => {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; problems: string[] } };
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('start-up while Lark is unreachable (real process)', { timeout: 120_000 }, () => {
  let mock: MockLark | undefined;
  let bot: SpawnedBot | undefined;
  let dataDir: string | undefined;
  const start = (m: MockLark | { url: string }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-start-'));
    bot = spawnBot(larkEnv(m as MockLark, dataDir));
    return bot;
  };
  afterEach(async () => {
    bot?.kill();
    await bot?.exited;
    await mock?.close();
    mock = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('bot/v3/info answering 500 and 429 for a while: keeps running, degraded, then healthy; SIGTERM exits 0', async () => {
    mock = await startMockLark();
    mock.failNext('bot_info', ...Array.from({ length: 4 }, () => Fail.serverError(500)), ...Array.from({ length: 3 }, () => Fail.rateLimited(0)));
    const b = start(mock);
    const url = await b.url();
    const early = await health(url);
    expect(early.status).toBe(503);
    expect(early.body.status).toBe('degraded');
    expect(early.body.problems.join(' ')).toMatch(/bot\/v3\/info/u);
    await b.waitFor(/bot identity known/u, 60_000);
    expect((await health(url)).status).toBe(200);
    expect(b.output()).toMatch(/retrying with backoff/u);
    b.proc.kill('SIGTERM');
    expect(await b.exited).toEqual({ code: 0, signal: null });
  });

  it('the token endpoint failing for a while is retried too, not taken for bad credentials', async () => {
    mock = await startMockLark();
    mock.failNext('token', ...Array.from({ length: 6 }, () => Fail.serverError(502)));
    const b = start(mock);
    const url = await b.url();
    await b.waitFor(/bot identity known/u, 60_000);
    expect((await health(url)).status).toBe(200);
    expect(b.proc.exitCode).toBeNull();
  });

  it('connection refused at start-up, Lark comes up later: the bot finds it', async () => {
    const port = await freePort();
    const b = start({ url: `http://127.0.0.1:${port}` });
    const url = await b.url();
    await b.waitFor(/retrying with backoff/u, 30_000);
    expect((await health(url)).body.status).toBe('degraded');
    mock = await startMockLark({ port });
    await b.waitFor(/bot identity known/u, 60_000);
    expect((await health(url)).status).toBe(200);
    expect(b.proc.exitCode).toBeNull();
  });

  it('Lark never recovers: the process stays up and degraded (never exits 0 by itself)', async () => {
    mock = await startMockLark();
    mock.failNext('bot_info', ...Array.from({ length: 500 }, () => Fail.serverError(503)));
    const b = start(mock);
    const url = await b.url();
    // Past the in-call retries and more than one backoff round.
    await mock.waitFor((calls) => calls.filter((c) => c.api === 'bot_info').length >= 7, 60_000);
    expect(b.proc.exitCode).toBeNull();
    const h = await health(url);
    expect(h).toMatchObject({ status: 503, body: { status: 'degraded' } });
    b.proc.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  });

  it('a refusal retrying cannot fix (bad credentials): exit 1 with a clear message, no stack trace', async () => {
    mock = await startMockLark();
    mock.failNext('bot_info', { status: 400, code: 99991661, msg: 'Missing access token for authorization.' });
    const b = start(mock);
    const { code } = await b.exited;
    expect(code).toBe(1);
    expect(b.output()).toMatch(/LARK_APP_ID and LARK_APP_SECRET/u);
    expect(b.output()).not.toMatch(/\n\s+at /u);
  });
});

describe('a port the server cannot listen on (real process)', { timeout: 120_000 }, () => {
  it.each([
    ['PORT', (busy: number) => ({ PORT: String(busy) })],
    ['ADMIN_PORT', (busy: number) => ({ ADMIN_PORT: String(busy) })],
  ] as const)('%s already in use: exit 1 naming it, no stack trace', async (name, env) => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-port-'));
    const mock = await startMockLark();
    try {
      const b = spawnBot({ ...larkEnv(mock, dataDir), ...env((blocker.address() as { port: number }).port) });
      const { code } = await b.exited;
      expect(code).toBe(1);
      expect(b.output()).toMatch(new RegExp(`${name} \\d+ is already in use`, 'u'));
      expect(b.output()).not.toMatch(/\n\s+at /u);
    } finally {
      blocker.close();
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the lexicon after a reload (real process)', { timeout: 120_000 }, () => {
  it('a lexicon missing at start and added later (SIGHUP) scrubs the echo from then on', async () => {
    const kb = mkdtempSync(join(tmpdir(), 'fazhi-no-lexicon-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-no-lexicon-data-'));
    cpSync(KNOWLEDGE_DIR, kb, { recursive: true });
    rmSync(join(kb, 'spam-lexicon.txt'));
    // Local mode: /api/ask answers on the one port.
    const b = spawnBot({ PORT: '0', DATA_DIR: dataDir, KNOWLEDGE_DIR: kb });
    try {
      const url = await b.url();
      const ask = () => fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '皇冠体育 一网通办 能力' }) });
      expect((await ask()).status).toBe(503); // without a lexicon the knowledge does not load
      cpSync(join(KNOWLEDGE_DIR, 'spam-lexicon.txt'), join(kb, 'spam-lexicon.txt'));
      b.proc.kill('SIGHUP');
      await b.waitFor(/"msg":"knowledge reloaded"/u);
      const res = await ask();
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain('皇冠体育');
      expect(text).toContain('〔已屏蔽的注入词〕');
    } finally {
      b.kill();
      await b.exited;
      rmSync(kb, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SIGHUP while starting (real process)', { timeout: 120_000 }, () => {
  it('does not kill the process: the start goes on (here: to its exit 3, PostgreSQL being down)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-hup-'));
    // Port 1 on loopback: nothing listens there, so the start retries for a while.
    const b = spawnBot({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: 'postgres://fazhi:secret@127.0.0.1:1/fazhi' });
    try {
      await b.waitFor(/not reachable yet; retrying/u);
      b.proc.kill('SIGHUP');
      expect(await b.exited).toEqual({ code: 3, signal: null });
    } finally {
      b.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('one broken knowledge file', () => {
  it('users are told the knowledge base is unavailable, with no path; the log has the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-broken-kb-'));
    cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.txt'), 'no front matter here\n');
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
    const mock = await startMockLark();
    const bot = await startTestBot(mock, { env: { KNOWLEDGE_DIR: dir }, logger });
    try {
      const ev = p2pText('全市调解组织调解案件成功率是多少?');
      const messageId = (ev.event.message as { message_id: string }).message_id;
      expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
      await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId));
      const content = mock.delivered().find((c) => c.target === messageId)?.content ?? '';
      expect(readable(cardText(JSON.parse(content)))).toContain('知识库暂不可用');
      expect(content).not.toContain(dir);
      expect(content).not.toContain('broken.txt');
      const h = await fetch(`${bot.url}/healthz`);
      expect(h.status).toBe(503);
      expect(await h.text()).not.toContain(dir);
      const api = await fetch(`${bot.adminUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"调解"}' });
      expect(await api.text()).not.toContain(dir);
      expect(lines.join('')).toContain(dir);
      expect(lines.join('')).toContain('broken.txt');
    } finally {
      await bot.stop();
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
