// PDF text lines → paragraphs. Pure: pages of positioned lines in, blocks out. A PDF has no paragraphs, only
// lines; reports set paragraphs with a first-line indent, so a line that is indented, follows a short line or
// is a heading starts a paragraph, and every other line continues the sentence the previous one broke.
// Running headers and footers (the same text at the top or bottom of most pages) and page numbers go.
import { matchHeading } from '../knowledge/parse-report.js';
import { joinBroken, PAGE_NUMBER } from '../knowledge/reflow.js';
import type { Block } from './blocks.js';

export interface PdfLine {
  text: string;
  /** Left and right edge and baseline, in PDF units (y grows upwards). */
  x: number;
  right: number;
  y: number;
  fontSize: number;
  /** The line is a table row: its items stand in columns apart. */
  cells?: boolean;
}

const PARAGRAPH_END = /[。！？；：:”」』）)]$/u;

/** The text of a running header/footer with its digits blanked, so "第3页" and "第4页" compare equal. */
const shape = (text: string) => text.replace(/\d+/gu, '#').replace(/\s+/gu, '');

/** Drops page numbers and lines repeated at the top or bottom edge of most pages. */
export function dropRunningLines(pages: PdfLine[][]): PdfLine[][] {
  const counts = new Map<string, number>();
  const edges = (lines: PdfLine[]) => [...lines.slice(0, 2), ...lines.slice(-2)];
  for (const lines of pages) for (const s of new Set(edges(lines).map((l) => shape(l.text)))) counts.set(s, (counts.get(s) ?? 0) + 1);
  const threshold = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines) => {
    const edge = new Set(edges(lines));
    return lines.filter((l) => !PAGE_NUMBER.test(l.text.trim()) && !(edge.has(l) && pages.length >= 2 && (counts.get(shape(l.text)) ?? 0) >= threshold));
  });
}

/** Paragraphs from the body lines of every page, in reading order. */
export function linesToBlocks(pages: PdfLine[][]): Block[] {
  const lines = dropRunningLines(pages).flat();
  if (lines.length === 0) return [];
  // The body's size, margins and line length: the most common values.
  const mode = (values: number[]) => {
    const c = new Map<number, number>();
    for (const v of values) c.set(v, (c.get(v) ?? 0) + 1);
    return [...c.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  };
  const bodySize = mode(lines.map((l) => Math.round(l.fontSize)));
  const left = mode(lines.map((l) => Math.round(l.x)));
  const right = Math.max(...lines.filter((l) => Math.round(l.fontSize) === bodySize).map((l) => l.right));
  const em = bodySize || 12;

  const blocks: Block[] = [];
  let current: { text: string; size: number } | null = null;
  let prev: PdfLine | null = null;
  const push = () => {
    if (!current) return;
    const text = current.text.trim();
    if (text) blocks.push(current.size > bodySize * 1.15 && !matchHeading(text) ? { text, heading: 1 } : { text });
    current = null;
  };
  // A centred line (a title, often set over two or three lines) has equal margins on both sides.
  const centred = (l: PdfLine) => l.x - left > em * 0.3 && right - l.right > em * 0.3 && Math.abs(l.x - left - (right - l.right)) < em;
  for (const line of lines) {
    const text = line.text.trim();
    if (!text) continue;
    const size = Math.round(line.fontSize);
    const titleGoesOn = prev !== null && current !== null && centred(prev) && centred(line) && size === Math.round(prev.fontSize) && !PARAGRAPH_END.test(prev.text) && matchHeading(text) === null;
    const breaks =
      line.x > left + em * 0.8 || // first-line indent
      // The previous line stopped short at the end of a sentence (or far short): its paragraph ended. A line
      // a character or two short is only line breaking that would not start a line with punctuation.
      (prev !== null && prev.right < right - em * 1.5 && (PARAGRAPH_END.test(prev.text) || prev.right < right - em * 6)) ||
      (prev !== null && Math.abs(size - Math.round(prev.fontSize)) > 1) ||
      // A table row is a line of its own.
      line.cells === true ||
      prev?.cells === true ||
      (matchHeading(text)?.depth ?? -1) >= 0;
    const startsNew = !current || !prev || (!titleGoesOn && breaks);
    if (startsNew) {
      push();
      current = { text, size };
    } else if (current) {
      current.text = joinBroken(current.text, text);
    }
    prev = line;
  }
  push();
  return blocks;
}
