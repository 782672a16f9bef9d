// Ranking: MiniSearch-equivalent retrieval finds candidate sentences, then a re-ranker over the top candidates
// scores how much of the question each one covers (in the sentence itself, or only in its paragraph/section),
// whether it holds a figure of the kind asked, and widens thin sentences into 2–3 sentence windows. Every
// weight is in `SCORING`; composing the reply from the ranking is src/search/compose.ts.
import type { Sentence } from '../knowledge/types.js';
import type { QueryAnalysis } from './analyze.js';
import { FIELD_BOOST, FIELDS, type Entry, type SearchIndex } from './index.js';
import { fieldCount, hitCount } from './postings.js';
import { isPageChrome } from './chrome.js';
import { createRetriever } from './retrieve.js';
import { magnitude, nearness } from './rough-number.js';
import { normalize } from './tokenize.js';

// A quote is never longer than a sentence may be (sentences are split at this length).
import { MAX_QUOTE_CHARS as MAX_QUOTE } from '../knowledge/split-sentences.js';

/**
 * The weights of the ranking and of the answer gate, in one place. Calibrated on the dev sets
 * (eval/questions.jsonl, eval/dev-staff.jsonl, eval/multi-dev.jsonl); `npm run eval -- --threshold N` re-checks
 * the answer threshold.
 */
export const SCORING = {
  /** Sentences retrieved per question, and how many of the best are widened into windows. */
  candidates: 25,
  rerank: 8,
  /** Score = Σ weight × signal. */
  weight: {
    /** Share of the question's content (idf-weighted characters) the quote itself holds. */
    quote: 0.45,
    /** Same, counting the section title at ¾ and the rest of the paragraph at ½. */
    context: 0.35,
    /** The retriever's BM25+ relative to the best candidate. */
    bm25: 0.2,
    /** Single characters of words the quote does not hold (排名 vs 排在): weak evidence. */
    chars: 0.1,
    /** The section title names the question's topic. */
    section: 0.08,
    /** Share of the question's distinct words the quote holds (in any order, through synonyms too). */
    words: 0.06,
  },
  /** When a figure is asked: a figure of the kind asked, any figure, none. */
  figure: { kind: 0.12, any: 0.05, none: -0.05 },
  /** A figure of the kind asked at the question's rough number (是不是五十家左右 → 48家, not 210家次), less the further off. */
  nearRough: 0.05,
  /** A heading alone names a topic and answers nothing. */
  headingOnly: -0.15,
  /** Per extra sentence of a window: longer windows must earn their length. */
  perExtraSentence: -0.02,
  /** A sentence shorter than `thinLength` characters says too little alone and may borrow its neighbours. */
  thin: -0.04,
  thinLength: 24,
  /** A count asked with its measure word (公证机构有几家) and no figure of that kind: confidence × this. */
  countMissing: 0.5,
  /** Confidence at or above which the best quote is an answer. */
  answer: 0.54,
  /** A question naming a noun the reports never use is answered only at this confidence (see engine.ts). */
  absentNoun: 0.65,
  /** Below this the question is not about anything the reports hold: no answer. Between: partial/overview. */
  related: 0.4,
  /** Down to this, a quote holding the question's words as words is still the topic (partial); see engine.ts. */
  topicFloor: 0.1,
  /** A question asking a figure: down to this, a quote holding any of its words is the topic (partial). */
  figureTopicFloor: 0.3,
  /** Share of the question's content a section title must hold to be the topic (overview). */
  sectionTopic: 0.75,
  /** A broad question answered by one sentence gets that sentence's section when the title holds this share of the topic. */
  sectionField: 0.5,
  /** Choosing an overview's section: its title's coverage of the topic minus this per title character. */
  titleLength: 0.005,
  /** A supporting quote must score at least this share of the best one. */
  supportRatio: 0.5,
  /** A partial's further quotes (what else the reports say near the topic) need this share of the best one. */
  partialSupportRatio: 0.6,
  /**
   * Retrieval budget: sentences holding the query terms used, summed (the rarest terms first, at least one).
   * Retrieval costs ~5 µs per hit; the budget keeps a query near 10 ms whatever the corpus size.
   */
  maxPostings: 2000,
  minRetrievalTerms: 1,
  /** Synonym terms are retrieved at this boost relative to the question's own terms. */
  synonymBoost: 0.7,
} as const;

