// Text copied out of a PDF (or saved by a converter that keeps its lines) is hard-wrapped: every line stops at the
// page's width, mid-sentence and even mid-number (精简至28 / 6项), with page numbers (— 3 —) and a running header
// between pages. Read line by line, such a report would be quoted in broken halves and its figures lost. Pure:
// lines in, paragraphs out. Text written a paragraph per line (the knowledge format) is returned as it is.
import { matchHeading } from './parse-report.js';

/** A page number alone on its line: 3, — 3 —, -3-, 第3页, 第3页 共12页, 3/12, Page 3 of 12. */
export const PAGE_NUMBER = /^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$/iu;

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;

/**
 * Two pieces of one broken line: Chinese is written without spaces, nor is a number broken at the margin (28 / 6项
 * is 286项); a break between Latin words was a space.
 */
export function joinBroken(a: string, b: string): string {
  const last = a.at(-1) ?? '';
  const first = b[0] ?? '';
  return CJK.test(last) || CJK.test(first) || last === '-' || (/\d/u.test(last) && /\d/u.test(first)) ? `${a}${b}` : `${a} ${b}`;
}

/** Display width: a Chinese character or full-width form is two columns, ASCII one (a PDF wraps by width). */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2e80 ? 1 : 2;
  return w;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

/** Below these a document is too short, or its lines too short, to tell wrapping from writing. */
const MIN_LINES = 8;
const MIN_WRAP_WIDTH = 40;
const SENTENCE_END = /[。！？!?；;：:”」』）)]$/u;
/** Share of lines that must reach the wrap width for the text to be read as hard-wrapped, and of those, that break mid-sentence. */
const WRAPPED_SHARE = 0.5;

export interface Reflowed {
  lines: string[];
  /** Lines joined to the one before them (0: the text was not hard-wrapped). */
  joined: number;
  /** Page numbers and running headers left out. */
  dropped: string[];
}

export function reflowLines(input: readonly string[]): Reflowed {
  const trimmed = input.map((l) => l.trim());
  // A running header: the same line again and again right after page numbers.
  const afterPageNumber = new Map<string, number>();
  for (let i = 0; i < trimmed.length; i++) {
    if (!PAGE_NUMBER.test(trimmed[i]!)) continue;
    let j = i + 1;
    while (j < trimmed.length && trimmed[j] === '') j++;
    if (j < trimmed.length) afterPageNumber.set(trimmed[j]!, (afterPageNumber.get(trimmed[j]!) ?? 0) + 1);
  }
  const headers = new Set([...afterPageNumber].filter(([, n]) => n >= 2).map(([l]) => l));
  const body = trimmed.filter((l) => l.length > 0 && !PAGE_NUMBER.test(l) && !headers.has(l));
  if (body.length < MIN_LINES) return { lines: [...input], joined: 0, dropped: [] };
  const widths = body.map(width);
  const chars = body.map((l) => [...l].length);
  const wrapWidth = percentile(widths, 0.9);
  const wrapChars = percentile(chars, 0.9);
  // (A line is full when it reaches the wrap width, give or take the narrower digits a wrap by characters leaves.)
  const full = (l: string) => width(l) >= wrapWidth * 0.88 || [...l].length >= wrapChars * 0.95;
  const fullLines = body.filter(full);
  // (Lines of one length that end their sentences are short paragraphs, not a wrap: a wrap breaks mid-sentence.)
  const broken = fullLines.filter((l) => !SENTENCE_END.test(l)).length;
  if (wrapWidth < MIN_WRAP_WIDTH || fullLines.length / body.length < WRAPPED_SHARE || broken < fullLines.length * WRAPPED_SHARE) return { lines: [...input], joined: 0, dropped: [] };

  // Page breaks out first, with the blank lines around them: what remains blank parts paragraphs.
  const dropped: string[] = [];
  const kept: string[] = [];
  let afterBreak = false;
  for (const line of trimmed) {
    if (PAGE_NUMBER.test(line)) {
      dropped.push(line);
      while (kept.at(-1) === '') kept.pop();
      afterBreak = true;
    } else if (headers.has(line)) {
      dropped.push(line);
      afterBreak = true;
    } else if (line !== '' || !afterBreak) {
      kept.push(line);
      afterBreak = false;
    }
  }
  const lines: string[] = [];
  let joined = 0;
  // Whether the paragraph being built goes on: its last line reached the wrap width.
  let open = false;
  for (const line of kept) {
    if (line === '') {
      open = false;
      continue;
    }
    if (open && lines.length > 0 && matchHeading(line) === null) {
      lines[lines.length - 1] = joinBroken(lines[lines.length - 1]!, line);
      joined++;
    } else {
      lines.push(line);
    }
    open = full(line);
  }
  return { lines, joined, dropped };
}
