// The playground in a real browser: Debian's Chromium driven by playwright-core against the real bot on port 0.
// Asks a question, sees the quote with its section and figure, runs /metric 调解, opens the knowledge tab, and
// saves screenshots under test-output/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { ensurePageBuilt } from '../helpers/built-page.js';
import { REPO_ROOT } from '../helpers/paths.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(REPO_ROOT, 'test-output');
// Outside CI a machine without Chromium skips (with a message); in CI .ci/run installs it, so its absence fails.
const missing = !existsSync(CHROMIUM);
const skip = missing && !process.env.CI;
if (skip) console.warn(`playground browser test skipped: ${CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)`);

// The flags this machine needs (env notes): no sandbox as root, no GPU, and no background connections, which the
// closed network would refuse.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(skip)('playground page in Chromium', () => {
  let bot: TestBot;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePageBuilt();
    mkdirSync(OUT, { recursive: true });
    bot = await startTestBot(null);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(`${bot.url}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  // Asks through the input box and waits until the answer is shown (a new entry on top of the session history).
  const askVia = async (text: string) => {
    const items = page.getByTestId('history').locator('li .history-q');
    const before = await items.count();
    const input = page.getByTestId('question');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(async () => ((await items.count()) > before ? await items.first().textContent() : null)).toBe(text);
  };

  it('asks a question with Enter and shows the quote with its section and figure, and why it answered', async () => {
    await askVia('全市调解组织调解案件成功率是多少?');
    const card = page.getByTestId('preview').getByTestId('card');
    await expect.poll(() => card.locator('blockquote').first().textContent()).toContain('97.2%');
    // The key figure is bold, the section is cited under the quote, the header is the blue answer template.
    await expect.poll(() => card.locator('blockquote strong').first().textContent()).toBe('97.2%');
    expect(await card.textContent()).toMatch(/二、\(四\)2\. 深化预防与化解社会矛盾纠纷工作/u);
    expect(await card.getByTestId('card-header').getAttribute('data-template')).toBe('blue');
    expect(await card.getByTestId('card-button').allTextContents()).toEqual(['👍 有用', '👎 没用']);

    const retrieval = page.getByTestId('retrieval');
    expect(await retrieval.getByTestId('verdict').textContent()).toContain('已回答');
    expect(await retrieval.getByTestId('candidates').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await retrieval.getByTestId('candidates').locator('tr.cited').first().textContent()).toContain('97.2%');
    await page.screenshot({ path: join(OUT, 'playground-answer.png'), fullPage: true });

    // A preview button says what Lark would receive instead of recording anything; the raw card JSON is one click away.
    await card.getByTestId('card-button').first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('"vote":"up"');
    await page.locator('details.card-json summary').click();
    expect(JSON.parse((await page.locator('details.card-json pre').textContent()) ?? '{}')).toMatchObject({ schema: '2.0', header: { template: 'blue' } });
  });

  it('runs /metric 调解 and renders the metric table', async () => {
    await askVia('/metric 调解');
    const card = page.getByTestId('preview').getByTestId('card');
    await expect.poll(() => card.getByTestId('card-header').textContent()).toContain('调解');
    const rows = await card.locator('table.md-table tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('97.2%'))).toBe(true);
    expect(await page.getByTestId('retrieval').textContent()).toContain('命令回复');
    expect(await page.getByTestId('history').locator('li').count()).toBe(2);
    // ↑ recalls the session's questions, newest first.
    await page.getByTestId('question').press('ArrowUp');
    await page.getByTestId('question').press('ArrowUp');
    expect(await page.getByTestId('question').inputValue()).toBe('全市调解组织调解案件成功率是多少?');
    await page.getByTestId('question').fill('');
    await page.screenshot({ path: join(OUT, 'playground-metric.png'), fullPage: true });
  });

  it('previews every card the bot sends with no unsupported element and no raw markdown left over', async () => {
    for (const text of ['/help', '/outline', '/source', '/search 法律援助', '/digest', '/metric', '/nosuch', '/subscribe', '明天天气怎么样?']) {
      await askVia(text);
      const card = page.getByTestId('preview').getByTestId('card');
      await card.waitFor();
      expect(await card.locator('.card-unknown').count(), text).toBe(0);
      const shown = (await card.textContent()) ?? '';
      expect(shown.length, text).toBeGreaterThan(10);
      for (const raw of ['**', '<font', '</', '&#', '|---']) expect(shown, `${text} shows ${raw}`).not.toContain(raw);
      if (text === '/source') await page.screenshot({ path: join(OUT, 'playground-source.png'), fullPage: true });
      if (text === '/outline') await page.screenshot({ path: join(OUT, 'playground-outline.png'), fullPage: true });
    }
  });

  it('shows hostile input as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"> **粗体** [点我](javascript:alert(1)) 天气';
    await askVia(hostile);
    const card = page.getByTestId('preview').getByTestId('card');
    await expect.poll(() => card.textContent()).toContain('<img src=x onerror="window.__pwned=1"> **粗体** [点我](javascript:alert(1))');
    expect(await page.locator('img').count()).toBe(0);
    expect(await card.locator('a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('opens the knowledge tab: documents, outline, sortable figures, integrity notes and corrections', async () => {
    await page.getByTestId('tab-knowledge').click();
    const kb = page.getByTestId('knowledge');
    await kb.waitFor();
    expect(await kb.getByTestId('kb-document').first().textContent()).toContain('清远市2021年全面依法治市工作情况报告');
    expect(await kb.locator('.outline-list li').count()).toBeGreaterThan(10);

    const table = kb.getByTestId('figures-table');
    const values = async () => (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((t) => Number.parseFloat(t.replace(/,/gu, '')));
    await table.locator('th[data-key="value"]').click();
    const desc = await values();
    expect(desc.length).toBeGreaterThan(5);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await table.locator('th[data-key="value"]').click();
    const asc = await values();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(await table.locator('th[data-key="value"]').getAttribute('aria-sort')).toBe('ascending');

    await kb.getByRole('searchbox').fill('调解');
    const filtered = await table.locator('tbody tr').allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.some((r) => r.includes('97.2%'))).toBe(true);
    await kb.getByRole('searchbox').fill('');

    expect(await kb.getByTestId('integrity-table').textContent()).toContain('政务服务');
    expect(await kb.getByTestId('correction').first().textContent()).toContain('政务服务');
    // The injected gambling term is never on the page.
    expect(await page.content()).not.toContain('沙巴体育');
    await page.screenshot({ path: join(OUT, 'playground-knowledge.png'), fullPage: true });

    await page.getByTestId('tab-ask').click();
    await page.getByTestId('history').locator('li').filter({ hasText: '全市调解组织' }).locator('button').click();
    await expect.poll(() => page.getByTestId('preview').getByTestId('card').textContent()).toContain('97.2%');
    await page.screenshot({ path: join(OUT, 'playground.png') });
    expect(pageErrors).toEqual([]);
  });
});