/** The start of an enumerated item inside a paragraph: 一是, 三是, （二）, 2. */
const ITEM_START = /^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d))/u;

/** A quote window: one to three adjacent sentences of a paragraph. */
export interface Window {
  entry: Entry;
  sentences: Sentence[];
  quote: string;
  norm: string;
  /** Normalized text of the window's non-heading sentences: what coverage is measured on. */
  bodyNorm: string;
}

export interface Scored {
  entry: Entry;
  window: Window;
  /** Share of the question's content covered by the quote itself. */
  covQuote: number;
  /** Same, counting terms found only in the paragraph or section title at part weight. */
  covContext: number;
  /** Share of the question's content the section title holds. */
  covSection: number;
  bm: number;
  hasKindFigure: boolean;
  /** A figure written with the unit asked (6期 for 几期), not a share said in words (全覆盖) nor an ordinal (首家). */
  statesKindFigure: boolean;
  hasFigure: boolean;
  score: number;
  confidence: number;
}

export function windowOf(entry: Entry, from: number, to: number): Window {
  const sentences = entry.siblings.slice(from, to + 1);
  const first = sentences[0]!;
  const last = sentences[sentences.length - 1]!;
  const quote = entry.paragraph.text.slice(first.start, last.start + last.text.length);
  // The common case, the candidate sentence alone, reuses the normalization done at build time.
  if (sentences.length === 1 && first === entry.sentence) return { entry, sentences, quote, norm: entry.norm, bodyNorm: first.heading ? '' : entry.norm };
  // A heading restates the section title: its words count as section evidence, not as the quote answering.
  const body = sentences.filter((s) => !s.heading);
  return { entry, sentences, quote, norm: normalize(quote), bodyNorm: normalize(body.map((s) => s.text).join('\n')) };
}

export const singleWindow = (e: Entry): Window => {
  const at = e.siblings.indexOf(e.sentence);
  return windowOf(e, at, at);
};

/** Per question: which units each paragraph's section title (bit 1) and paragraph text (bit 2) hold. */
type ContextCache = Map<string, Uint8Array>;

function contextFlags(a: QueryAnalysis, e: Entry, cache: ContextCache): Uint8Array {
  let flags = cache.get(e.paragraph.id);
  if (!flags) {
    flags = new Uint8Array(a.units.length);
    a.units.forEach((u, k) => {
      flags![k] = (e.sectionNorm.includes(u.term) ? 1 : 0) | (e.contextNorm.includes(u.term) ? 2 : 0);
    });
    cache.set(e.paragraph.id, flags);
  }
  return flags;
}

/**
 * Per-position buffers of `coverage`, reused: a query scores dozens of windows, and fresh arrays for each were
 * most of a query's garbage (young-generation collections land on single queries as multi-millisecond tails).
 * Queries run one at a time (synchronous), so one pair serves them all.
 */
let scratchLevel = new Float64Array(128);
let scratchSection = new Uint8Array(128);
function scratch(length: number): { level: Float64Array; inSection: Uint8Array } {
  if (scratchLevel.length < length) {
    scratchLevel = new Float64Array(length * 2);
    scratchSection = new Uint8Array(length * 2);
  }
  scratchLevel.fill(0, 0, length);
  scratchSection.fill(0, 0, length);
  return { level: scratchLevel, inSection: scratchSection };
}

const NO_COVERAGE = { quote: 0, context: 0, chars: 0, section: 0 };

