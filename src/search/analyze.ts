// Question analysis: terms, synonyms, coverage units, figure intent, and the documents a question names.
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Tagger } from './jieba-segmenter.js';
import { normalizeQuestion } from './normalize-question.js';
import type { Thesaurus } from './thesaurus.js';
import { roughValue } from './rough-number.js';
import { resolveScope, type ScopeResult } from './scope.js';
import { expandSynonyms, normalize, QUERY_STOP_WORDS, tokenizeQuery, type QueryTerm, type WordSegmenter } from './tokenize.js';

/** What kind of figure a question asks for: a unit family, or any figure. */
export interface FigureIntent {
  /** Units that answer the question best, e.g. ['%'] for 率/比例; empty = any figure. */
  units: string[];
  /** The question counts institutions or people (几家, 多少名): only a figure in one of `units` answers it. */
  count: boolean;
  /** The question asks a rank (排名, 第几): 首家, 第一, 前列 answer it. */
  rank?: boolean;
  /** The question asks when, or up to when (统计到几月, 什么时候开始): a time expression answers it. */
  time?: boolean;
}

/** What shape of reply the question asks for. */
export type QuestionForm = 'specific' | 'broad' | 'comparison';

export interface QueryAnalysis {
  question: string;
  norm: string;
  /** Distinct retrieval terms (question terms plus synonym terms). */
  terms: string[];
  /** Terms that came only from synonyms (retrieved with a lower boost). */
  synonymTerms: Set<string>;
  /** Coverage units: the question's own terms and whole synonym phrases, each with its span in `norm`. */
  units: QueryTerm[];
  /**
   * The question's distinct words (ICU words of 2+ characters), each with the units that stand for it (itself,
   * or a synonym phrase over its span): how many of them a quote holds, in any order, breaks near-ties.
   */
  words: { term: string; alternatives: string[] }[];
  /** Positions in `norm` that carry content (covered by some question term): the coverage denominator. */
  content: number[];
  /** The character at each `content` position. */
  contentChars: string[];
  /** Weight of each `content` position: the rarity (idf) of the question terms over it. */
  weights: number[];
  /** Positions of words that ask for a figure (比例, 人数 …): a figure of the kind asked answers them. */
  figureWords: Set<number>;
  synonyms: string[];
  figure: FigureIntent | null;
  /** Documents the question names by year and/or region (or implies: 去年, 我市); null when it names none. */
  scope: ScopeResult['scope'];
  /** The named or implied region's documents across years (for comparisons). */
  regionDocs: string[] | null;
  /** Years named that no report is about, though the text mentions them: only a quote saying the year answers. */
  textYears: string[];
  form: QuestionForm;
  /**
   * A broad question about a field of work rather than one measure: it lists topics (员额、遴选、教育整顿) or asks
   * for the whole (整体, 这块, 这方面, 介绍下, 汇总下). One sentence never answers it; its section does.
   */
  field: boolean;
  /** Set when the question names something the reports cannot answer (a year or place they do not cover). */
  outOfScope: string | null;
  /** Words of the question that no sentence holds (not even through a synonym): evidence it asks about something else. */
  absentWords: string[];
  /**
   * The question's most specific word (the rarest in the reports; a word they never use is rarest of all), with
   * its synonyms: a quote that holds neither it nor a synonym is about something else and does not answer.
   */
  keyWord: { term: string; alternatives: string[]; parts?: string[] } | null;
  /**
   * The question's nouns that the reports use (with synonyms, and their own words when compound). When a number is
   * asked, a quote missing one of them counts something else (个人调解工作室 for 律师调解工作室).
   */
  topicWords: { term: string; alternatives: string[]; parts?: string[] }[];
  /** The question's nouns that no report uses, nor any synonym of them (监督员, 护照): signs of another topic. */
  absentNouns: string[];
  /** Where those nouns stand, with the nouns joined to them (人民监督员 for 监督员): no word in there is the topic. */
  absentSpans: [number, number][];
  /** The thing a count asks for (多少条意见), when no report ever names it: no figure in them counts it. */
  countedAbsent: string | null;
  /**
   * The noun a count asks for, after 几/多少 and its measure word (多少份法律意见, 化解了多少行政争议), with its
   * synonyms and parts: a figure counts it only when the figure's label names it (41份 of 审查重大合同 does not).
   */
  counted: { term: string; alternatives: string[]; parts?: string[] } | null;
  /**
   * The rate a question asks (万人起诉率, 调解成功率): its last two characters with 率 (起诉率) and its synonyms. A share
   * answers it only when the figure names that rate: 出庭应诉率92.4% is no 万人起诉率.
   */
  rate: string[] | null;
  /**
   * A count of people, answered only by a figure in 名, 人, 人次 or 位: `named` when the counted noun names them
   * (多少个律师: 14家律师事务所 is no count of them), `implied` when a count in 个 names nothing and the question's last
   * noun is people (陪审员选了五百来个 is 520名; 律师调解工作室有几个 counts 工作室).
   */
  peopleCount: 'named' | 'implied' | null;
  /** The numbers the question quotes (2551人次那个培训), years left out. */
  quotedNumbers: string[];
  /** The levels the question names (国家级, 省级, 市级 …): a quote naming only other levels answers something else. */
  levels: string[];
  /** Whether a change is asked (降了多少, 比去年多了几个): only then does a change (同比下降4.3%) answer. */
  asksChange: boolean;
  /** A running total asked (累计, 一共有): a figure of the year's new ones (新增2个) is another figure, and back. */
  asksTotal: boolean;
  asksNew: boolean;
  /** Several names asked (分别叫啥, 是哪几家): a quote naming nothing (3个项目) does not answer. */
  asksNames: boolean;
  /** What the rough numbers of the question are worth (听说有两百多个 → 200): a figure near one is likelier the one meant. */
  roughValues: number[];
}

/** A count and its measure word, before the noun it counts (多少条意见, 几个项目). */
const COUNT_BEFORE_NOUN = /(?:几|多少)(?:人次|个|项|件|次|场|家|份|名|所|位|条|门|人)?/gu;

