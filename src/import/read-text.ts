// A .txt/.md report: with front matter (a hand-made knowledge file) or without (text copied from a page). Markdown
// `#` headings are kept as the heading marks the knowledge format reads.
import { splitFrontMatter, type FrontMatter } from '../knowledge/front-matter.js';
import type { Block } from './blocks.js';
import { ImportError } from './errors.js';
import { normalizeParagraph } from './blocks.js';

export interface TextRead {
  blocks: Block[];
  given?: Partial<FrontMatter>;
}

/** UTF-8 (with or without BOM); text saved by Chinese Windows tools is often GB18030, which is tried next. */
export function decodeText(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new ImportError(`${file}: not UTF-8 or GB18030 text; save it as UTF-8`);
    }
  }
}

export function readText(text: string, file: string): TextRead {
  const normalized = text.replace(/\r\n?/gu, '\n');
  let body = normalized;
  let given: Partial<FrontMatter> | undefined;
  if (/^---[ \t]*\n/u.test(normalized)) {
    const fm = splitFrontMatter(normalized);
    if (fm.ok) {
      body = fm.body;
      given = fm.meta;
    } else if (!/^no YAML front matter/u.test(fm.problem)) {
      throw new ImportError(`${file}: ${fm.problem}`);
    }
  }
  const blocks = body
    .split('\n')
    .map((l) => normalizeParagraph(l))
    .filter((l) => l.length > 0)
    .map((text) => ({ text }));
  return given ? { blocks, given } : { blocks };
}