/**
 * Coverage of the question's content characters, weighted by rarity: a unit found in the quote counts 1, in the
 * section title ¾ (the title states the sentence's topic), elsewhere in the paragraph ½. Figure-asking words
 * count as found when the quote holds a figure of the kind asked.
 */
function coverage(a: QueryAnalysis, text: string, e: Entry, kindFigure: boolean, cache: ContextCache): { quote: number; context: number; chars: number; section: number } {
  if (a.content.length === 0) return NO_COVERAGE;
  const flags = contextFlags(a, e, cache);
  const { level, inSection } = scratch(a.norm.length);
  for (let k = 0; k < a.units.length; k++) {
    const u = a.units[k]!;
    const f = flags[k]!;
    if (f & 1) inSection.fill(1, u.start, u.end);
    const v = text.includes(u.term) ? 1 : f & 1 ? 0.75 : f & 2 ? 0.5 : 0;
    if (v === 0) continue;
    for (let i = u.start; i < u.end; i++) if (level[i]! < v) level[i] = v;
  }
  if (kindFigure) for (const i of a.figureWords) level[i] = 1;
  let q = 0;
  let c = 0;
  let chars = 0;
  let section = 0;
  let total = 0;
  for (let k = 0; k < a.content.length; k++) {
    const i = a.content[k]!;
    const w = a.weights[k]!;
    const v = level[i]!;
    if (v === 1) q += w;
    c += v * w;
    // (The characters are sliced once per question: a Han character sliced here would be a new string per window.)
    if (v === 0 && text.includes(a.contentChars[k]!)) chars += w;
    if (inSection[i]) section += w;
    total += w;
  }
  return total > 0 ? { quote: q / total, context: c / total, chars: chars / total, section: section / total } : NO_COVERAGE;
}

function wordShare(a: QueryAnalysis, text: string): number {
  if (a.words.length === 0) return 0;
  let found = 0;
  for (const w of a.words) if (w.alternatives.some((t) => text.includes(t))) found++;
  return found / a.words.length;
}

/** A time or period a "when / until when" question is answered by: 截至8月, 上半年, 2021年, 自…以来. */
const TIME_EXPRESSION = /截至|截止|\d{1,2}月|\d{4}年|上半年|下半年|前三季度|以来|年底|年初/u;

/** A share said in words: 全覆盖, 全部完成 answer a share question as 100% would. */
const TOTALITY = /全覆盖|全部|均已|均完成|实现全|100%/u;
/** A rank said in words: 首家, 第一, 前列, 率先 answer 第几/排名. */
const ORDINAL = /首家|首个|首批|第[一二三四五六七八九十\d]+|前列|率先|首位|榜首/u;
/** A figure label ending in a body, a facility or a place: what such a figure counts. */
const COUNTS_A_BODY = /(?:中心|工作室|调解室|室|站|所|机构|组织|委员会|委会|协会|平台|窗口|基地|阵地|联系点|服务点|乡镇|街道|社区|村)(?:[(（][^)）]*[)）])?$|[(（][^)）]*(?:乡镇|街道|社区|村|县|区|单位|部门)[)）]$/u;
/** The units that count people. */
const PEOPLE_UNITS = new Set(['名', '人', '人次', '位']);
/** 6.2万人次 counts 人次 and 1.4万件 counts 件: a multiplier does not change what is counted (万元 is money, 元). */
const baseUnit = (unit: string) => unit.replace(/^[十百千万亿]+/u, '');

/** A label ending in a place where something is done (受理点, 网点) or a body (区直部门). */
const PLACE_OR_BODY_LABEL = /(?:受理点|咨询点|网点|站点|点位|代办点|部门|单位)$/u;
/** What follows a figure when it counts places or bodies: 21个区直部门, 117个受理点. */
const PLACE_OR_BODY_AFTER = /^[^，,。；]{0,6}?(?:部门|单位|乡镇|街道|村|社区|受理点|网点|站点|中心|窗口|机构|组织|工作站|工作室|调解室)/u;