/** The noun right after a count and its measure word (多少份法律意见 → 法律意见), when it is a noun of 2+ characters. */
function countedNounOf(norm: string, tagger: Tagger | undefined): string | null {
  if (!tagger) return null;
  for (const m of norm.matchAll(COUNT_BEFORE_NOUN)) {
    // (A verb may come first: 多少条修改意见 counts 意见. Nouns in a row are one thing: 法律意见, not 法律.)
    const words = tagger(norm.slice(m.index + m[0].length)).slice(0, 4);
    const from = words[0] && /^v$/u.test(words[0].tag) ? 1 : 0;
    let noun = '';
    for (const w of words.slice(from)) {
      if (!/^(?:n|nz|ng|vn|j|l)$/u.test(w.tag) || !/^\p{Script=Han}+$/u.test(w.word)) break;
      noun += w.word;
    }
    // (意见 and 问题 are counted things here, though framing words elsewhere.)
    if ([...noun].length >= 2 && !/^(?:情况|方面|东西|工作)$/u.test(noun)) return noun;
  }
  return null;
}

/**
 * The noun a count asks for, when the reports never use it (and the thesaurus knows no other name for it):
 * 基层立法联系点收到多少条意见 asks for 意见, which no sentence mentions.
 */
function absentCountedNoun(norm: string, tagger: Tagger | undefined, known: (term: string) => boolean, isThesaurusTerm: (term: string) => boolean): string | null {
  if (!tagger) return null;
  for (const m of norm.matchAll(COUNT_BEFORE_NOUN)) {
    const next = tagger(norm.slice(m.index + m[0].length))[0];
    // (Not the stop-word test: 意见 and 内容 are framing words elsewhere, but what a count counts here.)
    if (!next || !/^n/u.test(next.tag) || !/^\p{Script=Han}{2,}$/u.test(next.word) || isThesaurusTerm(next.word)) continue;
    for (let i = 0; i + 2 <= next.word.length; i++) if (!known(next.word.slice(i, i + 2))) return next.word;
  }
  return null;
}

const FIGURE_WORDS = /多少|(?<!哪)几(?![月号乎])[个项件次场人家份名所位条]?|比例|比率|比重|百分|占比|(?<![效频])率(?!先)|人次|场次|数量|数目|总数|规模|次数|件数|人数|个数|数据|排名|第几/u;
/** Words that ask for a figure rather than name a topic: covered by a figure of the kind asked. */
const FIGURE_ASKING = /比例|比率|比重|百分比|占比|数量|数目|总数|规模|次数|件数|人数|个数|数据|名次/gu;
/** `A不A` / `A没A` questions (高不高, 有没有, 是不是): the form asks, the word carries no topic. */
const A_NOT_A = /(\p{Script=Han})[不没]\1/gu;

const UNIT_HINTS: [RegExp, string[]][] = [
  [/多少钱|几块钱|金额|经费|资金|多少元|多少万元|多少亿/u, ['元']],
  [/(?<![效频])率(?!先)|比例|比率|比重|百分|占比|%|几成|多少成|占几/u, ['%']],
  [/人数/u, ['人', '名', '人次']],
  [/人次/u, ['人次']],
  [/场次|几场|多少场/u, ['场次', '场']],
  [/排名|第几|名次/u, ['名']],
  [/件/u, ['件']],
  [/份/u, ['份']],
  [/项/u, ['项']],
  [/几个|多少个|个数|几家|多少家|几所|多少所/u, ['个', '家', '所']],
  [/次数|多少次|几次/u, ['次', '人次', '场次']],
];

/** 几家 / 多少份 / 几个: a count with its measure word, which names the units that answer it (第几家 asks a rank). */
const COUNTED = /(?<!第)(?:几|多少)(人次|场次|[个项件次场家份名所位条人趟回遍支台本张辆部座处例单])/u;
/** Measure words people use loosely (几个案件 for 2215件, 多少条决定 for 177817次): any count answers them. */
const ANY_COUNT = ['个', '项', '件', '份', '条', '次', '人次', '场次', '场', '家', '所'];
const MEASURE_UNITS: Record<string, string[]> = {
  个: ANY_COUNT, 项: ANY_COUNT, 份: ANY_COUNT,
  // (几条 counts opinions, rules, decisions or boats, never sessions: 宣讲46场 is no 多少条.)
  条: ['条', '项', '个', '件', '份', '艘', '次'],
  // (多少件 counts things done, never people or sessions: 接待群众1.8万人次 is no 办了多少件.)
  件: ['件', '个', '项', '份', '条', '宗', '起', '次'],
  次: ['次', '人次', '场次', '场'], 场: ['场次', '场', '次'],
  // (跑几趟, 来了几回: reports write 次.)
  趟: ['次'], 回: ['次', '场', '场次'], 遍: ['次'], 人次: ['人次'], 场次: ['场次', '场'],
  // Teams, machines, books, vehicles, places, cases: their own measure words, or 个.
  支: ['支', '个'], 台: ['台', '部', '套', '个'], 本: ['本', '册', '份', '个'], 张: ['张', '份', '个'], 辆: ['辆', '台'],
  部: ['部', '个', '件'], 座: ['座', '个', '处'], 处: ['处', '个'], 例: ['例', '件', '起'],
  // (接了多少单: a hotline's 工单 are counted in 件.)
  单: ['件', '单', '个'],
  // These count institutions or people: a figure counting something else (174件 of a 公证机构) does not answer.
  家: ['家', '所', '个'], 所: ['家', '所', '个'], 名: ['名', '人', '人次', '位'], 位: ['名', '人', '人次', '位'], 人: ['人', '名', '人次', '位'],
};
const STRICT_MEASURES = new Set(['家', '所', '名', '位']);

function figureIntent(norm: string): FigureIntent | null {
  if (!FIGURE_WORDS.test(norm)) return null;
  // 几个人, 多少个人: people, not things counted in 个.
  if (/(?:几|多少)个人(?!次)/u.test(norm)) return { units: MEASURE_UNITS['人']!, count: false };
  // The measure word after 几/多少 decides; the hints below would also match topic words (文件 has 件, 事项 项).
  const counted = COUNTED.exec(norm);
  const units = counted ? MEASURE_UNITS[counted[1]!] : undefined;
  if (units) return { units, count: STRICT_MEASURES.has(counted![1]!) };
  for (const [re, hinted] of UNIT_HINTS) if (re.test(norm)) return { units: hinted, count: false };
  return { units: [], count: false };
}

/**
 * The figure asked: by the question's own words (多少场, 比例), else by the rough number it carries (听说有两百多个
 * asks a count, 过半了吗 a share), else none. A "when" question asks for a time expression instead.
 */
