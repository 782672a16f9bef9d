// Routing through the real parts: bundled knowledge, real engine, real digest planner, real SQLite subscriptions.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDigestPlanner } from '../../src/digest/planner.js';
import type { Router } from '../../src/ports.js';
import type { Reply } from '../../src/reply/model.js';
import { toAskJson } from '../../src/reply/to-json.js';
import { toText } from '../../src/reply/to-text.js';
import { createRouter, MAX_QUESTION_CHARS } from '../../src/router/router.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { openMemoryDatabase } from '../../src/state/db.js';
import { createSubscriptionStore } from '../../src/state/subscriptions.js';
import { shippedKb } from '../helpers/knowledge.js';

let router: Router;
const chat = { chatId: 'oc_test_chat', chatType: 'group' as const };
const route = (text: string, withChat = true): Promise<Reply> => router.route(withChat ? { text, chat } : { text });
const visible = (r: Reply) => `${toText(r)}\n${JSON.stringify(toAskJson('', r))}`;

beforeAll(() => {
  const kb = shippedKb();
  router = createRouter({
    engine: createAnswerEngine(kb),
    digest: createDigestPlanner(kb),
    subscriptions: createSubscriptionStore(openMemoryDatabase()),
    today: () => '2026-12-01',
  });
});

describe('router', () => {
  it('answers questions with the engine', async () => {
    const r = await route('行政执法决定公示了多少次');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]?.quote).toContain('177817次');
  });

  it('/help lists every command with its Chinese alias, generated from the table', async () => {
    const r = await route('/帮助');
    expect(r.kind).toBe('help');
    const text = toText(r);
    for (const c of ['/metric', '/search', '/outline', '/source', '/digest', '/subscribe', '/unsubscribe', '/指标', '/搜索', '/目录', '/来源', '/摘要', '/订阅', '/退订']) expect(text).toContain(c);
  });

  it('/metric with a keyword finds figures; without one lists the categories', async () => {
    const r = await route('/指标 调解');
    expect(r.kind).toBe('metric');
    if (r.kind === 'metric') expect(r.figures.map((f) => f.text)).toContain('97.2%');
    const cats = await route('/metric');
    expect(cats.kind).toBe('metric');
    if (cats.kind === 'metric') {
      expect(cats.figures).toHaveLength(0);
      expect(cats.categories.length).toBeGreaterThan(1);
    }
  });

  it('/search returns quotes; /search without a query explains how to use it', async () => {
    const r = await route('/搜索 行政复议');
    expect(r.kind).toBe('search');
    if (r.kind === 'search') expect(r.citations.some((c) => c.quote.includes('行政复议'))).toBe(true);
    expect((await route('/search')).kind).toBe('notice');
  });

  it('/outline shows the structure and /source the documents, never the injected term', async () => {
    const outline = await route('/目录');
    expect(toText(outline)).toContain('大力推进严格规范公正文明执法');
    const source = await route('/来源');
    expect(source.kind).toBe('source');
    if (source.kind === 'source') {
      expect(source.documents[0]?.integrity).toHaveLength(1);
      expect(source.documents[0]?.integrity[0]).toMatchObject({ resolution: 'corrected', replacement: '政务服务' });
    }
    expect(visible(source)).not.toContain('沙巴体育');
  });

  it('/digest shows today\'s digest; /subscribe and /unsubscribe need a chat and are idempotent', async () => {
    const d = await route('/摘要');
    expect(d.kind).toBe('digest');
    if (d.kind === 'digest') expect(d.digest.date).toBe('2026-12-01');
    expect(await route('/subscribe', false)).toEqual({ kind: 'subscription', action: 'unavailable' });
    expect(await route('/订阅')).toEqual({ kind: 'subscription', action: 'subscribed' });
    expect(await route('/subscribe')).toEqual({ kind: 'subscription', action: 'already_subscribed' });
    expect(await route('/退订')).toEqual({ kind: 'subscription', action: 'unsubscribed' });
    expect(await route('/unsubscribe')).toEqual({ kind: 'subscription', action: 'not_subscribed' });
  });

  it('unknown commands get help with the closest command', async () => {
    const r = await route('/metirc 调解');
    expect(r.kind).toBe('unknown_command');
    if (r.kind === 'unknown_command') expect(r.suggestion?.name).toBe('metric');
    expect(toText(r)).toContain('/metric');
  });

  it('empty and over-long questions get a polite notice', async () => {
    expect((await route('   ')).kind).toBe('notice');
    const long = await route('调解'.repeat(MAX_QUESTION_CHARS));
    expect(long.kind).toBe('notice');
    if (long.kind === 'notice') expect(long.text).toContain('太长');
  });
});