/** A figure as the kind test reads it. */
export interface FigureLike {
  unit: string;
  label: string;
  text: string;
  qualifiers?: { change?: string };
}

/**
 * Whether a figure, in the quote it stands in, is of the kind the question asks for: its unit (or the rate its
 * label names), what it counts, and a level rather than a change unless a change is asked.
 */
export function figureOfKind(a: QueryAnalysis, quote: string): (f: FigureLike) => boolean {
  const units = a.figure?.units ?? [];
  // A count of a named thing (多少份法律意见) is a figure that names that thing: 41份 of 审查重大合同 is not.
  const c = a.figure && !a.figure.time ? a.counted : null;
  const rate = a.figure && !a.figure.time ? a.rate : null;
  const namesRate = (f: { unit: string; label: string }) => rate === null || f.unit !== '%' || rate.some((r) => normalize(f.label).includes(r));
  /** The words right after a figure, up to the clause's end: what it counts when its label does not say (85个乡镇). */
  const after = (f: { text: string }) => {
    const at = quote.indexOf(f.text);
    return at < 0 ? '' : quote.slice(at + f.text.length, at + f.text.length + 12).split(/[,,。;;、::]/u)[0]!;
  };
  // (What a figure counts is named before it, in its label, or right after it: 85个乡镇(街道).)
  const counts = (f: { label: string; text: string }) => {
    if (!c) return true;
    // (A label ending in a body or a place counts those: 非诉讼纠纷解决中心10个 counts centres, not 纠纷.)
    const label = COUNTS_A_BODY.test(f.label) && !COUNTS_A_BODY.test(c.term) ? '' : f.label;
    const norm = normalize(`${label}\n${f.text}\n${after(f)}`);
    return c.alternatives.some((t) => norm.includes(t)) || (c.parts !== undefined && c.parts.every((t) => norm.includes(t)));
  };
  // (多少件 counts things done, not the places or bodies doing them: 受理点117个 and 21个区直部门 count no 件.)
  const thingsDone = units[0] === '件';
  const countsThings = (f: { unit: string; label: string; text: string }) => {
    if (!thingsDone || f.unit !== '个') return true;
    return !(COUNTS_A_BODY.test(f.label) || PLACE_OR_BODY_LABEL.test(f.label) || PLACE_OR_BODY_AFTER.test(after(f)));
  };
  // (Counting things, 多少纠纷, is not asking a share: 化解率90% counts nothing.)
  const unitAsked = (f: { unit: string }) => (units.length === 0 ? !(c && f.unit === '%') : units.includes(f.unit) || units.includes(baseUnit(f.unit)));
  // People are counted in 名, 人, 人次, 位, whatever measure word the question used (see QueryAnalysis.peopleCount).
  // (几个律师 counts them in 名: 个 is said of anything.)
  const unitOfKind = (f: { unit: string }) => (a.peopleCount === null ? unitAsked(f) : PEOPLE_UNITS.has(baseUnit(f.unit)) && (a.peopleCount === 'implied' || units.includes('个') || unitAsked(f)));
  // (A change, 同比下降4.3%, is no level: it answers only a question asking how much something changed.)
  const levelOrChangeAsked = (f: { qualifiers?: { change?: string } }) => a.asksChange || f.qualifiers?.change === undefined || /[至到]$/u.test(f.qualifiers.change);
  // (A rate its label names is the rate asked, whatever its unit: 万人起诉率为63.2件.)
  const namedRate = (f: { label: string }) => rate !== null && rate.some((r) => normalize(f.label).includes(r));
  // (累计 is no 新增, and back: 新增全国民主法治示范村2个 is not how many there are in all.)
  // (The word may stand between the label and the number: “法律明白人”累计达到1440名.)
  const totalOrNew = (f: { label: string; text: string }) => {
    const at = quote.indexOf(f.text);
    const said = `${f.label}\n${at < 0 ? '' : quote.slice(Math.max(0, at - 6), at)}`;
    return !(a.asksTotal && !a.asksNew && NEW_ONES.test(said)) && !(a.asksNew && !a.asksTotal && /累计/u.test(said));
  };
  return (f) => (unitOfKind(f) || namedRate(f)) && counts(f) && countsThings(f) && namesRate(f) && levelOrChangeAsked(f) && totalOrNew(f);
}

