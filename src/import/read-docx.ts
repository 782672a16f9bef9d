// A Word file → blocks, through mammoth (styles to HTML: headings stay headings, bold stays bold). Word reports
// often mark section titles only by bold: a short paragraph that is bold throughout is a heading, one level
// below the deepest Word heading style the document uses.
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import type { Block } from './blocks.js';
import { domBlocks } from './dom-blocks.js';
import { ImportError } from './errors.js';

export interface DocxRead {
  blocks: Block[];
  docTitle?: string;
  warnings: string[];
}

export async function readDocx(bytes: Uint8Array, file: string): Promise<DocxRead> {
  let html: string;
  let messages: { type: string; message: string }[];
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: ["p[style-name='Title'] => h1.doc-title:fresh", "p[style-name='标题'] => h1.doc-title:fresh"] });
    html = result.value;
    messages = result.messages;
  } catch (e) {
    throw new ImportError(`${file}: not a readable Word (.docx) file (${(e as Error).message.split('\n')[0]}); an old .doc must be saved as .docx first`);
  }
  const doc = parseHTML(`<html><body>${html}</body></html>`).document;
  const titleEl = doc.querySelector('h1.doc-title');
  const docTitle = titleEl?.textContent?.trim() || undefined;
  const levels = [...doc.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter((h) => h !== titleEl).map((h) => Number(h.tagName.slice(1)));
  const boldLevel = levels.length > 0 ? Math.min(6, Math.max(...levels) + 1) : 1;
  // Footnote marks ([1]) and their back-links (↑) are links, not text.
  for (const a of [...doc.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')]) a.remove();
  for (const a of [...doc.querySelectorAll('a[id^="footnote-ref-"], a[id^="endnote-ref-"]')]) (a.closest('sup') ?? a).remove();
  const blocks = domBlocks(doc.body as never, { boldLevel, listHeadings: true });
  return { blocks, ...(docTitle ? { docTitle } : {}), warnings: messages.filter((m) => m.type === 'warning').map((m) => m.message) };
}
