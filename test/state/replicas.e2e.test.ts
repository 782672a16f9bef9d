// Several bot processes behind one "load balancer", sharing one PostgreSQL database (DATABASE_URL), with the real
// SDK against the mock Open API server: each replica is a real child process (test/helpers/replica-main.ts, the
// real composition root). Redeliveries that land on the other replica, a replica killed under load, the digest
// cron firing on every replica, and replicas migrating at the same moment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/state/migrations.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push, type Envelope } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockCall, type MockLark } from '../helpers/mock-lark.js';
import { createTestDatabase, describePostgres, queryRows, type TestDatabase } from '../helpers/postgres.js';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';
import { larkEnv } from '../helpers/test-bot.js';

interface Replica extends ChildBot {
  name: string;
}

const QUESTIONS = ['全市调解组织调解案件成功率是多少?', '行政执法决定公示了多少次', '/help', '法律援助', '今天天气如何'];
const DIGEST_CHATS = ['oc_digest_a', 'oc_digest_b', 'oc_digest_c'];

async function startReplica(name: string, env: Record<string, string>, args: string[] = []): Promise<Replica> {
  return { name, ...(await startChildBot(env, { entry: 'test/helpers/replica-main.ts', args, name })) };
}

const messageIdOf = (ev: Envelope) => (ev.event.message as { message_id: string }).message_id;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What Lark does with an event: POST it; on anything but 200 (503, a connection refused by a dead replica) deliver
 * it again, to whichever replica the balancer picks. Bounded: `tries` attempts. Resolves with the replica that
 * acked it, or null.
 */
async function deliver(ev: Envelope, targets: () => Replica[], first: number, tries = 8): Promise<Replica | null> {
  for (let i = 0; i < tries; i++) {
    const live = targets();
    const r = live[(first + i) % live.length];
    if (!r) return null;
    try {
      const res = await push(r.url, encryptedPush(TEST_ENCRYPT_KEY, ev));
      if (res.status === 200) return r;
    } catch {
      /* connection refused or reset: the replica is gone; Lark retries */
    }
    await sleep(50 * (i + 1));
  }
  return null;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, f: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < items.length; i = next++) await f(items[i]!, i);
    }),
  );
}

const byTarget = (calls: MockCall[], pred: (c: MockCall) => boolean) => {
  const m = new Map<string, number>();
  for (const c of calls) if (c.target && pred(c)) m.set(c.target, (m.get(c.target) ?? 0) + 1);
  return m;
};

