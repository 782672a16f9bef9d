// The page furniture of Chinese government websites, which a saved page or text copied from one carries around the
// report: date banners, accessibility and script switches, breadcrumbs, font-size and print links, share bars, the
// 索引号/发文字号 table and the 来源/发布时间 line. Pure: lines in, report lines and the metadata read from the
// furniture out. A chrome line is short and has no sentence of its own, so report prose is never dropped.

import * as OpenCC from 'opencc-js/t2cn';
import { matchHeading } from './parse-report.js';

/** Sites offer a 繁體 version of each page: its furniture is matched after conversion to simplified. */
let toSimplified: ((text: string) => string) | null = null; // built on first use: it takes ~100 ms
const TRADITIONAL_HINT = /[當頁關體來發時覽掃機開無礙簡繁曆農佈號屬標題類頭網門戶點擊數導條篇鏈錯維護辦區縣鎮聯繫訪問]/u;
/** The line as the rules read it: simplified, when it has traditional characters (the line itself is kept as is). */
function forMatching(line: string): string {
  if (line.length > 200 || !TRADITIONAL_HINT.test(line)) return line;
  const convert = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(line);
}

export interface PageMeta {
  /** The document's name in the 索引号 table (标题/名称), when the page has one. */
  title?: string;
  source?: string;
  published?: string;
  /** The issuing office when the page names one (发布机构/发文机关), for the region. */
  issuer?: string;
  /** Which line each value came from, for the import's explanation. */
  reasons: Partial<Record<'title' | 'source' | 'published' | 'issuer', string>>;
}

/** Keys of the metadata line and the 索引号 table; the value runs to the next key. */
const META_KEYS = [
  '信息来源',
  '文章来源',
  '稿件来源',
  '来源',
  '来自',
  '发布机构',
  '发文机关',
  '发文机构',
  '制发机构',
  '发文单位',
  '发布单位',
  '发布部门',
  '发布时间',
  '发布日期',
  '发文日期',
  '更新时间',
  '更新日期',
  '成文日期',
  '生成日期',
  '索引号',
  '发文字号',
  '文号',
  '主题分类',
  '主题词',
  '体裁分类',
  '公开方式',
  '公开范围',
  '有效性',
  '作者',
  '编辑',
  '责任编辑',
  '浏览',
  '浏览次数',
  '浏览量',
  '访问次数',
  '访问量',
  '阅读次数',
  '阅读量',
  '点击数',
  '点击量',
  '点击',
  '发布者',
  '发布人',
  '校对',
  '供稿',
  '撰稿',
  '内容概述',
  '字号',
  '字体',
  '名称',
  '标题',
  '时间',
  '日期',
];
/** Table cells space their keys out to the column width: `索 引 号`, `标 题`. */
const spaced = (key: string) => [...key].join('[ \\u3000]*');
const KEY_ALT = META_KEYS.map(spaced).join('|');
/** Alone on its line a key is furniture even when the word may head a line of a report (`活动主题：…`). */
const LONE_KEY_ALT = [...META_KEYS, '主题', '分类', '审核'].map(spaced).join('|');
const PAIR = new RegExp(`(${KEY_ALT})\\s*[:：]\\s*([^]*?)(?=\\s*(?:${KEY_ALT})\\s*[:：]|【|\\[|$)`, 'gu');
/** Table rows have no colon: `索引号 11120… 发文字号 津静政…`. Only the table's own keys count there. */
const TABLE_KEYS = ['索引号', '发文字号', '成文日期', '发布日期', '发文日期', '发布机构', '发文机关', '发文机构', '制发机构', '主题分类', '公开方式', '有效性', '生成日期', '文号', '名称', '标题']
  .map(spaced)
  .join('|');
const TABLE_PAIR = new RegExp(`(${TABLE_KEYS})\\s*[:：]?\\s*([^]*?)(?=\\s*(?:${TABLE_KEYS})(?:\\s|[:：])|$)`, 'gu');

/** Markers of furniture lines; a line with one of them and no sentence of its own is dropped. */
/** A pager's words that name a page: 上一页, 第2页, 共3页. */
const PAGE_WORD = '上一页|下一页|第\\s*\\d+\\s*页|共\\s*\\d+\\s*页';

