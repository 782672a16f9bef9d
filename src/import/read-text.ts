// A .txt/.md report: with front matter (a hand-made knowledge file) or without (text copied from a page). Markdown
// `#` headings are kept as the heading marks the knowledge format reads.
import { parse as parseYaml } from 'yaml';
import { splitFrontMatter, type FrontMatter } from '../knowledge/front-matter.js';
import type { Block } from './blocks.js';
import { ImportError } from './errors.js';
import { normalizeParagraph } from './blocks.js';
import { reflowLines } from '../knowledge/reflow.js';

export interface TextRead {
  blocks: Block[];
  given?: Partial<FrontMatter>;
  /** Text copied out of a PDF: line breaks inside paragraphs joined, page numbers and running headers left out. */
  joined: number;
  dropped: string[];
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
    } else if (/^front matter is incomplete/u.test(fm.problem)) {
      // Front matter with the title but not the year (say): keep what it gives, detect the rest.
      const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/u.exec(normalized);
      const data = (parseYaml(m?.[1] ?? '') ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof data[k] === 'string' && (data[k] as string).trim() ? (data[k] as string).trim() : undefined);
      const year = Number(data.year);
      given = {
        ...(str('title') ? { title: str('title') } : {}),
        ...(Number.isInteger(year) && year >= 1949 && year <= 2100 ? { year } : {}),
        ...(str('region') ? { region: str('region') } : {}),
        ...(str('source') ? { source: str('source') } : {}),
        ...(str('published') ? { published: str('published') } : {}),
      };
      body = normalized.slice(m?.[0].length ?? 0);
    } else if (!/^no YAML front matter/u.test(fm.problem)) {
      throw new ImportError(`${file}: ${fm.problem}`);
    }
  }
  const { lines, joined, dropped } = reflowLines(body.split('\n'));
  const blocks = lines
    .map((l) => normalizeParagraph(l))
    .filter((l) => l.length > 0)
    .map((text) => ({ text }));
  return { blocks, ...(given ? { given } : {}), joined, dropped };
}
