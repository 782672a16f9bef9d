// The digest through the whole bot: the real server (startBot) on an ephemeral port, signed and encrypted
// webhook events, the real SDK against the mock Open API, SQLite in a temp DATA_DIR, and a restart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addDays } from '../../src/digest/dates.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { createLogger } from '../../src/obs/logger.js';
import { botDeleted, encryptedPush, groupMention, push, TEST_APP_ID, TEST_ENCRYPT_KEY, TEST_VERIFICATION_TOKEN } from '../helpers/lark-events.js';
import { startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { tempDataDir } from '../helpers/digest-stack.js';
import { until } from '../helpers/poll.js';
import { KNOWLEDGE_DIR } from '../helpers/paths.js';

const G = 'oc_digestgroup0000000000000000001';
const CFG = 'oc_digestconfigured00000000000001';

let mock: MockLark;
let data: ReturnType<typeof tempDataDir>;
let bot: RunningBot | null = null;

async function start(): Promise<RunningBot> {
  const config = loadConfig({
    LARK_APP_ID: TEST_APP_ID,
    LARK_APP_SECRET: 'digest-e2e-secret',
    LARK_ENCRYPT_KEY: TEST_ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: TEST_VERIFICATION_TOKEN,
    LARK_DOMAIN: mock.url,
    PORT: '0',
    DATA_DIR: data.dir,
    KNOWLEDGE_DIR,
    DIGEST_CRON: '0 0 1 1 *', // 1 January only: the test drives the runs itself
    DIGEST_TZ: 'Asia/Shanghai',
    DIGEST_CHAT_IDS: CFG,
    PLAYGROUND: 'off',
    LOG_LEVEL: 'silent',
  });
  bot = await startBot(config, { host: '127.0.0.1', logger: createLogger({ level: 'silent' }) });
  await bot.identityKnown;
  return bot;
}

async function stop() {
  await bot?.close();
  bot = null;
}

const say = (b: RunningBot, text: string) => push(b.url, encryptedPush(TEST_ENCRYPT_KEY, groupMention(text, mock.botOpenId, { chatId: G })));
const postsTo = (chatId: string) => mock.delivered().filter((c) => c.api === 'create' && c.target === chatId);
const replies = () => mock.delivered().filter((c) => c.api === 'reply');

beforeEach(async () => {
  mock = await startMockLark();
  data = tempDataDir();
});

afterEach(async () => {
  await stop();
  await mock.close();
  data.cleanup();
});

describe('digest end to end (webhook → router → subscriptions → scheduler → Lark)', () => {
  it('/订阅 subscribes the group, the digest posts once per chat and date, also across a restart; removing the bot ends it', async () => {
    let b = await start();
    const digest = b.digest!;
    expect((await say(b, '/订阅')).status).toBe(200);
    await until(() => replies().length === 1, 10_000, 'the /订阅 reply');
    expect(replies()[0]!.content).toContain('已订阅');
    expect(await digest.subscriptions.recipients()).toEqual([CFG, G].sort());

    const date = '2026-11-30';
    const r = await digest.scheduler.runOnce(date);
    expect(r.sent).toEqual([CFG, G].sort());
    await digest.scheduler.runOnce(date); // the cron firing again
    expect(postsTo(G)).toHaveLength(1);
    expect(postsTo(CFG)).toHaveLength(1);
    expect(postsTo(G)[0]!.content).toContain(`每日摘要 · ${date}`);

    // /摘要 shows today's digest in the chat at once, as a reply.
    await say(b, '/摘要');
    await until(() => replies().length === 2, 10_000, 'the /摘要 reply');
    expect(replies()[1]!.content).toContain(`每日摘要 · ${digest.today()}`);

    // Restart on the same date: nothing new.
    await stop();
    b = await start();
    const again = await b.digest!.scheduler.runOnce(date);
    expect(again.sent).toEqual([]);
    expect(postsTo(G)).toHaveLength(1);

    // The bot is removed from the group: the subscription ends, the configured chat still gets the next one.
    expect((await push(b.url, encryptedPush(TEST_ENCRYPT_KEY, botDeleted(G)))).status).toBe(200);
    await until(async () => !(await b.digest!.subscriptions.isSubscribed(G)), 10_000, 'the subscription to end');
    await b.digest!.scheduler.runOnce(addDays(date, 1));
    expect(postsTo(G)).toHaveLength(1);
    expect(postsTo(CFG)).toHaveLength(2);

    // A configured (DIGEST_CHAT_IDS) chat that unsubscribes gets nothing more.
    expect(await b.digest!.subscriptions.unsubscribe(CFG)).toBe('unsubscribed');
    await b.digest!.scheduler.runOnce(addDays(date, 2));
    expect(postsTo(CFG)).toHaveLength(2);
    for (const c of mock.delivered()) expect(c.content ?? '').not.toContain('沙巴体育');
  });
});