/** A figure of the year's new ones. */
const NEW_ONES = /新增|新建|新设|新配|新招|新接收|新培育|新命名|新成立/u;

function figureFlags(a: QueryAnalysis, w: Window): { hasFigure: boolean; hasKindFigure: boolean; statesKindFigure: boolean; nearRough: number } {
  if (a.figure?.time) {
    const has = TIME_EXPRESSION.test(w.quote);
    return { hasFigure: has, hasKindFigure: has, statesKindFigure: false, nearRough: 0 };
  }
  const figs = w.sentences.length === 1 || w.entry.doc.figures.length === 0 ? w.entry.figures : windowFigures(a, w);
  const hasFigure = figs.length > 0;
  const ofKind = figureOfKind(a, w.quote);
  const units = a.figure?.units ?? [];
  const rate = a.figure && !a.figure.time ? a.rate : null;
  let hasKindFigure = hasFigure && figs.some(ofKind);
  // (Stated by the sentence itself: a neighbour's figure is only lent when the evidence is strong.)
  const statesKindFigure = units.length > 0 && w.entry.figures.some(ofKind);
  // (全覆盖 is a 覆盖率 of 100%, not a 持证率.)
  if (!hasKindFigure && units.includes('%') && TOTALITY.test(w.quote) && (rate === null || rate.some((r) => w.quote.includes(r.slice(0, -1))))) hasKindFigure = true;
  if (!hasKindFigure && a.figure?.rank && ORDINAL.test(w.quote)) hasKindFigure = true;
  let near = 0;
  if (a.roughValues.length > 0) for (const f of figs) if (ofKind(f)) for (const r of a.roughValues) near = Math.max(near, nearness(magnitude(f.value, f.unit), r));
  return { hasFigure: hasFigure || hasKindFigure, hasKindFigure, statesKindFigure, nearRough: near };
}

/**
 * The figures of a window of several sentences that are about the question: each from a sentence that (with the
 * window's headings and the section title) holds each noun asked. 调解案件成功率97.2% borrows no count from
 * 工作室增至10个 beside it, and a thin sentence's own 1540名 answers no count of the 大讲堂 its neighbour names.
 */
function windowFigures(a: QueryAnalysis, w: Window) {
  // The window's other sentences: their figures live on their own entries, found through the doc's figure list
  // only for multi-sentence windows (rare), so this stays cheap.
  const ids = new Set(w.sentences.map((s) => s.id));
  const others = w.entry.doc.figures.filter((f) => ids.has(f.sentenceId) && f.sentenceId !== w.entry.sentence.id);
  // (With no noun asked, nothing says a neighbour is about the question: it lends nothing.)
  if (a.topicWords.length === 0) return w.entry.figures;
  const figs = w.entry.figures.concat(others);
  const headings = w.sentences.filter((s) => s.heading).map((s) => s.text).join('\n');
  const about = new Map<string, boolean>();
  const isAbout = (id: string) => {
    let ok = about.get(id);
    if (ok === undefined) {
      const text = `${normalize(`${w.sentences.find((s) => s.id === id)?.text ?? ''}\n${headings}`)}\n${w.entry.sectionNorm}`;
      ok = a.topicWords.every((k) => k.alternatives.some((t) => text.includes(t)) || (k.parts !== undefined && k.parts.every((t) => text.includes(t))));
      about.set(id, ok);
    }
    return ok;
  };
  return figs.filter((f) => isAbout(f.sentenceId));
}

