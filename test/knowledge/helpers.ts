// Shared by the knowledge tests: the shipped knowledge base, and report text run through the real parser.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFigures } from '../../src/knowledge/figures.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { parseReport } from '../../src/knowledge/parse-report.js';
import type { Figure, KnowledgeBase, ParsedDocument, Sentence } from '../../src/knowledge/types.js';

export const KNOWLEDGE_DIR = join(import.meta.dirname, '../../knowledge');
export const BAD_FIXTURES = join(import.meta.dirname, '../fixtures/knowledge-bad');

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