describePostgres('several replicas sharing one PostgreSQL database', (serverUrl) => {
  let mock: MockLark;
  let db: TestDatabase;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-replicas-'));
  const started: Replica[] = [];
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    mock = await startMockLark();
    db = await createTestDatabase(serverUrl, 'fazhi_replicas');
    env = {
      ...larkEnv(mock, dataDir),
      DATABASE_URL: db.url,
      PLAYGROUND: 'off',
      LARK_SEND_QPS: '1000',
      // The digest cron fires every second on every replica.
      DIGEST_CRON: '* * * * * *',
      DIGEST_CHAT_IDS: DIGEST_CHATS.join(','),
    };
  }, 60_000);

  afterAll(async () => {
    for (const r of started) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
    await Promise.all(started.map((r) => r.exited));
    await mock?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('two replicas started at the same moment migrate the database once', { timeout: 120_000 }, async () => {
    [a, b] = await Promise.all([startReplica('a', env), startReplica('b', env)]);
    started.push(a, b);
    const versions = await queryRows<{ version: number }>(db.url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    const migrated = [a, b].filter((r) => r.output().includes('"msg":"state schema migrated"'));
    const upToDate = [a, b].filter((r) => r.output().includes('"msg":"state schema up to date"'));
    expect(migrated).toHaveLength(1);
    expect(upToDate).toHaveLength(1);
    for (const r of [a, b]) expect(r.output()).toContain('"backend":"postgres"');
    // /healthz names the backend; the password appears in no log line.
    const health = (await (await fetch(`${a.url}/healthz`)).json()) as { state: unknown };
    expect(health.state).toEqual({ ready: true, backend: 'postgres' });
    for (const r of [a, b]) expect(r.output()).not.toContain(new URL(db.url).password);
  });

  it('the digest cron firing every second on both replicas posts once per chat and date', { timeout: 60_000 }, async () => {
    // Both replicas have ticked several times (and caught up at start) by now.
    await mock.waitFor((calls) => DIGEST_CHATS.every((c) => calls.some((x) => x.api === 'create' && x.target === c && x.delivered)), 20_000);
    await sleep(4_000);
    const creates = mock.callsTo('create').filter((c) => DIGEST_CHATS.includes(c.target ?? ''));
    // One send per (chat, date): the uuid carries both. Claims keep the second replica from even trying.
    const perUuid = new Map<string, number>();
    for (const c of creates) perUuid.set(c.uuid ?? '', (perUuid.get(c.uuid ?? '') ?? 0) + 1);
    expect([...perUuid.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(creates.map((c) => c.target))).toEqual(new Set(DIGEST_CHATS));
    const rows = await queryRows<{ chat_id: string; status: string; attempts: number }>(db.url, 'SELECT chat_id, status, attempts FROM digest_log ORDER BY chat_id, date');
    expect(rows.filter((r) => DIGEST_CHATS.includes(r.chat_id)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('2,000 events, a fifth of them delivered twice and to the other replica: exactly one reply per message', { timeout: 240_000 }, async () => {
    const events = Array.from({ length: 2_000 }, (_, i) => p2pText(QUESTIONS[i % QUESTIONS.length]!, { chatId: `oc_load_${i % 500}` }));
    const replicas = [a, b];
    const acked = new Set<string>();
    await pool(events, 24, async (ev, i) => {
      const first = i % 2;
      if (i % 5 === 0) {
        // Redelivered: to both replicas, at the same moment for half of them, one after the other for the rest.
        const both =
          i % 10 === 0
            ? await Promise.all([deliver(ev, () => replicas, first), deliver(ev, () => replicas, first + 1)])
            : [await deliver(ev, () => replicas, first), await deliver(ev, () => replicas, first + 1)];
        if (both.some(Boolean)) acked.add(messageIdOf(ev));
      } else if (await deliver(ev, () => replicas, first)) acked.add(messageIdOf(ev));
    });
    expect(acked.size).toBe(2_000);
    const ids = new Set(events.map(messageIdOf));
    await mock.waitFor((calls) => calls.filter((c) => c.delivered && ids.has(c.target ?? '')).length >= 2_000, 180_000);
    await sleep(1_000); // a second reply, if one were coming, would come now
    const delivered = byTarget(mock.delivered(), (c) => ids.has(c.target ?? ''));
    const attempts = byTarget(mock.callsTo('reply'), (c) => ids.has(c.target ?? ''));
    expect(delivered.size).toBe(2_000);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    // Not only deduplicated by Lark's uuid: no replica even tried to answer a message twice.
    expect([...attempts.values()].every((n) => n === 1)).toBe(true);
    // Both replicas did part of the work.
    for (const r of replicas) expect((r.output().match(/"msg":"replied"/gu) ?? []).length).toBeGreaterThan(100);
  });

  it('a replica killed (SIGKILL) under load: every acked event is answered exactly once by the other', { timeout: 240_000 }, async () => {
    // A fresh pair with a short lease, so the survivor takes over within seconds.
    const leaseArgs = ['--lease-ms', '2000', '--sweep-ms', '500'];
    const [c, d] = await Promise.all([startReplica('c', env, leaseArgs), startReplica('d', env, leaseArgs)]);
    started.push(c, d);
    for (const r of [a, b]) {
      r.proc.kill('SIGTERM');
      await r.exited;
    }
    // Slow replies, so that the killed replica has acked work still waiting in its queue.
    mock.failNext('reply', ...Array.from({ length: 300 }, () => Fail.slow(150)));
    const events = Array.from({ length: 600 }, (_, i) => p2pText(QUESTIONS[i % QUESTIONS.length]!, { chatId: `oc_kill_${i % 200}` }));
    let live = [c, d];
    const ackedBy = new Map<string, string>();
    let killedAt = 0;
    await pool(events, 8, async (ev, i) => {
      if (i === 300) {
        c.proc.kill('SIGKILL');
        killedAt = Date.now();
        live = [d];
      }
      await sleep(10); // about 100 events per second in all
      const r = await deliver(ev, () => live, i % 2);
      if (r) ackedBy.set(messageIdOf(ev), r.name);
    });
    expect((await c.exited).signal).toBe('SIGKILL');
    expect(ackedBy.size).toBe(600); // Lark redelivers what the dead replica never acked
    const ackedByC = [...ackedBy].filter(([, n]) => n === 'c').map(([id]) => id);
    expect(ackedByC.length).toBeGreaterThan(50);
    const ids = new Set(ackedBy.keys());
    await mock.waitFor((calls) => new Set(calls.filter((x) => x.delivered && ids.has(x.target ?? '')).map((x) => x.target)).size >= ids.size, 120_000);
    await sleep(3_000); // a lease period more: a second reply, if one were coming, would come now
    const delivered = byTarget(mock.delivered(), (x) => ids.has(x.target ?? ''));
    expect(delivered.size).toBe(600);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    // The survivor did take over work the killed replica had acked: replies to c's messages sent after the kill.
    const cIds = new Set(ackedByC);
    const afterKill = mock.delivered().filter((x) => cIds.has(x.target ?? '') && x.at > killedAt);
    expect(afterKill.length).toBeGreaterThan(0);
    expect(d.output()).toContain('resuming answers acked but not answered');
    const pending = await queryRows<{ n: number }>(db.url, "SELECT COUNT(*)::int AS n FROM inbox WHERE status = 'pending'");
    expect(pending[0]?.n).toBe(0);
  });
});
