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

// Simplified and traditional (繁體 pages): a title is matched as published.
const TITLE_WORDS = /报告|報告|情况|情況|总结|總結|要点|要點|公报|公報|计划|計劃|意见|意見|通知|决定|決定|方案|讲话|講話|白皮书|白皮書|述职|述職|年报|年報|工作/u;
/** How a report's title ends: the second line of a title broken in two ends so, the first does not. */
const TITLE_END = /(?:报告|報告|情况|情況|总结|總結|要点|要點|公报|公報|计划|計劃|意见|意見|通知|决定|決定|方案|讲话|講話|白皮书|白皮書|述职|述職|年报|年報)$/u;
const ORGAN_END = /(?:文件|人民政府|人民代表大会常务委员会|委员会|委員會|办公室|辦公室|办公厅|辦公廳|司法局|政府|局|院|委)$/u;
/** The site's own name above the article (`某市人民政府门户网站`): masthead, not body. */
const SITE_NAME = /(?:网站|網站|门户|門戶|政府网|政府網|官网|官網)$/u;
const SENTENCE_END = /[。！？；]/u;

export function looksLikeTitle(text: string): boolean {
  // An attachment link (附件：….pdf) names the report but is not its heading.
  if (/^附件|\.(?:pdf|docx?|wps|ofd|xlsx?)$/iu.test(text)) return false;
  return text.length >= 6 && text.length <= 80 && !SENTENCE_END.test(text) && TITLE_WORDS.test(text) && !(matchHeading(text) && (matchHeading(text)?.depth ?? -1) >= 0);
}

/** Half of a title broken over two lines: short, no sentence, not numbered, not the site's name. */
function isTitleHalf(text: string): boolean {
  return !SITE_NAME.test(text) && text.length >= 2 && text.length <= 40 && !SENTENCE_END.test(text) && !/[,，:：]$/u.test(text) && matchHeading(text) === null && !/^附件/u.test(text);
}

/** A short line that names an office, e.g. `天津市静海区人民政府` (a title's first line, or the signature). */
function isOrganLine(text: string): boolean {
  return text.length <= 30 && !SENTENCE_END.test(text) && ORGAN_END.test(text);
}

// Simplified and traditional unit words: 河東區 on a 繁體 page.
const UNIT = /^([\u4e00-\u9fff]{1,8}?(特别行政区|特別行政區|自治区|自治區|自治州|自治县|自治縣|地区|地區|新区|新區|街道|省|市|州|盟|县|縣|区|區|旗|镇|鎮|乡|鄉))/u;
/** A unit word right after a matched name makes it longer, not a second place: 广州 + 市 is 广州市, 通州 + 区 is 通州区. */
const UNIT_AFTER = /^(?:市|县|縣|区|區|盟|旗)/u;
// Characters that do not occur in place names but do in the words around them (全面依法治市, 全区, 我市). They are
// looked for in the name without its unit word, which may have them (自治区).
const NOT_PLACE = /[依法治理建设設工作全面关於于年度报報告情况況政府委员員会會办辦公室司局党黨的我本各该該全辖轄]/u;
const NOT_PLACE_WORD = /^(?:城市|城区|地区|新区|市区|县区|市县|省市|乡镇|城镇|村镇|城乡|集镇|重镇|街道)$/u;

/** The most specific region that opens `text`: 静海区 from 天津市静海区人民政府, 清远市 from 清远市2021年…. */
export function regionAtStart(text: string): string | null {
  let t = text.trim();
  for (let prev = ''; prev !== t; ) {
    prev = t;
    // A page's label in brackets (`【文字解读】《…》`) comes before the name.
    t = t.replace(/^(?:关于|關於|中共|中国共产党|《|【[^】]{1,10}】|\[[^\]]{1,10}\])/u, '').replace(/^\d{4}\s*(?:年度|年)/u, '').trim();
  }
  let last: string | null = null;
  for (let m = UNIT.exec(t); m; m = UNIT.exec(t)) {
    let unit = m[1] ?? '';
    const after = UNIT_AFTER.exec(t.slice(unit.length));
    if (after && /州$/u.test(unit)) unit += after[0];
    const name = unit.slice(0, unit.length - (m[2]?.length ?? 0));
    if (NOT_PLACE.test(name) || NOT_PLACE_WORD.test(unit) || unit.length < 2) break;
    last = unit;
    t = t.slice(unit.length);
  }
  return last;
}

/** Years written in Chinese numerals, as some titles and openings set them: `二〇二三年`. */
const CN_DIGITS = '〇○零一二三四五六七八九';
// (Full-width digits too: `２０２３年度`.)
const YEAR = `((?:19|20|１９|２０)[\\d０-９]{2}|[一二][${CN_DIGITS}]{3})`;
const yearValue = (text: string): number =>
  Number([...text.normalize('NFKC')].map((c) => (/\d/u.test(c) ? c : String(CN_DIGITS.indexOf(c) < 3 ? 0 : CN_DIGITS.indexOf(c) - 2))).join(''));

/** The report year a title names: `2020年…报告`, `关于2024年…`, `2023年度…`, `二〇二三年…`. */
export function yearInTitle(title: string): Found<number> | null {
  const m = new RegExp(`${YEAR}\\s*(年度|年)`, 'u').exec(title);
  if (!m) return null;
  const value = yearValue(m[1] ?? '');
  if (value < 1949 || value > 2100) return null;
  return { value, reason: `"${m[0]}" in the title` };
}