function figureIntentOf(text: string, roughMeasure: string | null, share: boolean, rough: boolean, time: boolean): FigureIntent | null {
  if (time) return { units: [], count: false, time: true };
  const asked = figureIntent(text);
  // A rough number's measure word (大概三百份) says what is counted better than a hint inside a topic word (文件).
  const roughUnits = roughMeasure && !COUNTED.test(text) ? MEASURE_UNITS[roughMeasure] : undefined;
  if (asked && roughUnits && !asked.units.includes('%') && !/(?:几|多少)个人(?!次)/u.test(text)) return { ...asked, units: roughUnits };
  if (asked) return /排名|第几|名次|排第|排在/u.test(text) ? { ...asked, rank: true } : asked;
  if (share) return { units: ['%'], count: false };
  if (roughMeasure === '%' || roughMeasure === '成') return { units: ['%'], count: false };
  if (roughMeasure && MEASURE_UNITS[roughMeasure]) return { units: MEASURE_UNITS[roughMeasure]!, count: false };
  if (rough) return { units: [], count: false };
  return null;
}

export interface DocumentNames {
  /** A name a question may use for a region (with and without 市/省/县/区) → its documents; longest names first. */
  regions: [string, string[]][];
  /**
   * Names of a level above the reports' regions that no report is about (青枫市 over 青枫市澄湖区) → that level's
   * full name: a question naming it is about the whole city, which a district's figure does not answer.
   */
  parents: [string, string][];
  years: Map<number, string[]>;
  /** Places from the gazetteer that no report mentions. */
  foreignPlaces: string[];
  /** Every year written in the reports' text (2020年度 is a fine thing to ask about). */
  yearsInText: Set<string>;
  /** Each document's region and year. */
  docs: { id: string; region: string | null; year: number }[];
  /** Distinct regions among the documents. */
  regionCount: number;
}

/** A running total asked (累计有多少, 总共, 现有), or the year's new ones (新配了几台, 当年新增). */
const ASKS_TOTAL = /累计|总共|总数|共有|现有|一共有|攒到|至今/u;
const ASKS_NEW = /新(?:增|配|建|设|招|收|接收|培育|培养|命名|评|发展|聘|签|吸纳|认定|选)|当年新|今年新/u;
/** Several names asked (分别叫啥, 是哪几家, 都叫什么): one name may be the noun phrase itself (广清…工作专班). */
const ASKS_NAMES = /分别(?:是|叫)|哪几[个家部项所]|都叫(?:啥|什么)|名单/u;

/** A change asked rather than a level: 降了多少, 涨了没, 比去年多了几个, 增幅. */
const ASKS_CHANGE = /降了|降低|下降|降多少|升了|上升|涨|增加|增长|增多|减少|多了|少了|变化|同比|环比|比去年|比上年|比前|幅度|增幅|降幅|增速/u;

/** A level of government or of an honour, said as its rank (国家级, 省级) or as 全国: one name per level. */
const LEVELS: [RegExp, string][] = [
  [/国家级|全国/u, '国家级'],
  [/省级/u, '省级'],
  [/市级|地市级/u, '市级'],
  [/县级|区级|县区级/u, '县级'],
  [/镇级|乡级|乡镇级|镇街级/u, '乡镇级'],
];

/** The levels a text names (国家级民主法治示范村 → 国家级). */
export function levelsIn(text: string): string[] {
  return LEVELS.filter(([re]) => re.test(text)).map(([, name]) => name);
}

/** Years (19xx, 20xx) written in a text. */
export function yearsIn(text: string): string[] {
  return text.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu) ?? [];
}

/** A region's levels (青枫市澄湖区 → 青枫市, 澄湖区). */
const LEVEL = /.+?(?:自治区|自治州|自治县|特别行政区|地区|省|市|州|盟|县|区|旗)/gu;

/**
 * The names a question may use for a region: the whole name, each level, and a level without its suffix when
 * two characters remain (青枫市澄湖区 → 青枫市澄湖区, 青枫市, 澄湖区, 青枫, 澄湖).
 */
export function regionNames(region: string): string[] {
  const levels = region.match(LEVEL) ?? [];
  const out = [region, ...levels];
  for (const l of [region, ...levels]) {
    const short = l.replace(/(?:自治区|自治州|自治县|特别行政区|地区|省|市|州|盟|县|区|旗)$/u, '');
    if ([...short].length >= 2) out.push(short);
  }
  return [...new Set(out)];
}

/**
 * Regions and years of the documents, and the `places` the reports never mention. `inText` says whether the
 * reports' text holds a phrase; `yearsInText` are the years written anywhere in it.
 */
export function documentNames(kb: KnowledgeBase, places: readonly string[], inText: (phrase: string) => boolean, yearsInText: Set<string>): DocumentNames {
  const byName = new Map<string, string[]>();
  const above = new Map<string, string>();
  const years = new Map<number, string[]>();
  for (const d of kb.documents) {
    // (Folded as questions are: a report may write its region in traditional characters, 雲嶴區.)
    const r = d.meta.region ? normalizeQuestion(d.meta.region) : '';
    if (r) {
      // 青枫市澄湖区: 青枫市 and 青枫 name the city above the district, not the district's report.
      const levels = r.match(LEVEL) ?? [];
      const upper = new Map<string, string>();
      for (const level of levels.slice(0, -1)) for (const name of regionNames(level)) upper.set(normalize(name), level);
      for (const name of new Set(regionNames(r).map(normalize))) {
        if (upper.has(name)) {
          above.set(name, upper.get(name)!);
          continue;
        }
        const ids = byName.get(name) ?? [];
        ids.push(d.meta.id);
        byName.set(name, ids);
      }
    }
    const list = years.get(d.meta.year) ?? [];
    list.push(d.meta.id);
    years.set(d.meta.year, list);
  }
  const regions = [...byName].sort((x, y) => y[0].length - x[0].length);
  const parents = [...above].filter(([name]) => !byName.has(name)).sort((x, y) => y[0].length - x[0].length);
  const known = [...regions.map(([name]) => name), ...parents.map(([name]) => name)];
  const foreignPlaces = places.filter((p) => !known.some((r) => r.includes(p) || p.includes(r)) && !inText(p));
  const docs = kb.documents.map((d) => ({ id: d.meta.id, region: d.meta.region?.trim() || null, year: d.meta.year }));
  const regionCount = new Set(docs.map((d) => d.region).filter(Boolean)).size;
  return { regions, parents, years, foreignPlaces, yearsInText, docs, regionCount };
}

const members = new WeakMap<readonly (readonly string[])[], Set<string>>();
/** Every synonym group member, computed once per knowledge base. */
function membersOf(groups: readonly (readonly string[])[]): Set<string> {
  let set = members.get(groups);
  if (!set) members.set(groups, (set = new Set(groups.flat())));
  return set;
}

