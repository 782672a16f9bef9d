// A PDF with a text layer → blocks, through unpdf (PDF.js for servers). Text items are grouped into lines by
// their baseline; pdf-lines.ts makes paragraphs of them. A PDF without text (a scan) is refused: OCR is not
// supported, and an empty report would be worse than none.
import { extractTextItems, getDocumentProxy } from 'unpdf';
import type { Block } from './blocks.js';
import { ImportError } from './errors.js';
import { linesToBlocks, type PdfLine } from './pdf-lines.js';

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  hasEOL: boolean;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;

/** A gap between items, in characters, that parts a table's columns. */
const COLUMN_GAP = 2;

/** Items of one page → lines, top to bottom, each read left to right. */
export function itemsToLines(items: readonly Item[]): PdfLine[] {
  const rows: { y: number; size: number; items: Item[] }[] = [];
  for (const it of items) {
    if (it.str === '' && !it.hasEOL) continue;
    const size = it.fontSize || 10;
    const row = rows.find((r) => Math.abs(r.y - it.y) <= Math.max(r.size, size) * 0.4);
    if (row) row.items.push(it);
    else rows.push({ y: it.y, size, items: [it] });
  }
  rows.sort((a, b) => b.y - a.y);
  return rows
    .map((r) => {
      const sorted = r.items.filter((i) => i.str.length > 0).sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      let cells = false;
      for (const i of sorted) {
        // A gap of two characters or more parts the cells of a table row (行政复议申请数（件）  128  156).
        // (PDF.js may fill the gap with a wide space item: that width is the gap.)
        if (i.str.trim() === '' && i.width > r.size * COLUMN_GAP) cells = true;
        const column = text !== '' && i.x - end > r.size * COLUMN_GAP;
        // (Or the row is one item whose cells are parted by runs of spaces.)
        if (column || /\S[ \u3000]{2,}\S/u.test(i.str)) cells = true;
        // A gap wider than a third of a character between Latin items is a space; Chinese set with letter spacing
        // (justified lines, one item per character) has none.
        if (column || (text && i.x - end > r.size * 0.3 && !/\s$/u.test(text) && !/^\s/u.test(i.str) && !CJK.test(text.at(-1) ?? '') && !CJK.test(i.str[0] ?? ''))) text += ' ';
        text += i.str;
        end = i.x + i.width;
      }
      const first = sorted[0];
      return { text: text.replace(/\s+/gu, ' ').trim(), x: first?.x ?? 0, right: end, y: r.y, fontSize: r.size, ...(cells ? { cells } : {}) };
    })
    .filter((l) => l.text.length > 0);
}

export interface PdfRead {
  blocks: Block[];
  docTitle?: string;
  pages: number;
}

export async function readPdf(bytes: Uint8Array, file: string): Promise<PdfRead> {
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (e) {
    throw new ImportError(`${file}: not a readable PDF (${(e as Error).message})`);
  }
  try {
    const { items, totalPages } = await extractTextItems(pdf);
    const pages = items.map((page) => itemsToLines(page));
    const chars = pages.flat().reduce((n, l) => n + l.text.replace(/\s/gu, '').length, 0);
    if (chars < Math.max(20, totalPages * 10)) {
      throw new ImportError(
        `${file}: this PDF has no text layer (${totalPages} page(s), ${chars} characters of text): it is a scan. OCR is not supported; ` +
          'import the Word file or the web page of the report instead, or a PDF exported from the original document.',
      );
    }
    let docTitle: string | undefined;
    try {
      const meta = await pdf.getMetadata();
      const t = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && t.trim()) docTitle = t.trim();
    } catch {
      /* no document information */
    }
    return { blocks: linesToBlocks(pages), pages: totalPages, ...(docTitle ? { docTitle } : {}) };
  } finally {
    await pdf.destroy();
  }
}
