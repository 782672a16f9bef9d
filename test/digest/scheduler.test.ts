import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, weekday } from '../../src/digest/dates.js';
import { DigestScheduleError } from '../../src/digest/schedule.js';
import { createDigestScheduler, digestUuid } from '../../src/digest/scheduler.js';
import { kbWithSecondReport } from '../helpers/knowledge.js';
import { Fail, startMockLark, type MockCall, type MockLark } from '../helpers/mock-lark.js';
import { FakeClock, nineAm, openStack, tempDataDir, titleMark, type Stack } from '../helpers/digest-stack.js';
import { until } from '../helpers/poll.js';

const FRIDAY = '2026-11-27';
const A = 'oc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'oc_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const C = 'oc_cccccccccccccccccccccccccccccccc';

let mock: MockLark;
let data: ReturnType<typeof tempDataDir>;
let clock: FakeClock;
const open: Stack[] = [];

const stack = (opts: Parameters<typeof openStack>[3] = {}) => {
  const s = openStack(mock, data.file, clock, opts);
  open.push(s);
  return s;
};
const postsTo = (chatId: string): MockCall[] => mock.delivered().filter((c) => c.api === 'create' && c.target === chatId);
const card = (c: MockCall) => JSON.parse(c.content ?? '{}') as object;
const cardText = (c: MockCall) => c.content ?? '';

beforeEach(async () => {
  mock = await startMockLark();
  data = tempDataDir();
  clock = new FakeClock(nineAm(FRIDAY));
});

afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  await mock.close();
  data.cleanup();
});

