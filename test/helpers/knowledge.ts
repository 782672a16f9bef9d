// Knowledge bases for tests: the shipped one (loaded once), temporary copies, a copy with a second report, and
// report text run through the real parser.
import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFigures } from '../../src/knowledge/figures.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { parseReport } from '../../src/knowledge/parse-report.js';
import type { Figure, KnowledgeBase, ParsedDocument, Sentence } from '../../src/knowledge/types.js';
import { FIXTURES_DIR, KNOWLEDGE_DIR } from './paths.js';

export const BAD_FIXTURES = join(FIXTURES_DIR, 'knowledge-bad');

let shipped: KnowledgeBase | undefined;
/** The shipped knowledge base, loaded once per test file (documents are never mutated). */
export function shippedKb(): KnowledgeBase {
  shipped ??= loadKnowledge(KNOWLEDGE_DIR).kb;
  return shipped;
}

export function shippedDoc(): ParsedDocument {
  const doc = shippedKb().documents.find((d) => d.meta.id === 'qingyuan-2021');
  if (!doc) throw new Error('qingyuan-2021 is not in the shipped knowledge');
  return doc;
}

/** Paragraph lines → sentences, through the real parser (no corrections). */
export function sentencesOf(...lines: string[]): Sentence[] {
  return parseReport('t', lines.map((text) => ({ text, corrections: [], correctedRanges: [] }))).sentences;
}

/** Figures of body text, through the real parser and extractor. */
export function figuresOf(...lines: string[]): Figure[] {
  return extractFigures(sentencesOf(...lines));
}

/** A temporary copy of the shipped knowledge directory (or an empty one); removed by the returned function. */
export function tempKnowledge(copyShipped = true): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-knowledge-'));
  if (copyShipped) cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The first number written in a figure's text, read independently of the extractor. */
export function firstNumberIn(text: string): number {
  const arabic = /[0-9０-９]+(?:,[0-9０-９]{3})*(?:[.．][0-9０-９]+)?/u.exec(text);
  if (arabic) return Number(arabic[0].normalize('NFKC').replace(/,/gu, ''));
  const digits = '一二三四五六七八九';
  const cn = /第([一二三四五六七八九十]+)/u.exec(text)?.[1] ?? '';
  if (cn === '十') return 10;
  if (cn.startsWith('十')) return 10 + digits.indexOf(cn[1] ?? '') + 1;
  if (cn.includes('十')) return (digits.indexOf(cn[0] ?? '') + 1) * 10 + (cn[2] ? digits.indexOf(cn[2]) + 1 : 0);
  return cn.length === 1 ? digits.indexOf(cn) + 1 : Number.NaN;
}

/** Report-like text for property tests: phrases, figures, headings of every depth, and some binary noise. */
export function reportArbitraries() {
  const han = fc.constantFrom(...'法治建设推进全面依法治市工作执法司法普法调解公证行政审批服务人民群众基层立法联系点');
  const phrase = fc.array(han, { minLength: 1, maxLength: 30 }).map((a) => a.join(''));
  const number = fc.integer({ min: 0, max: 99999 }).map(String);
  const piece = fc.oneof(phrase, phrase, number, fc.constantFrom(',', '、', ';', '“', '”', '(', ')', ' ', '2021年', '同比上升200%', '30余个', '97.2%'));
  const sentence = fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom('。', '!', '?', '。”', ''))
    .map(([p, end]) => p.join('') + end);
  const body = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((s) => s.join('').trim());
  const cn = fc.constantFrom('一', '二', '三', '四', '五', '十', '十一');
  const heading = fc.oneof(
    fc.tuple(cn, phrase).map(([n, t]) => `${n}、${t}`),
    fc.tuple(cn, phrase, fc.option(body)).map(([n, t, b]) => `(${n})${t}${b === null ? '' : `。${b}`}`),
    fc.tuple(fc.integer({ min: 1, max: 12 }), phrase, fc.option(body)).map(([n, t, b]) => `${n}.${t}${b === null ? '' : `。${b}`}`),
  );
  const noise = fc.string({ unit: 'binary', minLength: 1, maxLength: 400, size: 'large' });
  const line = fc.oneof({ arbitrary: body, weight: 4 }, { arbitrary: heading, weight: 3 }, { arbitrary: noise, weight: 1 });
  const report = fc.array(line, { minLength: 1, maxLength: 25 }).map((ls) => ls.map((l) => l.trim()).filter((l) => l.length > 0));
  return { phrase, body, heading, report };
}

/** Every term of the spam lexicon (the shipped injection 沙巴体育 among them). */
export function lexiconTerms(): string[] {
  const terms = readFileSync(join(KNOWLEDGE_DIR, 'spam-lexicon.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return [...new Set([...terms, '沙巴体育'])];
}

const SECOND_REPORT = `---
title: 示例市2022年法治政府建设年度报告
region: 示例市
year: 2022
---
2022年,我市持续推进法治政府建设。
一、完善依法行政制度体系
(一)加强行政规范性文件管理。全年审核规范性文件42件,备案审查率达到100%。清理规章和规范性文件共计310件。
(二)推进严格规范公正文明执法。开展行政执法人员培训12期,培训执法人员1800人次。行政复议案件纠错率为8.5%。
`;

/** A temporary knowledge directory: the shipped report plus a second one. Returns its path and a cleanup. */
export function kbWithSecondReport(): { dir: string; kb: KnowledgeBase; cleanup: () => void } {
  const { dir, cleanup } = tempKnowledge();
  writeFileSync(join(dir, 'shili-2022.md'), SECOND_REPORT);
  return { dir, kb: loadKnowledge(dir).kb, cleanup };
}