const groupsByTerm = new WeakMap<readonly (readonly string[])[], Map<string, string[]>>();
/** The other members of every two-way group a term belongs to, computed once per knowledge base. */
function synonymsOf(groups: readonly (readonly string[])[], term: string): string[] {
  let map = groupsByTerm.get(groups);
  if (!map) {
    map = new Map();
    for (const g of groups) for (const t of g) map.set(t, [...(map.get(t) ?? []), ...g.filter((o) => o !== t)]);
    groupsByTerm.set(groups, map);
  }
  return map.get(term) ?? [];
}

function spans(positions: Set<number>, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (positions.has(i)) return true;
  return false;
}

/** A one-character verb with its aspect particle right before the amount asked (接了多少, 开过几次). */
const ASKING_VERB = /\p{Script=Han}[了过](?=\s*(?:一共|总共|共)?\s*(?:多少|几))/gu;

/** A one-character verb with its aspect particle (收了, 开了, 改过): how staff say it, no word a quote must hold. */
const VERB_AND_ASPECT = /^\p{Script=Han}[了过着]$/u;

function distinctWords(own: QueryTerm[], phrases: QueryTerm[]): { term: string; alternatives: string[] }[] {
  const out = new Map<string, string[]>();
  for (const t of own) {
    if (!t.word || out.has(t.term) || VERB_AND_ASPECT.test(t.term)) continue;
    const alternatives = [t.term];
    for (const p of phrases) if (p.start < t.end && t.start < p.end) alternatives.push(p.term);
    out.set(t.term, alternatives);
  }
  return [...out].map(([term, alternatives]) => ({ term, alternatives }));
}

/** Blanks a span with spaces so positions stay aligned with the question. */
function blank(text: string, re: RegExp): string {
  return text.replace(re, (m) => ' '.repeat(m.length));
}

/** Only the start of a longer text is read as the question: the work per candidate grows with its length. */
export const MAX_ANALYZED_CHARS = 100;

/**
 * A number the asker already has or guesses (听说有两百多个, 破千了没, 超过90%了吗): it says what kind of figure is
 * asked, and must neither be taken for the figure sought nor drag the ranking. Written in digits it is kept
 * only when some sentence holds it (1234件这个数说的是什么 asks about that very figure).
 */
const DIGIT_NUMBER = /(?:听说|据说|好像|大概|差不多|估计|超过|超|过|破|到|上|不到|接近|将近|快|有)?([0-9]+(?:\.[0-9]+)?)(?:多|来|余|几)?(?:[百千万亿]+)?(?:个|件|人次|人|次|场|家|项|份|名|所|条|%|成)?(?:多|左右|以上|上下)?/gu;
/** Chinese numerals only with 十/百/千/万 and a measure word or 多/来/余 (三审合一, 一网通办 and 十四五 are names). */
const HAN_NUMBER = /(?<!每)(?:听说|据说|好像|大概|差不多|估计|超过|破|过|到|不到|接近|将近|快|有)?(?:[一二两三四五六七八九]+[十百千万]|十)[一二两三四五六七八九十百千万]*(?:多|来|余)?(?:个|件|人次|人|次|场|家|项|份|名|所|条)(?:多|左右|以上|上下)?|[一二两三四五六七八九]*[十百千万][一二两三四五六七八九十百千万]*(?:多|来|余)(?:个|件|人次|人|次|场|家|项|份|名|所|条)?|(?:听说|据说|好像|大概|差不多|估计|接近|将近|快|有)?[一二两三四五六七八九]+[十百千万][一二两三四五六七八九十百千万]*(?:左右|上下|出头)/gu;
/** 过半 / 过一半 / 一半 / 破千 / 上万: shares and thresholds said in words. */
const ROUGH_SHARE = /(?:过|超过|不到|接近|将近)?(?:一半|半数|过半|大半|多半)/gu;
const ROUGH_THRESHOLD = /(?:破|过|上|超)[百千万](?!分)/gu;

/** Broad questions: a section's key sentences answer them (普法这块今年干了啥, 介绍一下营商环境方面的情况). */
const BROAD = /(?:概要|要点|主要内容)(?:是什么|是啥|有哪些)?$|(?:讲|说|写)了(?:啥|什么|哪些)|捋一?[捋下]|理一?理|盘一?盘|盘点一?下|(?:有|都有)(?:哪些|啥)(?:点|重点|东西)|做了什么|做了啥|搞了啥|这块怎么样|方面怎么样|工作怎么样|干了啥|干了什么|搞了哪些|搞了什么|有哪些(?:工作|举措|措施|做法|亮点|成绩|进展)|哪些工作|情况怎么样|情况如何|怎么样了|进展如何|进展怎么样|介绍一下|介绍下|讲讲|说说|(?:整体|总体|大概|简单)?(?:说|讲|汇总|梳理|总结)一?下(?![来去])|给个概览|概览|概况|总体情况|整体情况|大致情况|基本情况|工作情况|成效如何|咋样了|搞得怎么样|做得怎么样|开展得怎么样|有什么进展|有啥进展|有什么亮点|有哪些亮点|主要成绩|亮点有哪些|有啥亮点|亮点是(?:啥|什么)|(?:总体|整体)(?:上)?(?:怎么样|如何|咋样)|(?:干|搞|做|弄|管|抓|推进|落实|开展|执行|推动|实施)得(?:怎么样|如何|咋样|好不好|咋样了)|怎么(?:搞|弄|抓|推进|落实)的|啥情况|什么情况|进展(?:咋样|怎样)|有(?:没有|什么|啥)新?进展|最新进展|都?(?:干|做|搞|弄)了(?:些)?(?:啥|什么|哪些)|(?:成效|效果)(?:怎么样|如何)|有(?:啥|什么|哪些)新?(?:成效|成绩|做法|举措|动作|花样|招|招数|特色|创新|变化|经验)|采取了(?:哪些|什么)|(?:举措|措施|做法|工作|亮点|成绩|成效|进展)(?:有|都有|是)(?:哪些|啥|什么)|(?<![率数量额])情况$/u;
const BROAD_ALL = new RegExp(BROAD.source, 'gu');
/** …怎么样 / …如何 at the end, asking no figure (放管服改革怎么样): how a topic is going, a broad question. */
const HOW_IS_IT = /(?:怎么样|如何|咋样|怎样)[?？。!！\s]*$/u;
/** Nouns that frame a broad question rather than name its topic (工作室, 工作站 and 工作专班 are topics). */
const BROAD_FRAME = /工作(?![室站专组机会队点者人日要])|方面|领域|这块|这一块|那块|一块|情况|总体|整体|亮点/gu;
/** 市里, 区里, 县里 say which level is asked (市直部门, not 区本级): they keep their weight. */
const LEVEL_CHAR = /[省市区县州]/u;
/**
 * Parts of speech that name no topic: pronouns, adverbs, prepositions, particles, place and time words, numerals,
 * measure words (jieba's tags). An idiom-tagged word may be a topic (交通违章).
 */