/**
 * Share of the question's content (idf-weighted positions) a text holds, through the question's own terms or
 * its synonym phrases: how well a section title names the question's topic.
 */
export function textCoverage(a: QueryAnalysis, text: string): number {
  if (a.content.length === 0) return 0;
  const { level } = scratch(a.norm.length);
  for (const u of a.units) if (text.includes(u.term)) level.fill(1, u.start, u.end);
  let got = 0;
  let total = 0;
  // Words common everywhere (工作, 建设) name no section: only positions at least half as rare as the rarest count.
  let max = 0;
  for (const w of a.weights) max = Math.max(max, w);
  for (let k = 0; k < a.content.length; k++) {
    const w = a.weights[k]!;
    if (a.figureWords.has(a.content[k]!) || w < 0.5 * max) continue;
    if (level[a.content[k]!]) got += w;
    total += w;
  }
  return total > 0 ? got / total : 0;
}

export interface Ranker {
  /** Candidates best first; `accept` (entry position → bool) restricts them to some documents. */
  rank(a: QueryAnalysis, accept?: (entry: number) => boolean): Scored[];
  /** Scores one window (for listings that fall back to a single sentence). */
  score(a: QueryAnalysis, w: Window, bmRel: number): Scored;
  /** Rarity of a term over sentences. */
  idf(term: string): number;
  known(term: string): boolean;
}

