// A process killed (SIGKILL) after acking an event but before its reply went out sends that reply after a
// restart — from its durable inbox, with no redelivery from Lark. Through both receivers: the webhook's HTTP 200
// and the long connection's `{"code":200}` response frame are the ack. The bot runs as a real child process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push, type Envelope } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { startMockLarkWs, type MockLarkWs } from '../helpers/mock-lark-ws.js';
import { larkEnv } from '../helpers/test-bot.js';

interface Mode {
  env: Record<string, string>;
  /** Delivers the event and resolves once the bot acked it. */
  deliver(child: ChildBot, ev: Envelope): Promise<void>;
  /** Resolves once the (re)started child can receive events. */
  ready(child: ChildBot): Promise<void>;
}

const modes: [string, () => Promise<{ mock: MockLark; mode: Mode }>][] = [
  [
    'webhook',
    async () => {
      const mock = await startMockLark();
      return {
        mock,
        mode: {
          env: {},
          ready: async () => undefined,
          async deliver(child, ev) {
            expect((await push(child.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
          },
        },
      };
    },
  ],
  [
    'ws',
    async () => {
      const mock: MockLarkWs = await startMockLarkWs();
      let connections = 0;
      return {
        mock,
        mode: {
          env: { LARK_EVENT_MODE: 'ws' },
          async ready() {
            connections++;
            await mock.waitUntil(() => mock.accepted() === connections && mock.openClients().length === 1, 'the child connected', 60_000);
          },
          async deliver(_child, ev) {
            mock.push(ev);
            await mock.waitForAck(ev.header.event_id);
          },
        },
      };
    },
  ],
];

describe.each(modes)('crash after ack, before reply (%s)', (_name, setUp) => {
  let mock: MockLark | undefined;
  const children: ChildBot[] = [];
  let dataDir: string | undefined;
  afterEach(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await mock?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the reply after a restart, exactly once, with no redelivery', { timeout: 240_000 }, async () => {
    const s = await setUp();
    mock = s.mock;
    dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-crash-'));
    const env = { ...larkEnv(mock, dataDir), ...s.mode.env };

    const first = await startChildBot(env);
    children.push(first);
    await s.mode.ready(first);
    // The reply request will never be answered: the process is killed while it waits.
    mock.failNext('reply', Fail.hang());
    const ev = p2pText('全市调解组织调解案件成功率是多少?');
    const messageId = (ev.event.message as { message_id: string }).message_id;
    await s.mode.deliver(first, ev);
    await mock.waitFor((calls) => calls.some((c) => c.api === 'reply' && c.target === messageId));
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(mock.delivered().filter((c) => c.target === messageId)).toHaveLength(0);

    const second = await startChildBot(env);
    children.push(second);
    await s.mode.ready(second);
    await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId), 60_000);
    const delivered = mock.delivered().filter((c) => c.target === messageId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.uuid).toBe(`ans:${messageId}`);
    expect(JSON.parse(delivered[0]?.content ?? '{}')).toMatchObject({ schema: '2.0' });
    if ('deliveries' in mock) expect((mock as MockLarkWs).deliveries.filter((d) => d.eventId === ev.header.event_id)).toHaveLength(1);

    // Graceful stop: SIGTERM drains and exits 0.
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain('"msg":"stopped"');
  });
});