const LIGHT_TAGS = /^(?:r[a-z]*|d[a-z]*|p|c|u[a-z]*|y|e|o|s|t[a-z]*|f|m[a-z]*|q|z[a-z]*)$/u;

/** How a broad question asks for a field as a whole, or lists several topics. */
const FIELD = /整体|总体|全面|这块|这一块|那块|这方面|这些|这几块|几块|几个方面|汇总|梳理|捋|盘点|盘一?盘|概况|概览|介绍|说说|讲讲|[说讲]一?下(?![来去])|都(?:干|做|搞|弄)了|\p{Script=Han}、\p{Script=Han}/u;

/** Comparisons across one region's yearly reports. */
const COMPARISON = /[比较和跟与同](?:去年|上年|上一年|前年|往年|\d{4}年)|(?:今年|本年)[和跟与比较同]|历年|逐年|每年|这几年|近几年|这两年|近两年|两年来|这三年|近三年|三年来|这些年|近年来|变化|怎么变|变了没|变没变|对比|前后比|趋势|增减|[多少增减涨降升高低]了?(?:多少|几)[次件个项场人家名]?|(?:多|高|增|涨|升|好|大)了?还是(?:少|低|减|降|跌|差|小)了?|是升是降|越来越(?:多|少|好|高|低|快)|一年比一年|逐步(?:增加|减少)|有没有(?:增加|增长|提高|上升|减少|下降)/u;
/** How a comparison asks, beside its topic: blanked, with a 比/跟 left alone once the scope took its year out (跟前年比). */
const COMPARISON_FRAME = new RegExp(`${COMPARISON.source}|[比较和跟与同](?=\\s)|(?<=\\s)(?:相比|比较|比起来|比)|大不大|大吗|怎么样`, 'gu');
/** "What does this number mean" (1234件这个数说的是什么): the sentence holding the number answers, no figure is asked. */
const WHAT_NUMBER = /(?:这个|这一|该|那个)(?:数字|数据|数值|数|比例|比率|比值)|(?:指的|说的|讲的|是指)(?:是)?(?:什么|啥|哪)|是(?:个|指)?(?:什么|啥)(?:比例|比率|比值|率|数|数字|数据|指标|意思)/gu;
const TIME_ASKED = /几月|哪个月|几号|哪天|哪一天|什么时候|啥时候|何时|什么时间|啥时间|哪一年|哪年|统计到|截至到?|截止到?|从哪年|多久|到什么时候|时间(?:是|为)?$/u;

/** What analyzing a question needs besides the question. */
export interface AnalyzeContext {
  names: DocumentNames;
  idf: (term: string) => number;
  known: (term: string) => boolean;
  homeRegion: string | null;
  thesaurus: Thesaurus;
  /** How questions are cut into words (ICU by default). */
  segment?: WordSegmenter;
  /** Parts of speech, to find the question's most specific noun (the key word); without it, the rarest word. */
  tagger?: Tagger;
  /** Whether the reports (titles or text) mention a phrase: a place they never mention is another region. */
  mentioned?: (phrase: string) => boolean;
}

/** Levels, numbers and quantifiers (各县区, 珠三角九市, 地级市): no name. */
const NO_NAME = /^[各全本我该每某一二两三四五六七八九十几多省市州县区镇乡村街道级地]+$|[一二两三四五六七八九十几]/u;
/** Nouns for people (律师, 调解员, 法官, 执法人员, 志愿者). */
const PEOPLE = /(?:员|师|官|者|代表|人员|干部|群众|顾问|专家|(?<![法个私])人|[渔农村居市牧船灾难股]民)$/u;
/** Words for a body, a place or a room (工作室, 站, 中心, 委员会): what is counted when named after people. */
const ORGAN = /室|站|中心|组织|机构|委员会|团|队|所|点|库|窗口|平台/u;
/** A count in 个 that names nothing after it (请了多少个, 五百来个?): what it counts is the question's noun. */
const COUNT_ENDS = /(?:几|多少|[一二两三四五六七八九十百千万\d]+(?:多|来|余)?)个(?=[?？吗了呢啊吧。!！\s]*$|[,，])/u;

/** Whether the last noun of a question names people: no organ or place named after its last people noun. */
function lastNounIsPeople(norm: string, nouns: readonly { term: string }[], things: readonly { term: string }[]): boolean {
  let end = -1;
  for (const w of nouns) {
    if (!PEOPLE.test(w.term)) continue;
    const at = norm.lastIndexOf(w.term);
    if (at >= 0) end = Math.max(end, at + w.term.length);
  }
  if (end < 0) return false;
  const after = norm.slice(end);
  return !ORGAN.test(after) && !things.some((w) => !PEOPLE.test(w.term) && after.includes(w.term));
}

/** The span of the run of nouns around [from, to) (人民|监督员 → 人民监督员): nouns in a row are one thing. */
function nounCompound(tagged: readonly { word: string; tag: string }[], norm: string, from: number, to: number): [number, number] {
  const placed: { start: number; end: number; noun: boolean }[] = [];
  let at = 0;
  for (const { word, tag } of tagged) {
    const start = norm.indexOf(word, at);
    if (start < 0) continue;
    at = start + word.length;
    placed.push({ start, end: at, noun: /^(?:n|nz|nt|j)$/u.test(tag) });
  }
  let i = placed.findIndex((p) => p.start <= from && p.end >= to);
  if (i < 0) return [from, to];
  let j = i;
  while (i > 0 && placed[i - 1]!.noun && placed[i - 1]!.end === placed[i]!.start) i--;
  while (j + 1 < placed.length && placed[j + 1]!.noun && placed[j + 1]!.start === placed[j]!.end) j++;
  return [placed[i]!.start, placed[j]!.end];
}

