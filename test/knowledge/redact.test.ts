// No lexicon term ever leaves the bot, whoever wrote it: a user who types the injected brand (in any disguise:
// a slash command, spaces or zero-width characters inside it, full-width letters, upper case, traditional
// script) finds it in no card, text fallback, /api/ask echo, playground answer or `npm run report` line. Through
// the real server, the real SDK against the mock Open API, and real SQLite.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeForLexicon, parseLexicon } from '../../src/knowledge/integrity.js';
import { REDACTED_TERM, createScrubber } from '../../src/knowledge/redact.js';
import { createLogger } from '../../src/obs/logger.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from '../helpers/lark-events.js';
import { Fail, startMockLark, type MockLark } from '../helpers/mock-lark.js';
import { KNOWLEDGE_DIR, REPO_ROOT } from '../helpers/paths.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const LEXICON = parseLexicon(readFileSync(join(KNOWLEDGE_DIR, 'spam-lexicon.txt'), 'utf8'));
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Every string inside a JSON text, each on its own (a term split across two strings is not one). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') {
    try {
      const inner: unknown = JSON.parse(v);
      if (typeof inner === 'object' && inner !== null) return [v, ...strings(inner)];
    } catch {
      /* plain text */
    }
    return [v];
  }
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

/** The lexicon terms a reader would see in `text`: case, width, spacing, invisible characters and script ignored. */
function termsIn(text: string): string[] {
  const seen = normalizeForLexicon(toSimplified(text)).replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu, '');
  return LEXICON.filter((t) => seen.includes(t));
}
const leaks = (json: string) => strings(JSON.parse(json)).flatMap(termsIn);

/** Characters shown as nothing that are not zero-width spaces: bidi controls, variation selectors, fillers, C0 controls. */
const RENDERED_AS_NOTHING = ['\u0007', '\u007F', '\u202A', '\u2066', '\u061C', '\uFE0F', '\u{E0100}', '\u034F', '\u3164', '\u115F', '\u180B'];

const disguised = fc
  .record({
    term: fc.constantFrom(...LEXICON),
    sep: fc.constantFrom('', '', ' ', '\u200B', '\u200D', '\uFEFF', '\u3000', ...RENDERED_AS_NOTHING),
    wide: fc.boolean(),
    upper: fc.boolean(),
    traditional: fc.boolean(),
  })
  .map(({ term, sep, wide, upper, traditional }) => {
    let t = traditional ? toTraditional(term) : term;
    if (upper) t = t.toUpperCase();
    if (wide) t = t.replace(/[!-~]/gu, (c: string) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
    return [...t].join(sep);
  });
const filler = fc.string({ unit: fc.constantFrom(...'一网通办能力调解成功率 ?abc12'.split('')), maxLength: 8 });
const question = fc
  .tuple(fc.constantFrom('', '', '/search ', '/metric ', '/', '/搜索 ', '/指标 ', '/help '), filler, disguised, filler)
  .map(([command, before, term, after]) => `${command}${before}${term}${after}`.trim() || term);

describe('the output scrub', () => {
  it('the issue\'s five questions: the scrubber itself removes the brand from each', () => {
    const s = createScrubber(LEXICON);
    for (const q of ['沙巴体育 一网通办 能力', '/search 沙巴体育', '/metric 沙巴体育', '/沙巴体育', '沙巴体育', '沙 巴\u200B体育', '沙巴體育', 'ＢＥＴ３６５']) {
      expect(termsIn(s.text(q))).toEqual([]);
      expect(s.text(q)).toContain(REDACTED_TERM);
    }
  });

  it('a term split by any character shown as nothing (bidi and C0 controls, variation selectors, fillers)', () => {
    const s = createScrubber(LEXICON);
    for (const c of RENDERED_AS_NOTHING) {
      const q = `问一下${[...'沙巴体育'].join(c)}的事`;
      expect(termsIn(q)).toEqual(['沙巴体育']);
      expect(s.text(q)).toBe(`问一下${REDACTED_TERM}的事`);
    }
  });

  it('log lines go through it too', () => {
    const lines: string[] = [];
    const s = createScrubber(LEXICON);
    const log = createLogger({ level: 'debug', destination: { write: (l: string) => void lines.push(l) }, scrub: s.text });
    log.warn({ question: '沙巴体育 一网通办' }, 'a question about 皇冠体育');
    expect(lines).toHaveLength(1);
    expect(termsIn(lines[0] ?? '')).toEqual([]);
  });
});

describe('no lexicon term reaches any output (property, end to end)', () => {
  let mock: MockLark;
  let bot: TestBot;
  beforeAll(async () => {
    mock = await startMockLark();
    bot = await startTestBot(mock, { retryDelayMs: 50, askRate: { perSec: 1e6, burst: 1e6 } });
  });
  afterAll(async () => {
    await bot?.stop();
    await mock?.close();
  });

  it('POST /api/ask and the playground, for any question containing any term', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(question, async (q) => {
        const body = JSON.stringify({ question: q });
        const api = await fetch(`${bot.adminUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(api.status).toBe(200);
        expect(leaks(await api.text())).toEqual([]);
        const pg = await fetch(`${bot.adminUrl}/api/playground/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(pg.status).toBe(200);
        expect(leaks(await pg.text())).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('Lark replies (card and text fallback), then the unanswered-questions report', { timeout: 180_000 }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(question, async (q) => {
        const fallback = n++ % 3 === 0;
        if (fallback) mock.failNext('reply', Fail.cardRejected());
        const ev = p2pText(q);
        const messageId = (ev.event.message as { message_id: string }).message_id;
        expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, ev))).status).toBe(200);
        await mock.waitFor((calls) => calls.some((c) => c.delivered && c.target === messageId));
        const sent = mock.delivered().filter((c) => c.target === messageId);
        expect(sent).toHaveLength(1);
        expect(sent[0]?.msgType).toBe(fallback ? 'text' : 'interactive');
        expect(leaks(JSON.stringify(sent[0]?.content))).toEqual([]);
      }),
      { numRuns: 30 },
    );
    expect(await bot.bot.drain(10_000)).toBe(true);
    for (const format of [['--json'], []]) {
      const report = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', 'unanswered', '--data-dir', bot.dataDir, '--knowledge', KNOWLEDGE_DIR, ...format], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect(report.status).toBe(0);
      expect(report.stdout).toMatch(/\S/u);
      expect(termsIn(report.stdout)).toEqual([]);
    }
  });
});