const CHROME_MARKERS: RegExp[] = [
  /今天是.{0,40}星期/u,
  /^今天是\s*[:：]?\s*\d{4}\s*[年-]/u,
  /星期[一二三四五六日天].{0,12}农历/u,
  /^农历\s*\S{0,4}年?\s*\S{0,3}月\s*\S{0,3}$/u,
  // `某区人民政府 2019年12月3日星期二`: the site's date banner without 今天是.
  /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]/u,
  /\d{4}-\d{1,2}-\d{1,2}\s*(?:星期|周)[一二三四五六日天]/u,
  // Words that reports also use (无障碍环境建设, 适老化改造) count only as a switch: first on the line, alone or
  // followed by another switch.
  /^(?:无障碍(?:浏览|阅读|通道)?|适老化(?:服务|模式)?|长者模式|关怀版|老年版)(?:\s|[|｜/]|$)/u,
  /简体\s*[|｜/]?\s*繁[體体]|繁體|English\s*[|｜]/u,
  /(?:您(?:现在)?所在(?:的)?位置|当前位置|所在位置|您的位置)\s*[:：>＞]/u,
  /^位置\s*[:：]/u,
  // The page's <title> bar copied with it: `文章标题_栏目_网站名`, three or more parts joined by `_`.
  /^[^。！？；，,_]{1,60}(?:_[^。！？；，,_]{1,60}){2,}$/u,
  // A breadcrumb without its label: `首页 > 政务公开 > 工作报告`, `首页 >> 信息公开`.
  /^(?:网站)?首页\s*(?:>|＞|»|›|→|\/|-)/u,
  // …or without 首页: `政务公开 > 政策文件 > 区政府文件`, three or more short segments.
  /^[^。！？；，,>＞»›]{1,12}(?:\s*(?:>>?|＞|»|›)\s*[^。！？；，,>＞»›]{1,12}){2,}$/u,
  /【?\s*字体\s*[:：]?\s*[[【]?\s*大\s*[\]】]?\s*[[【]?\s*中\s*[\]】]?\s*[[【]?\s*小/u,
  /字号\s*[:：]?\s*[[【]?\s*大\s*[\]】]?\s*[[【]?\s*中\s*[\]】]?\s*[[【]?\s*小/u,
  /[【[]\s*大\s*[\]】]?\s*[[【]?\s*中\s*[\]】]?\s*[[【]?\s*小\s*[\]】]/u,
  /^【?\s*字[体号]\s*[:：]?\s*】?$/u,
  // `字体大小:【`, `文字大小:[ ] 背景色:`: the size and colour switches.
  /^[【[]?\s*(?:字体|字号|文字)大小\s*[:：]?/u,
  /背景色\s*[:：]/u,
  /打印本页|打印此页|打印页面|【\s*打印\s*】|\[\s*打印\s*\]|关闭窗口|关闭本页|关闭页面|【\s*关闭\s*】|\[\s*关闭\s*\]|返回顶部|收藏本页|加入收藏|设为首页/u,
  /扫一扫.{0,10}(?:手机|打开|分享|浏览|查看|阅读)|手机扫一扫|用手机扫描|微信扫一扫|【\s*扫一扫\s*】|^扫一扫$|^扫码(?:阅读|浏览|分享|查看)/u,
  /分享到|分享至|一键分享|^分享\s*[:：]/u,
  /语音播报|朗读全文|阅读模式|视力保护色|护眼模式|我要打印|我要纠错|网站支持IPv6|^IPv6$/u,
  /上一篇\s*[:：]|下一篇\s*[:：]|^上一(?:篇|条)|^下一(?:篇|条)|^[【[]?\s*相关(?:文章|链接|阅读|新闻|文件|稿件)\s*[\]】]?\s*[:：]?$/u,
  /版权所有|Copyright\s*©|©\s*\d{4}|ICP备|公网安备|网站标识码|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]|网站地图|联系我们|政府网站找错/u,
  // The footer's short labels: `主办：某区人民政府办公室 承办：某区大数据中心`, `维护：…`.
  /^(?:主办|承办|协办|维护|运维|网站维护|网站主办)\s*[:：]/u,
  /^(?:地址|通讯地址)\s*[:：].{0,60}(?:邮编|邮政编码|电话)|^(?:联系电话|咨询电话|邮编|邮政编码)\s*[:：]/u,
  /您是第\s*\d+\s*位访/u,
  // The page's buttons in brackets: `【打印文章】`, `[关闭窗口]`, `【我要纠错】`.
  /[【[]\s*(?:打印|关闭|收藏|返回|纠错|分享|我要纠错|我要打印)[\u4e00-\u9fff]{0,4}\s*[\]】]/u,
  /浏览次数|访问次数|阅读次数|点击数\s*[:：]/u,
  // A WeChat article's furniture: the follow prompt above, the editors' credits below.
  /^(?:点击|点)?(?:上方)?蓝字.{0,6}关注|^关注我们$|^长按(?:识别)?二维码/u,
  /^(?:审核|编辑|责编|责任编辑|校对|排版|初审|复审|终审|美编|监制|出品|撰稿)\s*[:：|丨]\s*[^。！？；]{1,20}$/u,
  // A pager: `首页 上一页 第1页 第2页 下一页 尾页`, `共2页`: its words and page numbers only, one of them a page's.
  new RegExp(`^(?=.*(?:${PAGE_WORD}))(?:[|｜\\s]*(?:首页|尾页|末页|${PAGE_WORD}|\\d{1,3}(?!\\d)|[<>«»]))+[|｜\\s]*$`, 'u'),
  // An infographic's caption beside the text: `一图读懂｜某市2023年法治政府建设年度报告`.
  /^(?:一图读懂|一图看懂|一图速览|图解|图说|图片解读)\s*[|｜丨:：·]/u,
];

/** `附件：` alone, or a line naming an attached file (`1.某报告.doc`, `附件2：指标表.xlsx`). */
const ATTACHMENT = /^附件\s*[:：]?\s*$|^[^。！？；]{0,80}\.(?:docx?|pdf|xlsx?|wps|et|ofd|zip|rar|7z)\s*$/iu;

/** Lines that are only the labels of the share bar or switches, e.g. `微信 微博 QQ空间`. */
const LABEL_ONLY = /^(?:[|｜/\s]*(?:微信|微博|QQ空间|QQ|新浪微博|腾讯微博|人人网|豆瓣|朋友圈|打印|关闭|收藏|大|中|小|简|繁|简体|繁体|繁體|默认|首页|返回|分享|更多|English|ENGLISH|EN|手机版|登录|注册|搜索|ico|头部|底部|纠错|【纠错】|Baidu|map)[|｜/\s]*)+$/u;
/**
 * The site's menu copied with the page: two or more of its column names and nothing else. One name alone may be an
 * unnumbered heading of the report (政务公开), so it is kept.
 */
const NAV_WORD = '(?:首页|网站首页|政务公开|政府信息公开|信息公开|政务服务|办事服务|互动交流|公众参与|政民互动|新闻中心|新闻动态|要闻动态|专题专栏|数据发布|数据开放|政策文件|政策解读|走进[\\u4e00-\\u9fff]{1,6}|领导信息|机构设置|便民服务|在线访谈|网上调查|政务微信|政务微博|无障碍浏览|长者模式|智能问答|个人中心|用户登录)';
const NAV_ONLY = new RegExp(`^[|｜/\\s]*${NAV_WORD}(?:[|｜/\\s]+${NAV_WORD})+[|｜/\\s]*$`, 'u');
/** Lines with no letter or digit at all: stray brackets and dots left by a page's layout. */
const NO_TEXT = /^[\p{P}\p{S}\s]+$/u;

const SENTENCE_END = /[。！？；]/u;

/** `2024-03-28`, `2021/03/29`, `2024年3月28日`, `2024.03.28` → `YYYY-MM-DD`; null when there is no date. */
export function normalizeDate(text: string): string | null {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1949 || y > 2100) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const PUBLISHED_KEYS = ['发布时间', '发布日期', '更新时间', '更新日期', '时间', '日期', '发文日期', '成文日期', '生成日期'];
const SOURCE_KEYS = ['来源', '信息来源', '文章来源', '稿件来源', '来自', '发布机构'];
const ISSUER_KEYS = ['发文机关', '发布机构', '发文机构', '制发机构', '发文单位', '发布单位', '发布部门'];
const GENERIC_KEYS = new Set(['时间', '日期']);
/** The 标题/名称 row of the 索引号 table names the document. */
const TITLE_KEYS = ['标题', '名称'];

/** The key/value pairs of one metadata line, or null when the line is not only metadata. */
export function readMetaPairs(text: string): Map<string, string> | null {
  // A table copied as text keeps its cell borders: `索 引 号 | 1162…/2025-48086 | 主题分类 | 金政发 |`.
  const line = /[|｜]/u.test(text) ? text.replace(/\s*[|｜]+\s*/gu, ' ').trim() : text;
  for (const re of [PAIR, TABLE_PAIR]) {
    const matches = [...line.matchAll(re)];
    if (matches.length === 0) continue;
    // The line opens with its first key, or with a short prefix (the site's name, a date) that has no sentence of
    // its own: prose that mentions 来源 in passing is not metadata.
    const prefix = line.slice(0, matches[0]?.index ?? 0);
    if (prefix.length > 2 && (prefix.length > 40 || SENTENCE_END.test(prefix) || /[，,]/u.test(prefix))) continue;
    // A key that ends a longer word is that word (指标名称, 案件名称, 项目名称: a table's header or a report's line).
    if (/\p{Script=Han}$/u.test(prefix)) continue;
    const pairs = new Map<string, string>();
    for (const m of matches) {
      const key = (m[1] ?? '').replace(/[ \u3000]/gu, '');
      // `【发布单位：…】`: the bracket that closes a pair is not part of its value.
      if (!pairs.has(key)) pairs.set(key, (m[2] ?? '').trim().replace(/[\s】\]]+$/u, ''));
    }
    // `时间`/`日期` alone head report lines too (`活动时间：3月1日至3月31日`): as metadata they hold a full date.
    if ([...pairs.keys()].every((k) => GENERIC_KEYS.has(k)) && ![...pairs.values()].some((v) => normalizeDate(v))) return null;
    const values = [...pairs.values()].join('');
    if (SENTENCE_END.test(values) || values.length > 160) return null;
    // `中国某市政府门户网站 2015-04-17 02:28:11 来源: 本网`: the date before the keys is the publication date.
    const date = prefix.length > 2 ? /\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}/u.exec(prefix) : null;
    if (date && !pairs.has('发布时间')) pairs.set('发布时间', date[0]);
    return pairs;
  }
  return null;
}