/** The year an opening paragraph starts with: `2021年,…`, `2021年以来`, `2021年，我市…`. */
export function yearInOpening(text: string): Found<number> | null {
  const m = new RegExp(`^${YEAR}\\s*年(?:度)?(?:[,，、]|以来|是|全年|我|全|上半年)`, 'u').exec(text.trim());
  if (!m) return null;
  const value = yearValue(m[1] ?? '');
  if (value < 1949 || value > 2100) return null;
  return { value, reason: `the opening paragraph starts with "${m[0]}"` };
}

export function detectMetadata(input: DetectInput): Detection {
  const { blocks, meta, given = {} } = input;
  const out: Detection = { titleBlocks: [] };

  // Title: the front matter; else the heading at the top (an office line and a 关于… line make one title); else the
  // page's own title.
  if (given.title) out.title = { value: given.title, reason: 'front matter' };
  else {
    for (let i = 0; i < Math.min(blocks.length, 8); i++) {
      const text = blocks[i]?.text ?? '';
      const next = blocks[i + 1]?.text ?? '';
      if (isOrganLine(text) && /^(?:关于|關於)/u.test(next) && looksLikeTitle(next)) {
        out.title = { value: `${text}${next}`, reason: `the heading at the top, on two lines: "${text}" + "${next}"` };
        out.titleBlocks = [i, i + 1];
        break;
      }
      // `赵县人民政府` over `2022年度法治政府建设情况报告`: the office is part of a title that names no place itself.
      if (isOrganLine(text) && !SITE_NAME.test(text) && looksLikeTitle(next) && regionAtStart(next) === null && regionAtStart(text) !== null) {
        out.title = { value: `${text}${next}`, reason: `the heading at the top, on two lines: "${text}" + "${next}"` };
        out.titleBlocks = [i, i + 1];
        break;
      }
      // A title broken over two lines: `某市2022年度法治政府建设` + `工作情况的报告`. A report title names its year; a
      // menu of column names (`政务公开 法定主动公开内容 工作报告`) does not, and is spaced out.
      const brokenTitle = isTitleHalf(text) && isTitleHalf(next) && !isOrganLine(text) && regionAtStart(next) === null && !/\s/u.test(next);
      if (brokenTitle && TITLE_END.test(next) && !TITLE_END.test(text) && yearInTitle(`${text}${next}`) !== null && looksLikeTitle(`${text}${next}`)) {
        out.title = { value: `${text}${next}`, reason: `the heading at the top, on two lines: "${text}" + "${next}"` };
        out.titleBlocks = [i, i + 1];
        break;
      }
      if (looksLikeTitle(text)) {
        // A column's name above the article (`法治政府建设年度报告`) reads as a title too: the heading just below that
        // names the year or the place is the report's own.
        const below = blocks[i + 1];
        const specific = (t: string) => yearInTitle(t) !== null || regionAtStart(t) !== null;
        if (below && below.text.length > text.length && looksLikeTitle(below.text) && specific(below.text) && !specific(text)) continue;
        out.title = { value: text, reason: `the heading at the top of the ${blocks[i]?.heading !== undefined ? 'document (a heading)' : 'text'}` };
        out.titleBlocks = [i];
        break;
      }
      // Only masthead may come before the title: an office, the site's name or its column headers, a date, a label
      // (工作报告). Those are short and have no sentence; the first line that does is the body, and there is no title.
      if (!isOrganLine(text) && !SITE_NAME.test(text) && !normalizeDate(text) && (text.length > 40 || SENTENCE_END.test(text) || /[，,]/u.test(text))) break;
    }
    if (!out.title && meta?.title && looksLikeTitle(meta.title)) out.title = { value: meta.title, reason: meta.reasons.title ?? 'the page' };
    if (!out.title && input.docTitle) {
      const t = input.docTitle.trim();
      if (looksLikeTitle(t)) out.title = { value: t, reason: `the document's own title ("${t}")` };
    }
  }
  if (out.titleBlocks.length > 0 && out.titleBlocks[0]! > 0) {
    // Lines above the title (an office name, a date, a column label) belong to the masthead, not the body.
    out.titleBlocks = [...Array(out.titleBlocks[0]).keys(), ...out.titleBlocks];
  }
  // Pages repeat the title above the article: a copy of it just below is not body text either (spacing aside).
  const titleText = out.title?.value;
  const bare = (t: string) => t.replace(/\s+/gu, '');
  if (titleText && out.titleBlocks.length === 0 && !given.title) {
    // A title read from the 索引号 table or the page's own title: its line near the top marks where the body starts,
    // and what stands above it (the site's column headers) is masthead.
    const at = blocks.slice(0, 10).findIndex((b) => bare(b.text) === bare(titleText));
    if (at >= 0) out.titleBlocks = [...Array(at + 1).keys()];
  }
  if (titleText) {
    const last = out.titleBlocks.length > 0 ? Math.max(...out.titleBlocks) : -1;
    for (let i = last + 1; i < Math.min(blocks.length, last + 4); i++) if (bare(blocks[i]?.text ?? '') === bare(titleText)) out.titleBlocks.push(i);
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
