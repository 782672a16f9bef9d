// PostgreSQL going away: at start the bot retries, then exits 3 naming DATABASE_URL without the password; while
// running, the webhook answers 503 (Lark redelivers) rather than acking what it cannot store, /healthz says why,
// and once the database is back the redelivered event is answered once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { startMockLark } from '../helpers/mock-lark.js';
import { createTestDatabase, describePostgres, queryRows } from '../helpers/postgres.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { larkEnv, startTestBot } from '../helpers/test-bot.js';

describe('PostgreSQL unreachable at start', () => {
  it('retries with backoff, then exits 3 with a message naming DATABASE_URL and never the password', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-pg-down-'));
    try {
      // Port 1 on loopback: nothing listens there.
      const env = { ...larkEnv(null, dataDir), DATABASE_URL: 'postgres://fazhi:Pa55-w0rd-never-shown@127.0.0.1:1/fazhi', LOG_LEVEL: 'info' };
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const started = Date.now();
      const { code } = await new Promise<{ code: number | null }>((resolve) => proc.once('exit', (c) => resolve({ code: c })));
      expect(code).toBe(3);
      expect(out).toContain('cannot use the PostgreSQL database in DATABASE_URL (postgres://fazhi@127.0.0.1:1/fazhi)');
      expect((out.match(/not reachable yet; retrying/gu) ?? []).length).toBeGreaterThanOrEqual(3);
      expect(out).not.toContain('Pa55-w0rd-never-shown');
      expect(Date.now() - started).toBeGreaterThan(3_000); // it did back off before giving up
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describePostgres('PostgreSQL unreachable while running', (serverUrl) => {
  it('answers 503 instead of acking, says why in /healthz, and answers the redelivery once the database is back', { timeout: 90_000 }, async () => {
    const mock = await startMockLark();
    const db = await createTestDatabase(serverUrl, 'fazhi_outage');
    const bot = await startTestBot(mock, { env: { DATABASE_URL: db.url } });
    const admin = (sql: string) => queryRows(serverUrl, sql);
    try {
      const before = p2pText('全市调解组织调解案件成功率是多少?');
      expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, before))).status).toBe(200);
      await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === (before.event.message as { message_id: string }).message_id));
      // The playground's /digest reads the announcements from the configured store (here PostgreSQL).
      const preview = await fetch(`${bot.adminUrl}/api/playground/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '/摘要' }) });
      expect(preview.status).toBe(200);
      expect(((await preview.json()) as { reply: { kind: string } }).reply.kind).toBe('digest');
      expect((await queryRows<{ n: number }>(db.url, 'SELECT COUNT(*)::int AS n FROM digest_announced'))[0]?.n).toBeGreaterThan(0);

      // The database stops taking connections, and the ones open are cut.
      await admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`);
      const ev = p2pText('行政执法决定公示了多少次');
      const messageId = (ev.event.message as { message_id: string }).message_id;
      const refused = await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev));
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'state_unavailable' } });
      expect(refused.ms).toBeLessThan(3_000); // within Lark's 3 s, so Lark sees the 503 and redelivers
      const health = await fetch(`${bot.adminUrl}/healthz`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as { status: string; state: { ready: boolean; backend: string; error: string } };
      expect(body.state).toMatchObject({ ready: false, backend: 'postgres' });
      expect(body.state.error).toMatch(/PostgreSQL \(postgres:\/\/\w+@127\.0\.0\.1:\d+\/fazhi_outage_\w+\) unreachable/u);
      expect(JSON.stringify(body)).not.toContain(new URL(serverUrl).password);
      // The public port says what is wrong, not where: no database host, user or name.
      const open = await fetch(`${bot.url}/healthz`);
      expect(open.status).toBe(503);
      const openText = await open.text();
      expect(JSON.parse(openText)).toMatchObject({ status: 'unavailable', state: { ready: false, backend: 'postgres' } });
      for (const secret of [`:${new URL(serverUrl).port}`, `${new URL(serverUrl).username}@`, db.name]) expect(openText).not.toContain(secret);

      // Back: Lark's redelivery of the same event is stored and answered, once.
      await admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
      expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200); // a further redelivery: a duplicate
      await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId));
      await new Promise((r) => setTimeout(r, 500));
      expect(mock.callsTo('reply').filter((c) => c.target === messageId)).toHaveLength(1);
    } finally {
      await bot.stop();
      await mock.close();
      await admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await db.drop();
    }
  });
  it('answers 503 within Lark\'s 3 s when the database hangs, and the event stored meanwhile is answered once', { timeout: 90_000 }, async () => {
    const mock = await startMockLark();
    const db = await createTestDatabase(serverUrl, 'fazhi_hang');
    const bot = await startTestBot(mock, { env: { DATABASE_URL: db.url } });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      // Every claim now waits for this transaction: the database hangs as far as the bot can tell.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE seen_events IN ACCESS EXCLUSIVE MODE');
      const ev = p2pText('全市调解组织调解案件成功率是多少?');
      const messageId = (ev.event.message as { message_id: string }).message_id;
      const slow = await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev));
      expect(slow.status).toBe(503);
      expect(slow.body).toMatchObject({ error: { code: 'state_slow' } });
      expect(slow.ms).toBeLessThan(3_000);
      await locker.query('COMMIT');
      // The claim that was waiting lands: the message is answered without a redelivery…
      await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId), 20_000);
      // …and Lark's redelivery of the refused event is a duplicate.
      expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(mock.callsTo('reply').filter((c) => c.target === messageId)).toHaveLength(1);
    } finally {
      await locker.end().catch(() => undefined);
      await bot.stop();
      await mock.close();
      await db.drop();
    }
  });
});