/** An unknown word starting with an adverb is no name (只算县一级: 只 + 算 + 县). */
const ADVERB_START = /^[只就算都也还仅光才又再共总]/u;
/** Kinds of area, not names (开发区, 示范区, 贫困县, 大城市). */
const AREA_KINDS = new Set([
  '开发', '高新', '示范', '自贸', '保护', '试验', '先行', '核心', '经济', '功能', '老城', '主城', '新城', '城区', '中心',
  '重点', '风景', '旅游', '工业', '产业', '物流', '商业', '居住', '生活', '行政', '直辖', '自治', '城乡', '农村', '贫困',
  '民族', '山区', '湾区', '大湾', '保税', '综合', '改革', '先进', '百强', '产粮', '大城', '城市', '中小', '特大', '超大',
  '县级', '地级', '省级', '市级', '区级', '本地', '外地', '当地', '其他', '周边', '相邻', '邻近',
]);
/** Nouns ending in a level's character that name no region (一百来个社区, 港区, 园区). */
const COMMON_AREA = /(?:社区|小区|园区|景区|辖区|片区|校区|山区|库区|矿区|林区|牧区|街区|营区|灾区|港区|厂区|专区)$/u;
/** Parts of speech of a name: place, person (白石 is tagged a person), other proper noun, unknown (鹿鸣市). */
const NAME_TAG = /^(?:ns|nr|nrt|nz|x)$/u;
const LEVEL_END = /^\p{Script=Han}{2,6}(?:自治县|自治州|自治旗)$|^\p{Script=Han}{2,4}(?:市|县|区)$/u;

/**
 * A place the question names that no report is about or mentions (英德市, 澄湖区, when the reports are 清远市's): the
 * question is about another region, whatever the reports say on its topic. Found as whole words ending in a level
 * whose name part the tagger takes for a name (澄|湖区, 西岭|区, 白石|县, 鹿鸣市), so the gazetteer need not list every
 * county; the reports' regions are already blanked from `norm`. A phrase the reports use is never another region.
 */
function unknownPlace(norm: string, tagger: Tagger | undefined, mentioned: ((phrase: string) => boolean) | undefined): string | null {
  // (Most questions name no level at all: they skip the tagging.)
  if (!tagger || !mentioned || !/\p{Script=Han}{2}(?:市|县|区|州|旗|盟|镇|乡)/u.test(norm)) return null;
  const words = tagger(norm);
  for (let i = 0; i < words.length; i++) {
    // One to three words, ending at a word's end: 澄 + 湖区, 西岭 + 区, 英德市.
    let text = '';
    for (let j = i; j < Math.min(words.length, i + 3); j++) {
      text += words[j]!.word;
      if (!LEVEL_END.test(text)) continue;
      const nameParts = j === i ? [words[i]!] : words.slice(i, j);
      if (!nameParts.every((w) => NAME_TAG.test(w.tag))) continue;
      const stem = text.replace(/(?:自治县|自治州|自治旗|市|县|区)$/u, '');
      if (NO_NAME.test(stem) || AREA_KINDS.has(stem.slice(-2)) || ADVERB_START.test(stem) || COMMON_AREA.test(text)) continue;
      // The whole name: its stem alone may sit inside another name (清城 in 广清城际).
      if (!mentioned(text)) return text;
    }
  }
  return null;
}

