// What a report is: its title, year, region, publication date and source, each with the reason it was found,
// so the import can say why and never guesses silently. Pure: the report's blocks and what its page or file
// said about it in, the findings out.
import { matchHeading } from '../knowledge/parse-report.js';
import { normalizeDate, type PageMeta } from '../knowledge/page-chrome.js';
import type { Block } from './blocks.js';

export interface Found<T> {
  value: T;
  reason: string;
}

export interface DetectInput {
  blocks: readonly Block[];
  /** The page's or file's own title (HTML <title>, the Word/PDF document title), when it has one. */
  docTitle?: string;
  /** The website's name (og:site_name, or the part of <title> after the article title). */
  siteName?: string;
  meta?: PageMeta;
  /** Front matter already in a text file: the maintainer's word wins. */
  given?: { title?: string; year?: number; region?: string; source?: string; published?: string };
}

export interface Detection {
  title?: Found<string>;
  year?: Found<number>;
  region?: Found<string>;
  published?: Found<string>;
  source?: Found<string>;
  /** Indexes of the blocks that make up the title, which the body then leaves out (the title is in the front matter). */
  titleBlocks: number[];
}

const TITLE_WORDS = /报告|情况|总结|要点|公报|计划|意见|通知|决定|方案|讲话|白皮书|述职|年报|工作/u;
const ORGAN_END = /(?:文件|人民政府|人民代表大会常务委员会|委员会|办公室|办公厅|司法局|政府|局|院|委)$/u;
const SENTENCE_END = /[。！？；]/u;

export function looksLikeTitle(text: string): boolean {
  // An attachment link (附件：….pdf) names the report but is not its heading.
  if (/^附件|\.(?:pdf|docx?|wps|ofd|xlsx?)$/iu.test(text)) return false;
  return text.length >= 6 && text.length <= 80 && !SENTENCE_END.test(text) && TITLE_WORDS.test(text) && !(matchHeading(text) && (matchHeading(text)?.depth ?? -1) >= 0);
}

/** A short line that names an office, e.g. `天津市静海区人民政府` (a title's first line, or the signature). */
function isOrganLine(text: string): boolean {
  return text.length <= 30 && !SENTENCE_END.test(text) && ORGAN_END.test(text);
}

const UNIT = /^([\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|地区|新区|省|市|州|盟|县|区|旗))/u;
// Characters that do not occur in place names but do in the words around them (全面依法治市, 全区, 我市).
const NOT_PLACE = /[依法治理建设工作全面关于年度报告情况政府委员会办公室司局党的我本各该全辖]|^城市$|^城区$|^地区$|^新区$/u;

/** The most specific region that opens `text`: 静海区 from 天津市静海区人民政府, 清远市 from 清远市2021年…. */
export function regionAtStart(text: string): string | null {
  let t = text.trim();
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t.replace(/^(?:关于|中共|中国共产党|《)/u, '').replace(/^\d{4}\s*(?:年度|年)/u, '').trim();
  }
  let last: string | null = null;
  for (let m = UNIT.exec(t); m; m = UNIT.exec(t)) {
    const unit = m[1] ?? '';
    if (NOT_PLACE.test(unit) || unit.length < 2) break;
    last = unit;
    t = t.slice(unit.length);
  }
  return last;
}

/** The report year a title names: `2020年…报告`, `关于2024年…`, `2023年度…`. */
export function yearInTitle(title: string): Found<number> | null {
  const m = /((?:19|20)\d{2})\s*(年度|年)/u.exec(title);
  if (!m) return null;
  return { value: Number(m[1]), reason: `"${m[0]}" in the title` };
}

/** The year an opening paragraph starts with: `2021年,…`, `2021年以来`, `2021年，我市…`. */
export function yearInOpening(text: string): Found<number> | null {
  const m = /^((?:19|20)\d{2})\s*年(?:度)?(?:[,，、]|以来|是|全年|，|我|全|上半年)/u.exec(text.trim());
  if (!m) return null;
  return { value: Number(m[1]), reason: `the opening paragraph starts with "${m[0]}"` };
}

