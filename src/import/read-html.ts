// A saved web page → the report's blocks, the page's title and site name, and the metadata its furniture carries.
// The article is found by Readability (the Firefox reader view) over linkedom; the metadata lines and the
// 索引号 table often sit outside the article, so they are read from the whole page.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block } from './blocks.js';
import { stripChrome, type PageMeta } from '../knowledge/page-chrome.js';
import { domBlocks } from './dom-blocks.js';
import { looksLikeTitle } from './detect-metadata.js';

export interface PageRead {
  blocks: Block[];
  docTitle?: string;
  siteName?: string;
  meta: PageMeta;
  /** Furniture lines dropped from the article. */
  dropped: string[];
}

/** Decodes a saved page with the charset it declares (many government sites still serve GB2312/GBK). */
export function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/iu.exec(head);
  const label = m?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    return new TextDecoder(label === 'gb2312' ? 'gbk' : label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const metaContent = (doc: Document, names: string[]): string | undefined => {
  for (const n of names) {
    const el = doc.querySelector(`meta[name="${n}"]`) ?? doc.querySelector(`meta[property="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return undefined;
};

/** `文章标题_栏目_网站名`: the first part is the article, the last the site. */
function splitPageTitle(title: string): { article?: string; site?: string } {
  // `_` `|` `——` and spaced dashes separate parts; a bare `-` only when a site's name follows it.
  const parts = title.split(/\s*(?:_|\||｜|——|-{2,}| - | — | – |-(?=[^-]*(?:政府|网站|门户|网|局|办公室|委员会|法院|检察院)\s*$))\s*/u).filter((p) => p.trim().length > 0);
  if (parts.length === 0) return {};
  return parts.length === 1 ? { article: parts[0] } : { article: parts[0], site: parts[parts.length - 1] };
}

/** The opening of a reading of the report (政策解读) posted below it; only after some of the report's own text. */
const READING = /^[【[]?\s*(?:政策解读|相关解读|图文解读|图解|文字解读|解读)\s*[】\]]|^(?:政策解读|相关解读)\s*$/u;
const MIN_BODY = 3;

export function readHtml(html: string): PageRead {
  const page = parseHTML(html).document as unknown as Document;
  const fromTitle = splitPageTitle(page.title ?? '');
  // The metadata tags of the national government-site CMS standard, when the page has them.
  const articleTitle = metaContent(page, ['ArticleTitle', 'og:title']);
  const h1 = page.querySelector('h1')?.textContent?.replace(/\s+/gu, ' ').trim();
  // Sites also set the title in an <h2>, <h3> or a styled block (`<div class="title">`) above the article.
  const headed = [...page.querySelectorAll('h2, h3, [class*="title"], [class*="tit"], [id*="title"]')]
    .map((el) => el.textContent?.replace(/\s+/gu, ' ').trim() ?? '')
    .find((t) => t.length <= 80 && looksLikeTitle(t));
  const siteName = metaContent(page, ['SiteName', 'og:site_name']) ?? fromTitle.site;

  const bodyBlocks = domBlocks(page.body as never, { boldLevel: 2 });
  const whole = stripChrome(bodyBlocks.map((b) => b.text));
  const meta: PageMeta = { ...whole.meta, reasons: { ...whole.meta.reasons } };
  // (A WeChat article gives its date only in <em id="publish_time">.)
  const pubDate = metaContent(page, ['PubDate', 'pubdate', 'publishdate']) ?? page.querySelector('#publish_time')?.textContent?.trim();
  if (!meta.published && pubDate && /^\d{4}-\d{2}-\d{2}/u.test(pubDate)) {
    meta.published = pubDate.slice(0, 10);
    meta.reasons.published = `the page's PubDate tag (${pubDate})`;
  }
  const contentSource = metaContent(page, ['ContentSource']);
  if (!meta.source && contentSource) {
    meta.source = contentSource;
    meta.reasons.source = `the page's ContentSource tag`;
  }

  // Readability changes the document it reads: everything else is taken from the page before it runs.
  let article: Block[] = [];
  let readabilityTitle: string | undefined;
  try {
    const parsed = new Readability(page, { charThreshold: 100, keepClasses: false }).parse();
    readabilityTitle = parsed?.title?.trim() || undefined;
    if (parsed?.content) article = domBlocks(parseHTML(`<html><body>${parsed.content}</body></html>`).document.body as never, { boldLevel: 2 });
  } catch {
    article = [];
  }
  const articleChars = article.reduce((n, b) => n + b.text.length, 0);
  // A page Readability cannot read (or reads as a fragment) falls back to the whole body.
  const wholeChars = whole.lines.reduce((n, l) => n + l.length, 0);
  const source = articleChars >= Math.min(200, wholeChars * 0.3) ? article : bodyBlocks;

  // The report's title: the CMS's ArticleTitle tag, the article's <h1>, the page <title>, Readability's pick; the first
  // that reads as a report title (a site whose <title> is only its own name has none there).
  const titles = [articleTitle, h1, fromTitle.article, headed, readabilityTitle].filter((t): t is string => Boolean(t));
  const docTitle = titles.find(looksLikeTitle) ?? titles[0];

  const stripped = stripChrome(source.map((b) => b.text));
  const kept = new Set(stripped.kept);
  let blocks = source.filter((_, i) => kept.has(i));
  const dropped = stripped.dropped;
  // A reading of the report posted under it on the same page (【政策解读】…, 相关解读, then 问/答) is another article.
  const reading = blocks.findIndex((b, i) => i >= MIN_BODY && READING.test(b.text));
  if (reading >= 0) {
    dropped.push(...blocks.slice(reading).map((b) => b.text));
    blocks = blocks.slice(0, reading);
  }
  // Readability drops the <h1> when it equals the page title; the title is then the page's.
  return { blocks, ...(docTitle ? { docTitle } : {}), ...(siteName ? { siteName } : {}), meta, dropped };
}