export function analyze(question: string, ctx: AnalyzeContext): QueryAnalysis {
  const { names, idf, known, homeRegion, thesaurus } = ctx;
  const clipped = normalize([...question].slice(0, MAX_ANALYZED_CHARS).join(''));
  const form: QuestionForm = COMPARISON.test(clipped) ? 'comparison' : BROAD.test(clipped) || (HOW_IS_IT.test(clipped) && !FIGURE_WORDS.test(clipped)) ? 'broad' : 'specific';
  const timeAsked = TIME_ASKED.test(clipped);
  const resolved = resolveScope(clipped, names, homeRegion, thesaurus.scopeWords);
  // A place no report is about outranks a year with no report (澄湖区去年…, when the reports are 清远市's): the
  // reply names the place.
  const place = resolved.regionDocs ? null : unknownPlace(resolved.norm, ctx.tagger, ctx.mentioned);
  const outOfScope = place ? `the question is about ${place}, which the reports do not cover` : resolved.outOfScope;
  const scope: QueryAnalysis['scope'] = place ? { label: place, documentIds: [], region: place, years: [] } : resolved.scope;
  // What the asker already knows or guesses is blanked after the scope took its years out of it.
  let rough = false;
  let roughMeasure: string | null = null;
  const roughValues: number[] = [];
  const blankRough = (m: string, value = roughValue(m)) => {
    rough = true;
    if (value !== null) roughValues.push(value);
    roughMeasure ??= /(人次|个|件|人|次|场|家|项|份|名|所|条|%|成)(?:多|左右|以上|上下)?$/u.exec(m)?.[1] ?? null;
    return ' '.repeat(m.length);
  };
  const explainsNumber = /(?<!\d)\d{2,}/u.test(resolved.norm) && new RegExp(WHAT_NUMBER.source, 'u').test(resolved.norm);
  const asked = blank(blank(resolved.norm, A_NOT_A), WHAT_NUMBER);
  let share = false;
  let norm = asked
    .replace(ROUGH_SHARE, (m) => {
      share = true;
      // (A half is 50%.)
      return blankRough(m, 50);
    })
    .replace(ROUGH_THRESHOLD, (m) => blankRough(m))
    .replace(HAN_NUMBER, (m) => blankRough(m))
    .replace(DIGIT_NUMBER, (m, digits: string) => (known(digits) ? m : blankRough(m)));
  // (The nouns that frame a broad question frame a comparison too: 调解工作这几年有啥变化 compares 调解.)
  if (form === 'comparison') norm = blank(blank(norm, COMPARISON_FRAME), BROAD_FRAME);
  // How a broad question asks (推进得怎么样, 有哪些做法) and the nouns that frame it (立法工作做了哪些, 普法这块,
  // 营商环境方面) name no topic: left in, they make a long title that happens to say 工作 or 推进 look like it.
  if (form === 'broad') norm = blank(blank(norm, BROAD_ALL), BROAD_FRAME);
  // How a question asks for a time is its form, not its topic (统计到几月, 从哪年开始).
  if (timeAsked) norm = blank(norm, new RegExp(TIME_ASKED.source, 'gu'));
  // How it asks for an amount or a share (多少人次, 百分之几, 有没有) frames it too: never topic words.
  for (const w of thesaurus.questionWords) for (let at = norm.indexOf(w); at >= 0; at = norm.indexOf(w, at + w.length)) norm = norm.slice(0, at) + ' '.repeat(w.length) + norm.slice(at + w.length);

  // …and so does the verb that asks it (接了多少单, 办了几件, 开过几次): how staff say it, not what the quote says.
  // (Only a verb that is a word by itself, or with its 了, by the tagger's cut: the 改 of 整改了多少 is part of 整改.)
  // (The tagger runs only when such a verb may be there: it is the dear part of analysis.)
  if (norm.search(ASKING_VERB) >= 0) {
    const alone = new Set<number>();
    let from = 0;
    for (const { word } of ctx.tagger?.(norm) ?? []) {
      const at = norm.indexOf(word, from);
      if (at < 0) continue;
      if ([...word].length === 1 || VERB_AND_ASPECT.test(word)) alone.add(at);
      from = at + word.length;
    }
    norm = norm.replace(ASKING_VERB, (m, at: number) => (alone.has(at) ? ' '.repeat(m.length) : m));
  }

  const own = tokenizeQuery(norm, ctx.segment);
  const { terms, phrases, applied } = expandSynonyms(norm, own, thesaurus);
  const ownSet = new Set(own.map((t) => t.term));
  const synonymTerms = new Set(terms.map((t) => t.term).filter((t) => !ownSet.has(t)));
  // A position weighs what its least rare covering term weighs: 法治 is common even when 治建 (a bigram across
  // words) never occurs anywhere.
  const weight = new Map<number, number>();
  for (const t of own) {
    if (t.wordOnly) continue;
    const w = idf(t.term);
    for (let i = t.start; i < t.end; i++) weight.set(i, Math.min(weight.get(i) ?? Infinity, w));
  }
  // A thesaurus phrase over words that are otherwise no terms (党的领导: 党, 的, 领导) is content too, weighing what
  // its synonyms' least rare term weighs; without it such a question would have nothing to cover.
  // The question's own term then covers its span as its synonyms do (a title saying 党领导法治建设 holds it).
  const bare: QueryTerm[] = [];
  for (const p of phrases) {
    let w = Infinity;
    for (const t of terms) if (t.synonymOf !== undefined && t.start === p.start && t.end === p.end) w = Math.min(w, idf(t.term));
    if (!Number.isFinite(w)) continue;
    let added = false;
    for (let i = p.start; i < p.end; i++) {
      if (weight.has(i) || norm[i] === ' ') continue;
      weight.set(i, w);
      added = true;
    }
    const member = p.synonymOf!;
    if (added && !bare.some((b) => b.start === p.start && b.term === member)) bare.push({ term: member, start: p.start, end: p.end, synonymOf: member });
  }
  phrases.push(...bare);
  // Chat words the reports never use (那边, 村里, 一共) are rarest of all, so they would weigh most
  // and sink the coverage of the very sentence that answers: they carry no topic and weigh nothing. A noun or a
  // verb of two characters the reports never use keeps its weight: it may be another topic (公租房, 持证).
  const tagged = ctx.tagger?.(norm) ?? null;
  if (tagged) {
    const light: number[] = [];
    let from = 0;
    for (const { word, tag } of tagged) {
      const at = norm.indexOf(word, from);
      if (at < 0) continue;
      from = at + word.length;
      const chars = [...word].length;
      let used = chars >= 2;
      for (let i = 0; i + 2 <= word.length && used; i++) if (!known(word.slice(i, i + 2))) used = false;
      if (!used && LIGHT_TAGS.test(tag) && /^\p{Script=Han}+$/u.test(word) && !LEVEL_CHAR.test(word)) for (let i = at; i < at + word.length; i++) if (weight.has(i)) light.push(i);
    }
    if (light.length < weight.size) for (const i of light) weight.delete(i);
  }
  const content = [...weight.keys()].sort((x, y) => x - y);
  const figureWords = new Set<number>();
  for (const m of norm.matchAll(FIGURE_ASKING)) for (let i = m.index; i < m.index + m[0].length; i++) figureWords.add(i);
  const synonymMembers = membersOf(thesaurus.groups);
  /** Whether the reports use a phrase: every pair of its characters occurs in them. */
  const usedPhrase = (t: string) => [...t].slice(1).every((_, i) => known(t.slice(i, i + 2)));
  const absentWords = own
    .filter((t) => t.word && !synonymMembers.has(t.term) && !spans(figureWords, t.start, t.end) && !VERB_AND_ASPECT.test(t.term))
    .filter((t) => {
      for (let i = 0; i + 2 <= t.term.length; i++) if (!known(t.term.slice(i, i + 2))) return true;
      return false;
    })
    .map((t) => t.term);
  const words = distinctWords(own, phrases);
  // The key word: a noun (or a verbal noun, an abbreviation) the reports use, the rarest such. A word they never
  // use is as likely a paraphrase (保护, 审查) as another topic; a verb is often a paraphrase too (培养 for 培育).
  const candidates: { term: string; alternatives: string[]; parts?: string[] }[] = [];
  const topicWords: QueryAnalysis['topicWords'] = [];
  const absentNouns: string[] = [];
  // The topic nouns that name things, not acts (工作室, not 培育).
  const things: QueryAnalysis['topicWords'] = [];
  const verbTopics: QueryAnalysis['topicWords'] = [];
  const absentSpans: [number, number][] = [];
  if (tagged) {
    for (const { word, tag } of tagged) {
      if (!(/^(?:n|vn|j|l|nz|x|eng)/u.test(tag) || (tag === 'v' && synonymMembers.has(word))) || !/^[\p{Script=Han}]{2,}$/u.test(word) || QUERY_STOP_WORDS.has(word)) continue;
      const at = norm.indexOf(word);
      if (at < 0 || spans(figureWords, at, at + word.length)) continue;
      // (3个人 is three people, not 个人.)
      if (word.startsWith('个') && /[\d一二两三四五六七八九十几多少]$/u.test(norm.slice(0, at))) continue;
      // Its synonyms count too, even one the question also says (员额法官 is held by 法官 in 法官、检察官员额…).
      // (A synonym sharing only a character with it does not stand for it: 案件, for the 案子 of 复议|案子, is no
      // 复议案; 率先, for the 第一个 of 全省|第一个, shares 第一 and does.)
      const within = (p: QueryTerm) => Math.min(p.end, at + word.length) - Math.max(p.start, at) >= Math.min(2, word.length);
      const alternatives = [...new Set([word, ...phrases.filter(within).map((p) => p.term), ...synonymsOf(thesaurus.groups, word)])];
      // A compound the dictionary knows (调解成功率) is also held by its own words apart (调解案件成功率).
      // (Four characters the segmenter left whole are two words: 问题整改 is held by 发现问题…整改到位.)
      const ownParts = own.filter((t) => t.word && t.start >= at && t.end <= at + word.length && t.term !== word).map((t) => t.term);
      // (A word that took the first character of the next one, 复议案|子 for 复议|案子, is held by the rest: 复议.)
      const straddling = word.length >= 3 && phrases.some((p) => p.start === at + word.length - 1 && p.end > at + word.length);
      // (Parts leaving a character out lose what is specific: 法律服务团 is not held by 法律 and 服务.)
      const whole = ownParts.length > 1 && ownParts.join('').length === word.length;
      const parts = whole ? ownParts : /^\p{Script=Han}{4}$/u.test(word) ? [word.slice(0, 2), word.slice(2)] : straddling ? [word.slice(0, -1)] : [];
      const candidate = { term: word, alternatives, ...(parts.length > 1 || straddling ? { parts } : {}) };
      const used = usedPhrase(word);
      // A domain word the tagger reads as a verb (复议, 听证, 上访 for 信访) may name what a figure asked is about; it
      // is no key word.
      if (tag === 'v') {
        if (used || (synonymMembers.has(word) && alternatives.some((t) => t !== word && [...t].length >= 2 && usedPhrase(t)))) verbTopics.push(candidate);
        continue;
      }
      candidates.push(candidate);
      const noun = /^(?:n|nz|nt|j|vn)$/u.test(tag);
      if (!used && noun && !alternatives.some((t) => t !== word && usedPhrase(t))) {
        absentNouns.push(word);
        absentSpans.push(nounCompound(tagged, norm, at, at + word.length));
      }
      if (used && noun && !/[了过着]$/u.test(word)) {
        topicWords.push(candidate);
        if (tag !== 'vn') things.push(candidate);
      }
    }
  } else {
    for (const w of words) {
      const t = own.find((x) => x.term === w.term && x.word);
      if (!t || spans(figureWords, t.start, t.end) || !/^\p{Script=Han}{2,}$/u.test(w.term) || /[了过着的得地吗呢吧啊到]$|^[的了]/u.test(w.term)) continue;
      candidates.push(w);
    }
  }
  let keyWord: QueryAnalysis['keyWord'] = null;
  let keyIdf = -1;
  for (const w of candidates) {
    let rarity = 0;
    let absent = false;
    for (let i = 0; i + 2 <= w.term.length; i++) {
      const b = w.term.slice(i, i + 2);
      if (!known(b)) absent = true;
      rarity = Math.max(rarity, idf(b));
    }
    // A word no report uses, in none of its forms, cannot be held by any quote: the key is the next word. (That it
    // may name another topic is weighed elsewhere: an answer then needs strong evidence.)
    const usedForms = w.alternatives.filter((x) => x !== w.term && [...x].length >= 2 && usedPhrase(x));
    if (absent && usedForms.length === 0) continue;
    // A word said in a form the reports never use (案子) is as specific as the forms they do use (案件).
    if (absent) rarity = Math.max(...usedForms.map((x) => Math.max(...[...x].slice(1).map((_, i) => idf(x.slice(i, i + 2))))));
    if (rarity > keyIdf) {
      keyIdf = rarity;
      keyWord = w;
    }
  }
  const countedWord = countedNounOf(asked, ctx.tagger);
  const counted: QueryAnalysis['counted'] = countedWord
    ? (() => {
        const at = asked.indexOf(countedWord);
        const parts = own.filter((t) => t.word && t.start >= at && t.end <= at + countedWord.length && t.term !== countedWord).map((t) => t.term);
        // A set counts through its members too (多少个镇街 is counted by 85个乡镇).
        const members = thesaurus.collective.filter(([set]) => set === countedWord).flatMap(([, m]) => m);
        return { term: countedWord, alternatives: [...new Set([countedWord, ...synonymsOf(thesaurus.groups, countedWord), ...members])], ...(parts.length > 1 ? { parts } : {}) };
      })()
    : null;
  const rateName = /(\p{Script=Han}{2})率/u.exec(asked.replace(/多少|几|是|的|什么|啥|哪/gu, ' '))?.[0] ?? null;
  const rate = rateName ? [...new Set([rateName, ...synonymsOf(thesaurus.groups, rateName)])] : null;
  const figure = explainsNumber ? null : figureIntentOf(asked, roughMeasure, share, rough, timeAsked);
  const counting = figure !== null && !figure.time;
  // (Only when nothing else names it: 挂牌 in 挂牌的个人调解室有几个 is what was done, not what is counted.)
  if (counting && topicWords.length === 0) topicWords.push(...verbTopics);
  const peopleCount: QueryAnalysis['peopleCount'] =
    counting && counted !== null && PEOPLE.test(counted.term)
      ? 'named'
      : counting && counted === null && figure.units.includes('个') && COUNT_ENDS.test(question) && lastNounIsPeople(norm, [...words, ...topicWords], things)
        ? 'implied'
        : null;
  return {
    question,
    counted,
    rate,
    peopleCount,
    roughValues,
    levels: levelsIn(clipped),
    asksChange: ASKS_CHANGE.test(clipped),
    asksTotal: ASKS_TOTAL.test(clipped),
    asksNew: ASKS_NEW.test(clipped),
    asksNames: ASKS_NAMES.test(clipped),
    quotedNumbers: question.match(/\d+(?:\.\d+)?/gu)?.filter((n) => !/^(?:19|20)\d\d$/u.test(n)) ?? [],
    absentWords,
    absentNouns,
    absentSpans,
    keyWord,
    topicWords,
    countedAbsent: absentCountedNoun(norm, ctx.tagger, known, (t) => synonymMembers.has(t) || synonymsOf(thesaurus.groups, t).length > 0),
    norm,
    terms: [...new Set(terms.filter((t) => !t.wordOnly).map((t) => t.term))],
    synonymTerms,
    units: [...own, ...phrases],
    words,
    content,
    weights: content.map((i) => weight.get(i)!),
    contentChars: content.map((i) => norm[i]!),
    figureWords,
    synonyms: applied,
    figure,
    scope,
    regionDocs: resolved.regionDocs,
    textYears: resolved.textYears,
    form,
    field: form === 'broad' && FIELD.test(clipped),
    outOfScope,
  };
}