function pick(pairs: Map<string, string>, keys: string[]): [string, string] | null {
  for (const k of keys) {
    const v = pairs.get(k);
    if (v) return [k, v];
  }
  return null;
}

/** Whether a line is page furniture (without reading it as metadata). */
export function isChromeLine(line: string): boolean {
  const t = forMatching(line.trim());
  if (t === '') return true;
  if (LABEL_ONLY.test(t) || NAV_ONLY.test(t) || NO_TEXT.test(t)) return true;
  // An attachment list under the article (附件：/ 1.某报告（正式文本）.doc) is links, though numbered like a heading.
  if (ATTACHMENT.test(t)) return true;
  // Prose has sentences; furniture does not, or is short with one at most. A numbered heading is never furniture.
  const prose = SENTENCE_END.test(t) && t.length > 40;
  if (prose || (matchHeading(t)?.depth ?? -1) >= 0) return false;
  return CHROME_MARKERS.some((re) => re.test(t));
}

export interface ChromeResult {
  lines: string[];
  /** Which of the input lines were kept (`lines[i]` is `input[kept[i]]`, trimmed). */
  kept: number[];
  meta: PageMeta;
  /** The furniture lines dropped, for the import's explanation. */
  dropped: string[];
}

const BULLET = '[•·●▪◆■□◇○*-]';
const BARE_DATE = /^[[【(（]?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]?$/u;
/** A key alone on its line (`• 发布日期：`): a definition list, whose value is on the line below or missing. */
const KEY_ONLY = new RegExp(`^(?:${BULLET}|\\s)*(${LONE_KEY_ALT})\\s*[:：]\\s*$`, 'u');
/** Keys whose value a page may set on the line below: ids, dates, office names, the document's name. */
const VALUE_BELOW = new Set(['索引号', '主题分类', '主题', '主题词', '体裁分类', '来源', '信息来源', '文章来源', '发布机构', '发文机关', '发文机构', '制发机构', '发文单位', '发文字号', '文号', '发文日期', '成文日期', '发布日期', '发布时间', '更新时间', '生成日期', '有效性', '公开方式', '公开范围', '时间', '日期', '标题', '名称']);
const TITLE_LIKE = /报告|情况|总结|要点|计划|方案|通知|意见|决定|规则|办法|纲要|规划/u;

/** The line below a lone key, when it reads as that key's value (short, no sentence, not a heading or another key). */
function valueBelow(key: string, next: string | undefined): boolean {
  if (next === undefined || next.length > 60 || SENTENCE_END.test(next) || KEY_ONLY.test(next) || readMetaPairs(next)) return false;
  if ((matchHeading(next)?.depth ?? -1) >= 0) return false;
  // Only the name keys take a title as their value: a report heading below an empty 来源: stays the heading.
  return TITLE_KEYS.includes(key) || !TITLE_LIKE.test(next);
}

/** Drops the furniture lines and reads the metadata lines (来源, 发布时间, the 索引号 table) into `meta`. */
export function stripChrome(input: readonly string[]): ChromeResult {
  const meta: PageMeta = { reasons: {} };
  const lines: string[] = [];
  const kept: number[] = [];
  const dropped: string[] = [];
  // 发布时间 beats 更新时间 beats 成文日期, whichever line comes first.
  let publishedRank = Number.POSITIVE_INFINITY;
  let sourceRank = Number.POSITIVE_INFINITY;
  const absorb = (pairs: Map<string, string>, line: string) => {
    const published = pick(pairs, PUBLISHED_KEYS);
    const date = published ? normalizeDate(published[1]) : null;
    const rank = published ? PUBLISHED_KEYS.indexOf(published[0]) : -1;
    if (published && date && rank < publishedRank) {
      publishedRank = rank;
      meta.published = date;
      meta.reasons.published = `"${published[0]}" on the page: "${clip(line)}"`;
    }
    const source = pick(pairs, SOURCE_KEYS);
    const sRank = source ? SOURCE_KEYS.indexOf(source[0]) : -1;
    if (source && sRank < sourceRank) {
      sourceRank = sRank;
      meta.source = source[1];
      meta.reasons.source = `"${source[0]}" on the page: "${clip(line)}"`;
    }
    const issuer = pick(pairs, ISSUER_KEYS);
    if (issuer && !meta.issuer) {
      meta.issuer = issuer[1];
      meta.reasons.issuer = `"${issuer[0]}" on the page: "${clip(line)}"`;
    }
    const title = pick(pairs, TITLE_KEYS);
    if (title && !meta.title) {
      meta.title = title[1];
      meta.reasons.title = `"${title[0]}" in the page's index table: "${clip(line)}"`;
    }
  };
  for (let i = 0; i < input.length; i++) {
    const line = (input[i] ?? '').trim();
    if (line === '') continue;
    const matching = forMatching(line);
    const lone = KEY_ONLY.exec(matching);
    if (lone) {
      dropped.push(line);
      const key = (lone[1] ?? '').replace(/[ \u3000]/gu, '');
      let j = i + 1;
      while (j < input.length && (input[j] ?? '').trim() === '') j++;
      const next = input[j]?.trim();
      if (VALUE_BELOW.has(key) && next !== undefined && valueBelow(key, forMatching(next))) {
        absorb(new Map([[key, forMatching(next)]]), `${line} ${next}`);
        dropped.push(next);
        i = j;
      }
      continue;
    }
    // A bare numeric date under the title (`2024-03-28 09:18`, `[2024/03/28]`) is the page's publication date; a
    // signature date is written 2024年3月20日 and stays with the report.
    const pairs = readMetaPairs(matching) ?? (BARE_DATE.test(matching) ? new Map([['日期', matching]]) : null);
    if (pairs) {
      absorb(pairs, line);
      dropped.push(line);
      continue;
    }
    if (isChromeLine(line)) {
      dropped.push(line);
      continue;
    }
    lines.push(line);
    kept.push(i);
  }
  return { lines, kept, meta, dropped };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