describe('digest scheduler (real SDK and outbound against the mock Open API, real SQLite)', () => {
  it('a cron firing every second for several seconds posts one digest per subscribed chat for the date', async () => {
    const s = stack({ cron: '* * * * * *' });
    await s.subscriptions.subscribe(A);
    await s.subscriptions.subscribe(B);
    s.scheduler.start();
    await until(() => s.runs() >= 4, 15_000, 'four cron ticks');
    await s.scheduler.stop();
    expect(postsTo(A)).toHaveLength(1);
    expect(postsTo(B)).toHaveLength(1);
    expect(mock.callsTo('create')).toHaveLength(2); // later ticks found the date done and sent nothing
    const post = postsTo(A)[0]!;
    expect(post.msgType).toBe('interactive');
    expect(post.uuid).toBe(digestUuid(A, FRIDAY));
    expect(post.uuid!.length).toBeLessThanOrEqual(50);
    const digest = s.planner.digestFor(FRIDAY);
    expect(cardText(post)).toContain(`每日摘要 · ${FRIDAY}`);
    expect(cardText(post)).toContain(titleMark(digest.section.section));
    expect(card(post)).toMatchObject({ schema: '2.0' });
    expect((await s.log.entries(FRIDAY)).map((e) => e.status)).toEqual(['sent', 'sent']);
    expect(s.scheduler.nextRun()).toBeNull(); // stopped
  });

  it('overlapping runs (and a cron firing twice) post once per chat', async () => {
    const s = stack();
    for (const c of [A, B, C]) await s.subscriptions.subscribe(c);
    mock.failNext('create', Fail.slow(150)); // the first send is slow, so the runs really overlap
    const reports = await Promise.all([s.scheduler.runOnce(), s.scheduler.runOnce(), s.scheduler.runOnce()]);
    for (const c of [A, B, C]) expect(postsTo(c)).toHaveLength(1);
    expect(reports.flatMap((r) => r.sent).sort()).toEqual([A, B, C]);
  });

  it('two processes on the same SQLite file post once per chat', async () => {
    const one = stack();
    const two = stack();
    await one.subscriptions.subscribe(A);
    await one.subscriptions.subscribe(B);
    await Promise.all([one.scheduler.runOnce(), two.scheduler.runOnce()]);
    expect(postsTo(A)).toHaveLength(1);
    expect(postsTo(B)).toHaveLength(1);
  });

  it('a restart on the same date posts nothing new; the next date posts the next section', async () => {
    const first = stack();
    await first.subscriptions.subscribe(A);
    await first.subscriptions.subscribe(B);
    await first.scheduler.runOnce();
    expect(mock.delivered()).toHaveLength(2);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = stack(); // a new process: same file, new scheduler
    expect(await second.subscriptions.recipients()).toEqual([A, B]); // subscriptions survived
    const again = await second.scheduler.runOnce();
    expect(again.sent).toEqual([]);
    expect(mock.delivered()).toHaveLength(2);

    const monday = addDays(FRIDAY, 3); // the workday after Friday
    clock.set(nineAm(monday));
    await second.scheduler.runOnce();
    const rotation = second.planner.rotation.map((r) => r.sectionId);
    const fri = rotation.indexOf(second.planner.digestFor(FRIDAY).section.sectionId);
    const next = second.planner.rotation[(fri + 1) % rotation.length]!;
    expect(second.planner.digestFor(monday).section.sectionId).toBe(next.sectionId);
    for (const c of [A, B]) {
      expect(postsTo(c)).toHaveLength(2);
      expect(cardText(postsTo(c)[1]!)).toContain(titleMark(next.section));
    }
  });

  it('a restart mid-run (claimed, maybe sent, never marked) re-sends with the same uuid once the claim lapses', async () => {
    const dead = stack();
    await dead.subscriptions.subscribe(A);
    await dead.subscriptions.subscribe(B);
    // The dead process claimed both chats; A's send reached Lark, then the process died before marking.
    expect(await dead.log.claim(A, FRIDAY, digestUuid(A, FRIDAY))).toBe('claimed');
    expect(await dead.log.claim(B, FRIDAY, digestUuid(B, FRIDAY))).toBe('claimed');
    await dead.scheduler.runOnce(); // nothing: both claims are live
    expect(mock.callsTo('create')).toHaveLength(0);
    await dead.close();
    open.splice(open.indexOf(dead), 1);

    const restarted = stack();
    clock.advance(60_000);
    const early = await restarted.scheduler.runOnce();
    expect(early.skipped.sort()).toEqual([A, B]); // the claims still hold (the dead run might be alive)
    clock.advance(11 * 60_000);
    await restarted.scheduler.runOnce();
    expect(postsTo(A)).toHaveLength(1);
    expect(postsTo(B)).toHaveLength(1);
    expect((await restarted.log.entries(FRIDAY)).map((e) => [e.chatId, e.status, e.attempts])).toEqual([
      [A, 'sent', 2],
      [B, 'sent', 2],
    ]);
  });

  it('a send that reached Lark before a crash is not posted twice (same uuid)', async () => {
    const s = stack();
    await s.subscriptions.subscribe(A);
    await s.scheduler.runOnce();
    const uuid = postsTo(A)[0]!.uuid!;
    // Forget the mark, as if the process died between the send and the mark, and let the claim lapse.
    s.db.prepare("UPDATE digest_log SET status = 'sending'").run();
    clock.advance(11 * 60_000);
    await s.scheduler.runOnce();
    const creates = mock.callsTo('create').filter((c) => c.target === A);
    expect(creates).toHaveLength(2);
    expect(creates.every((c) => c.uuid === uuid)).toBe(true);
    expect(postsTo(A)).toHaveLength(1); // Lark dropped the repeat
  });

  it('ten consecutive dates yield ten different digests, every quote verbatim and clean', async () => {
    const s = stack();
    await s.subscriptions.subscribe(A);
    const sections: string[] = [];
    for (let i = 0; i < 10; i++) {
      const date = addDays('2026-12-01', i);
      clock.set(nineAm(date));
      await s.scheduler.runOnce();
      const d = await s.scheduler.digestFor(date);
      sections.push(d.section.sectionId);
      const post = postsTo(A)[i]!;
      expect(cardText(post)).toContain(`每日摘要 · ${date}`);
      expect(cardText(post)).toContain(titleMark(d.section.section));
    }
    expect(new Set(sections).size).toBe(10);
    expect(postsTo(A)).toHaveLength(10);
    for (const p of mock.delivered()) expect(cardText(p)).not.toContain('沙巴体育');
  });

  it('the corrected section goes out with the restored text and never the injected term', async () => {
    const s = stack();
    await s.subscriptions.subscribe(A);
    let date = FRIDAY;
    while (s.planner.digestFor(date).section.sectionId !== 'qingyuan-2021/s2.2.2') date = addDays(date, 1);
    clock.set(nineAm(date));
    await s.scheduler.runOnce();
    const text = cardText(postsTo(A)[0]!);
    expect(text).toContain('政务服务');
    expect(text).not.toContain('沙巴体育');
  });

  it('unsubscribe stops posts', async () => {
    const s = stack();
    await s.subscriptions.subscribe(A);
    await s.subscriptions.subscribe(B);
    await s.scheduler.runOnce();
    expect(await s.subscriptions.unsubscribe(B)).toBe('unsubscribed');
    clock.set(nineAm(addDays(FRIDAY, 3)));
    await s.scheduler.runOnce();
    expect(postsTo(A)).toHaveLength(2);
    expect(postsTo(B)).toHaveLength(1);
  });

  it('a chat that answers 230002 (bot removed) is unsubscribed and not posted to again', async () => {
    const s = stack({ concurrency: 1 }); // one chat at a time, so the injected failure meets A
    await s.subscriptions.subscribe(A);
    await s.subscriptions.subscribe(B);
    mock.failNext('create', Fail.botRemoved()); // A sorts first
    const r = await s.scheduler.runOnce();
    expect(r.removed).toEqual([A]);
    expect(r.sent).toEqual([B]);
    expect(await s.subscriptions.isSubscribed(A)).toBe(false);
    expect(await s.subscriptions.stateOf(A)).toBe('removed');
    expect((await s.log.entries(FRIDAY)).find((e) => e.chatId === A)?.status).toBe('gone');
    expect(await s.log.retryable(FRIDAY)).toEqual([]);
    clock.set(nineAm(addDays(FRIDAY, 3)));
    await s.scheduler.runOnce();
    expect(postsTo(A)).toHaveLength(0);
    expect(postsTo(B)).toHaveLength(2);
    expect(mock.callsTo('create').filter((c) => c.target === A)).toHaveLength(1); // only the refused one
  });

  it('the bot-removed event ends the subscription; a configured chat receives again once the bot is back', async () => {
    const s = stack({ configChatIds: [C] });
    await s.subscriptions.subscribe(A);
    expect(await s.subscriptions.recipients()).toEqual([A, C]);
    await s.subscriptions.onBotRemoved(A);
    await s.subscriptions.onBotRemoved(C);
    await s.scheduler.runOnce();
    expect(mock.delivered()).toHaveLength(0);
    await s.subscriptions.onBotAdded(C);
    await s.subscriptions.onBotAdded(A);
    clock.set(nineAm(addDays(FRIDAY, 3)));
    await s.scheduler.runOnce();
    expect(postsTo(C)).toHaveLength(1);
    expect(postsTo(A)).toHaveLength(0); // a /subscribe chat subscribes anew after a removal
  });

  it('DIGEST_CHAT_IDS chats receive without /subscribe, and /unsubscribe there stops it', async () => {
    const s = stack({ configChatIds: [C] });
    await s.scheduler.runOnce();
    expect(postsTo(C)).toHaveLength(1);
    expect(await s.subscriptions.subscribe(C)).toBe('already_subscribed');
    expect(await s.subscriptions.unsubscribe(C)).toBe('unsubscribed');
    clock.set(nineAm(addDays(FRIDAY, 3)));
    await s.scheduler.runOnce();
    expect(postsTo(C)).toHaveLength(1);
  });

  it('a chat that failed is retried on the next tick of the same date, and by the retry timer', async () => {
    const s = stack({ retryDelayMs: 30, concurrency: 1 });
    await s.subscriptions.subscribe(A);
    await s.subscriptions.subscribe(B);
    mock.failNext('create', Fail.serverError(), Fail.serverError()); // A: both outbound attempts fail
    const r = await s.scheduler.runOnce();
    expect(r.failed).toEqual([A]);
    expect(r.sent).toEqual([B]);
    expect(await s.log.retryable(FRIDAY)).toEqual([A]);
    await until(() => postsTo(A).length === 1, 5_000, 'the retry timer to deliver A');
    await until(async () => (await s.log.entries(FRIDAY)).every((e) => e.status === 'sent'), 5_000, 'marks');
    expect(postsTo(B)).toHaveLength(1);

    // And with the timer out of the picture, the next tick retries.
    mock.failNext('create', Fail.serverError(), Fail.serverError());
    const monday = addDays(FRIDAY, 3);
    clock.set(nineAm(monday));
    const t = stack({ retryDelayMs: 3_600_000, concurrency: 1 });
    const r1 = await t.scheduler.runOnce();
    expect(r1.failed).toEqual([A]);
    const r2 = await t.scheduler.runOnce();
    expect(r2.sent).toEqual([A]);
    expect(postsTo(A)).toHaveLength(2);
    expect(postsTo(B)).toHaveLength(2);
  });

  it('catches up on start when today\'s scheduled time has passed, not before it', async () => {
    clock.set(nineAm(FRIDAY) - 60 * 60_000); // 08:00 Shanghai
    const early = stack({ cron: '0 9 * * 1-5', catchUp: true });
    await early.subscriptions.subscribe(A);
    early.scheduler.start();
    expect(early.runs()).toBe(0);
    await early.close();
    open.splice(open.indexOf(early), 1);

    clock.set(nineAm(FRIDAY) + 90 * 60_000); // 10:30 Shanghai
    const late = stack({ cron: '0 9 * * 1-5', catchUp: true });
    late.scheduler.start();
    await until(() => postsTo(A).length === 1, 5_000, 'the catch-up post');
    expect(late.scheduler.nextRun()?.getTime()).toBe(nineAm(addDays(FRIDAY, 3))); // Monday 09:00
  });

  it('refuses an invalid schedule at start with a clear message', () => {
    const s = stack();
    const base = { planner: s.planner, subscriptions: s.subscriptions, log: s.log, send: async () => undefined };
    expect(() => createDigestScheduler({ ...base, cron: '0 25 * * *' })).toThrow(DigestScheduleError);
    expect(() => createDigestScheduler({ ...base, cron: '0 25 * * *' })).toThrow(/DIGEST_CRON: "0 25 \* \* \*" is not a valid cron pattern/u);
    expect(() => createDigestScheduler({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/DIGEST_TZ: "Mars\/Olympus" is not an IANA time zone/u);
  });

  it('announces a report once, on the first digest after it entered the knowledge base', async () => {
    expect(weekday(FRIDAY)).toBe(5);
    const before = stack(); // first start: the shipped report is the baseline, not news
    await before.subscriptions.subscribe(A);
    await before.scheduler.runOnce();
    expect(cardText(postsTo(A)[0]!)).not.toContain('新报告');
    await before.close();
    open.splice(open.indexOf(before), 1);

    const two = kbWithSecondReport();
    try {
      const after = stack({ kb: two.kb, concurrency: 1 }); // restarted with a second report in the knowledge base
      await after.subscriptions.subscribe(B);
      const monday = addDays(FRIDAY, 3);
      clock.set(nineAm(monday));
      mock.failNext('create', Fail.serverError(), Fail.serverError()); // A fails first, is retried later the same day
      await after.scheduler.runOnce();
      await after.scheduler.runOnce();
      for (const c of [A, B]) {
        const text = cardText(postsTo(c).at(-1)!);
        expect(text).toContain('新报告入库');
        expect(text).toContain('示例市2022年法治政府建设年度报告');
      }
      expect((await after.scheduler.digestFor(monday)).announcement?.document.id).toBe('shili-2022');
      const tuesday = addDays(monday, 1);
      clock.set(nineAm(tuesday));
      await after.scheduler.runOnce();
      expect(cardText(postsTo(A).at(-1)!)).not.toContain('新报告入库');
      expect((await after.scheduler.digestFor(tuesday)).announcement).toBeUndefined();
    } finally {
      two.cleanup();
    }
  });
});