export function createRanker(index: SearchIndex): Ranker {
  const n = index.entries.length;
  const retrieve = createRetriever(index.postings);
  // Rarity over sentences (field 0 is the sentence text); a term no sentence holds weighs most.
  const df = (term: string) => fieldCount(index.postings, 0, term);
  const known = (term: string) => df(term) > 0;
  const idf = (term: string) => Math.log(1 + n / (df(term) + 0.5));
  // Page chrome (a date banner, print buttons) is never a candidate; most corpora have none, and pay nothing.
  const chrome = index.entries.map((e) => isPageChrome(e.sentence.text));
  const hasChrome = chrome.some(Boolean);
  const notChrome = (accept?: (entry: number) => boolean) => (hasChrome ? (i: number) => !chrome[i] && (!accept || accept(i)) : accept);

  const caches = new WeakMap<QueryAnalysis, ContextCache>();
  const cacheOf = (a: QueryAnalysis): ContextCache => {
    let c = caches.get(a);
    if (!c) caches.set(a, (c = new Map()));
    return c;
  };

  function score(a: QueryAnalysis, w: Window, bmRel: number): Scored {
    const cache = cacheOf(a);
    const { hasFigure, hasKindFigure, statesKindFigure, nearRough } = figureFlags(a, w);
    const cov = coverage(a, w.bodyNorm, w.entry, a.figure !== null && hasKindFigure, cache);
    const W = SCORING.weight;
    let s = W.quote * cov.quote + W.context * cov.context + W.bm25 * bmRel + W.chars * cov.chars + W.section * cov.section + W.words * wordShare(a, w.bodyNorm);
    if (a.figure) s += hasKindFigure ? SCORING.figure.kind : hasFigure ? SCORING.figure.any : SCORING.figure.none;
    s += SCORING.nearRough * nearRough;
    if (w.sentences.every((x) => x.heading)) s += SCORING.headingOnly;
    s += SCORING.perExtraSentence * (w.sentences.length - 1);
    if (w.quote.length < SCORING.thinLength) s += SCORING.thin;
    // Tried: discounting per word the reports never use (交通 in 城市交通管理); it refused as many good
    // paraphrases (保护, 审查) as bad questions, so absent words are only reported in the explanation.
    // A count asked with its measure word (公证机构有几家) is not answered by a quote that only names the topic.
    const countMissing = a.figure?.count === true && a.figure.units.length > 0 && !hasKindFigure;
    const confidence = Math.min(1, 0.5 * cov.quote + 0.5 * cov.context) * (countMissing ? SCORING.countMissing : 1);
    return { entry: w.entry, window: w, bm: bmRel, covQuote: cov.quote, covContext: cov.context, covSection: cov.section, hasFigure, hasKindFigure, statesKindFigure, score: s, confidence };
  }

  /** Best window around a sentence: the sentence itself, or adjacent sentences when it is a heading or thin. */
  function bestWindow(a: QueryAnalysis, single: Scored): Scored {
    const e = single.entry;
    // Only a heading or a thin sentence borrows its neighbours: gluing full sentences together would let a
    // quote collect the question's words from unrelated statements.
    const thin = e.sentence.heading || e.sentence.text.length < SCORING.thinLength;
    if (!thin) return single;
    // A short sentence that already holds every word asked (and the kind of figure asked) is the whole answer.
    const answersAlone = !e.sentence.heading && single.covQuote >= 0.999 && (!a.figure || single.hasKindFigure);
    if (answersAlone) return single;
    const at = e.siblings.indexOf(e.sentence);
    // A single sentence always fits (sentences are ≤ 200 characters by construction).
    let best: Scored | null = single.window.quote.length > MAX_QUOTE ? null : single;
    const spans: [number, number][] = [[at, at + 1], [at - 1, at], [at - 1, at + 1], [at, at + 2]];
    for (const [from, to] of spans) {
      if (from < 0 || to >= e.siblings.length) continue;
      // (A window never runs into the next heading or item: 三是发挥法律顾问作用 lends its words to no figure before it.)
      if (e.siblings.slice(from + 1, to + 1).some((x) => x.heading || ITEM_START.test(x.text))) continue;
      const w = windowOf(e, from, to);
      if (w.quote.length > MAX_QUOTE) continue;
      const s = score(a, w, single.bm);
      if (!best || s.score > best.score + 1e-9) best = s;
    }
    return best ?? single;
  }

  /**
   * The rarest terms, within a postings budget: retrieval scores every sentence holding any term, so common
   * terms (工作, 建设) would make a query cost grow with the corpus. Dropped terms still count in the re-ranking.
   */
  function retrievalTerms(a: QueryAnalysis): { all: string[]; textOnly: string[] } {
    const cost = (t: string) => hitCount(index.postings, t);
    const byRarity = a.terms.map((t) => ({ t, text: df(t) })).sort((x, y) => x.text - y.text);
    const all: string[] = [];
    const textOnly: string[] = [];
    let postings = 0;
    for (const { t, text } of byRarity) {
      // A term whose section titles would reach past the budget (a section title repeated in every report) is
      // searched in the sentence field only.
      const both = cost(t) <= SCORING.maxPostings;
      const c = both ? cost(t) : text;
      if (all.length + textOnly.length >= SCORING.minRetrievalTerms && postings + c > SCORING.maxPostings) break;
      (both ? all : textOnly).push(t);
      postings += c;
    }
    return { all, textOnly };
  }

  function rank(a: QueryAnalysis, accept?: (entry: number) => boolean): Scored[] {
    if (a.terms.length === 0) return [];
    const { all, textOnly } = retrievalTerms(a);
    const termBoost = (t: string) => (a.synonymTerms.has(t) ? SCORING.synonymBoost : 1);
    const top = retrieve({ all, textOnly, fields: FIELDS, boost: FIELD_BOOST, termBoost, accept: notChrome(accept) }, SCORING.candidates);
    const max = top[0]?.score ?? 1;
    const firstPass = top.map((h) => score(a, singleWindow(index.entries[h.id]!), h.score / max)).sort((x, y) => y.score - x.score);
    const refined = firstPass.slice(0, SCORING.rerank).map((s) => bestWindow(a, s));
    return [...refined, ...firstPass.slice(SCORING.rerank)].sort((x, y) => y.score - x.score);
  }

  return { rank, score, idf, known };
}
