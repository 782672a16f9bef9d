// The playground over real HTTP: the real bot (startBot) on 127.0.0.1:0 with the bundled knowledge base.
import { MAX_QUESTION_CHARS } from '../../src/limits.js';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { createRouter } from '../../src/router/router.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { REDACTED_TERM, scrubberForKnowledge } from '../../src/knowledge/redact.js';
import { createPlaygroundRouter, isLoopbackHost } from '../../src/server/playground.js';
import type { AskResponse, KnowledgeResponse } from '../../src/server/playground-api.js';
import { startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { shippedKb } from '../helpers/knowledge.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { ensurePageBuilt } from '../helpers/built-page.js';
import { KNOWLEDGE_DIR } from '../helpers/paths.js';

const INJECTED = '沙巴体育';

let bot: TestBot;
beforeAll(async () => {
  ensurePageBuilt();
  bot = await startTestBot(null);
});
afterAll(async () => {
  await bot?.stop();
});

const post = (base: string, body: string, type = 'application/json') =>
  fetch(`${base}/api/playground/ask`, { method: 'POST', headers: { 'content-type': type }, body });
const ask = async (question: string) => {
  const res = await post(bot.url, JSON.stringify({ question }));
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, json: JSON.parse(text) as AskResponse };
};

describe('POST /api/playground/ask', () => {
  it('answers a question with the reply, the exact card Lark would receive, and the retrieval details', async () => {
    const { json } = await ask('全市调解组织调解案件成功率是多少?');
    expect(json.reply.kind).toBe('answer');
    if (json.reply.kind !== 'answer') return;
    const top = json.reply.citations[0];
    expect(top?.quote).toContain('97.2%');
    expect(top?.section).toMatch(/^二、\(四\)2\./u);
    expect(json.card).toEqual(renderCard(json.reply));
    expect(JSON.stringify(json.card)).toContain('97.2%');
    expect(json.cardBytes).toBe(Buffer.byteLength(JSON.stringify(json.card)));
    const r = json.retrieval;
    expect(r).not.toBeNull();
    expect(r?.tokens.length).toBeGreaterThan(0);
    expect(r?.topScore).toBeGreaterThanOrEqual(r?.threshold ?? Infinity);
    const scores = r?.candidates.map((c) => c.score) ?? [];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r?.candidates.map((c) => c.sentenceId)).toContain(top?.sentenceIds[0]);
  });

  it('explains a refusal for a question the reports do not answer', async () => {
    const { json } = await ask('明天清远天气怎么样?');
    expect(json.reply.kind).toBe('no_answer');
    // The explanation names the word the reports never use.
    expect(json.retrieval?.reason).toContain('天气');
    expect(json.retrieval?.topScore).toBeLessThan(json.retrieval?.threshold ?? -Infinity);
  });

  it('runs slash commands through the same router: /metric 调解 has the figure and no retrieval', async () => {
    const { json } = await ask('/metric 调解');
    expect(json.reply.kind).toBe('metric');
    if (json.reply.kind === 'metric') expect(json.reply.figures.map((f) => f.text)).toContain('97.2%');
    expect(json.retrieval).toBeNull();
    expect(json.card).toEqual(renderCard(json.reply));
  });

  it('never sends the injected spam term, not even in the correction details of the reply', async () => {
    for (const q of ['一网通办能力在全省排名如何?', '/source', '/search 政务服务']) {
      const { text, json } = await ask(q);
      expect(text).not.toContain(INJECTED);
      if (q.startsWith('一网')) expect(json.reply.kind === 'answer' && json.reply.citations.some((c) => c.corrected)).toBe(true);
    }
  });

  it('stays read-only: /subscribe from the playground changes nothing', async () => {
    const { json } = await ask('/subscribe');
    expect(json.reply).toEqual({ kind: 'subscription', action: 'unavailable' });
  });

  it('refuses a too-long question and other bad requests with JSON errors that say why', async () => {
    const cases: [string, string, number, string][] = [
      ['{"question":', 'application/json', 400, 'invalid_json'],
      ['{"question":42}', 'application/json', 400, 'invalid_request'],
      ['{"q":"x"}', 'application/json', 400, 'invalid_request'],
      [JSON.stringify({ question: 'x'.repeat(MAX_QUESTION_CHARS + 1) }), 'application/json', 400, 'invalid_request'],
      [JSON.stringify({ question: '调'.repeat(9000) }), 'application/json', 413, 'too_large'],
      ['question=x', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await post(bot.url, body, type);
      expect(res.status, body.slice(0, 30)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/u);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const unknown = await fetch(`${bot.url}/api/playground/nope`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe('GET /api/playground/knowledge', () => {
  it('lists documents, outline, figures with sections, integrity notes and corrections, with the spam term masked', async () => {
    const res = await fetch(`${bot.url}/api/playground/knowledge`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(INJECTED);
    const kb = JSON.parse(text) as KnowledgeResponse;
    const loaded = shippedKb();
    expect(kb.version).toBe(loaded.version);
    expect(kb.documents.map((d) => d.id)).toEqual(loaded.documents.map((d) => d.meta.id));
    expect(kb.outline[0]?.sections.length).toBe(loaded.documents[0]?.sections.length);
    expect(kb.figures.length).toBe(loaded.documents.reduce((n, d) => n + d.figures.length, 0));
    const rate = kb.figures.find((f) => f.text === '97.2%');
    expect(rate?.section).toMatch(/^二、\(四\)2\./u);
    expect(rate?.sentence).toContain('97.2%');
    const note = kb.integrity.find((n) => n.resolution === 'corrected');
    expect(note).toMatchObject({ term: REDACTED_TERM, masked: true, replacement: '政务服务' });
    expect(kb.corrections[0]?.excerpt).toContain('政务服务');
  });
});

describe('the page', () => {
  it('serves the built page with a strict content security policy', async () => {
    const res = await fetch(`${bot.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/u.exec(html)?.[1];
    expect(asset).toMatch(/^\/assets\/index-[\w-]+\.js$/u);
    const js = await fetch(`${bot.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/u);
  });

  it('says how to build the page when the assets are missing', async () => {
    const engine = createAnswerEngine(shippedKb());
    const empty = mkdtempSync(join(tmpdir(), 'playground-empty-'));
    const app = express().use(createPlaygroundRouter({ router: createRouter({ engine, today: () => '2026-11-27' }), engine, renderCard, scrub: scrubberForKnowledge(KNOWLEDGE_DIR), assetsDir: empty }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('is off with PLAYGROUND=off, and on with Lark credentials', async () => {
    const off = await startTestBot(null, { env: { PLAYGROUND: 'off' } });
    let mock: MockLark | null = null;
    let lark: TestBot | null = null;
    try {
      expect((await fetch(`${off.url}/`)).status).toBe(404);
      expect((await fetch(`${off.url}/api/playground/knowledge`)).status).toBe(404);
      mock = await startMockLark();
      lark = await startTestBot(mock);
      // Lark mode: on the loopback admin listener only, not on the public one.
      expect((await fetch(`${lark.adminUrl}/`)).status).toBe(200);
      expect((await fetch(`${lark.adminUrl}/api/playground/knowledge`)).status).toBe(200);
      expect((await fetch(`${lark.url}/`)).status).toBe(404);
      expect((await fetch(`${lark.url}/api/playground/knowledge`)).status).toBe(404);
    } finally {
      await off.stop();
      await lark?.stop();
      await mock?.close();
    }
  });

  it('treats only loopback hosts as local', () => {
    for (const h of ['127.0.0.1', '::1', 'localhost', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});