export function detectMetadata(input: DetectInput): Detection {
  const { blocks, meta, given = {} } = input;
  const out: Detection = { titleBlocks: [] };

  // Title: the front matter; else the heading at the top (an office line and a 关于… line make one title); else the
  // page's own title.
  if (given.title) out.title = { value: given.title, reason: 'front matter' };
  else {
    for (let i = 0; i < Math.min(blocks.length, 6); i++) {
      const text = blocks[i]?.text ?? '';
      const next = blocks[i + 1]?.text ?? '';
      if (isOrganLine(text) && /^关于/u.test(next) && looksLikeTitle(next)) {
        out.title = { value: `${text}${next}`, reason: `the heading at the top, on two lines: "${text}" + "${next}"` };
        out.titleBlocks = [i, i + 1];
        break;
      }
      if (looksLikeTitle(text)) {
        out.title = { value: text, reason: `the heading at the top of the ${blocks[i]?.heading !== undefined ? 'document (a heading)' : 'text'}` };
        out.titleBlocks = [i];
        break;
      }
      // Only an office, a date or a short label (the site's column name, 工作报告) may come before the title.
      if (!isOrganLine(text) && !normalizeDate(text) && !(text.length <= 10 && !SENTENCE_END.test(text))) break;
    }
    if (!out.title && input.docTitle) {
      const t = input.docTitle.trim();
      if (looksLikeTitle(t)) out.title = { value: t, reason: `the document's own title ("${t}")` };
    }
  }
  if (out.titleBlocks.length > 0 && out.titleBlocks[0]! > 0) {
    // Lines above the title (an office name, a date, a column label) belong to the masthead, not the body.
    out.titleBlocks = [...Array(out.titleBlocks[0]).keys(), ...out.titleBlocks];
  }
  // Pages repeat the title above the article: a copy of it just below is not body text either.
  const titleText = out.title?.value;
  if (titleText) {
    const last = out.titleBlocks.length > 0 ? Math.max(...out.titleBlocks) : -1;
    for (let i = last + 1; i < Math.min(blocks.length, last + 4); i++) if (blocks[i]?.text === titleText) out.titleBlocks.push(i);
  }
  const bodyStart = out.titleBlocks.length > 0 ? Math.max(...out.titleBlocks) + 1 : 0;

  // Year: the front matter; the title; the opening paragraph.
  if (given.year) out.year = { value: given.year, reason: 'front matter' };
  else {
    const fromTitle = out.title ? yearInTitle(out.title.value) : null;
    const opening = blocks.slice(bodyStart).find((b) => b.text.length > 20);
    const fromOpening = opening ? yearInOpening(opening.text) : null;
    const found = fromTitle ?? fromOpening;
    if (found) out.year = found;
  }

  // Region: the front matter; the title; the issuing office; the source; the site; the signature.
  if (given.region) out.region = { value: given.region, reason: 'front matter' };
  else {
    const candidates: [string | undefined, string][] = [
      [out.title?.value, 'the title'],
      [meta?.issuer, 'the issuing office'],
      [meta?.source, 'the source line'],
      [input.siteName, 'the website name'],
      ...blocks
        .slice(0, Math.max(...out.titleBlocks, -1) + 1)
        .filter((b) => isOrganLine(b.text))
        .map((b): [string, string] => [b.text, 'the office above the title']),
      ...blocks
        .slice(-4)
        .filter((b) => isOrganLine(b.text))
        .map((b): [string, string] => [b.text, 'the signature']),
    ];
    for (const [text, where] of candidates) {
      const region = text ? regionAtStart(text) : null;
      if (region) {
        out.region = { value: region, reason: `${where}: "${text}"` };
        break;
      }
    }
  }

  if (given.published) out.published = { value: given.published, reason: 'front matter' };
  else if (meta?.published) out.published = { value: meta.published, reason: meta.reasons.published ?? 'the page' };
  else {
    const signed = blocks.slice(-3).find((b) => b.text.length <= 20 && normalizeDate(b.text) && /^\s*\d{4}\s*年/u.test(b.text));
    const date = signed ? normalizeDate(signed.text) : null;
    if (signed && date) out.published = { value: date, reason: `the date under the signature: "${signed.text}"` };
  }

  if (given.source) out.source = { value: given.source, reason: 'front matter' };
  else if (meta?.source) out.source = { value: meta.source, reason: meta.reasons.source ?? 'the page' };
  else if (meta?.issuer) out.source = { value: meta.issuer, reason: meta.reasons.issuer ?? 'the page' };
  else if (input.siteName) out.source = { value: input.siteName, reason: 'the website name' };
  return out;
}
