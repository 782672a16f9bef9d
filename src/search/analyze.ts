// Question analysis: terms, synonyms, coverage units, figure intent, and the documents a question names.
import type { KnowledgeBase } from '../knowledge/types.js';
import { expandSynonyms, normalize, tokenizeQuery, type QueryTerm } from './tokenize.js';

/** What kind of figure a question asks for: a unit family, or any figure. */
export interface FigureIntent {
  /** Units that answer the question best, e.g. ['%'] for 率/比例; empty = any figure. */
  units: string[];
  /** The question counts institutions or people (几家, 多少名): only a figure in one of `units` answers it. */
  count: boolean;
}

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
  /** Documents the question names by year and/or region; null when it names none. */
  preferDocs: Set<string> | null;
  /** Set when the question names something the reports cannot answer (a year or place they do not cover). */
  outOfScope: string | null;
  /** Words of the question that no sentence holds (not even through a synonym): evidence it asks about something else. */
  absentWords: string[];
}

const FIGURE_WORDS = /多少|几[个项件次场人家份名所位条]?|比例|比率|比重|百分|占比|率|人次|场次|数量|数目|总数|规模|次数|件数|人数|个数|数据|排名|第几/u;
/** Words that ask for a figure rather than name a topic: covered by a figure of the kind asked. */
const FIGURE_ASKING = /比例|比率|比重|百分比|占比|数量|数目|总数|规模|次数|件数|人数|个数|数据|名次/gu;
/** `A不A` / `A没A` questions (高不高, 有没有, 是不是): the form asks, the word carries no topic. */
const A_NOT_A = /(\p{Script=Han})[不没]\1/gu;

const UNIT_HINTS: [RegExp, string[]][] = [
  [/率|比例|比率|比重|百分|占比|%/u, ['%']],
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
const COUNTED = /(?<!第)(?:几|多少)([个项件次场家份名所位条])/u;
/** Measure words people use loosely (几个案件 for 2215件, 多少条决定 for 177817次): any count answers them. */
const ANY_COUNT = ['个', '项', '件', '份', '条', '次', '人次', '场次', '场', '家', '所'];
const MEASURE_UNITS: Record<string, string[]> = {
  个: ANY_COUNT, 项: ANY_COUNT, 件: ANY_COUNT, 份: ANY_COUNT, 条: ANY_COUNT,
  次: ['次', '人次', '场次', '场'], 场: ['场次', '场', '次'],
  // These count institutions or people: a figure counting something else (174件 of a 公证机构) does not answer.
  家: ['家', '所', '个'], 所: ['家', '所', '个'], 名: ['名', '人', '人次', '位'], 位: ['名', '人', '人次', '位'],
};
const STRICT_MEASURES = new Set(['家', '所', '名', '位']);

function figureIntent(norm: string): FigureIntent | null {
  if (!FIGURE_WORDS.test(norm)) return null;
  // The measure word after 几/多少 decides; the hints below would also match topic words (文件 has 件, 事项 项).
  const counted = COUNTED.exec(norm);
  const units = counted ? MEASURE_UNITS[counted[1]!] : undefined;
  if (units) return { units, count: STRICT_MEASURES.has(counted![1]!) };
  for (const [re, hinted] of UNIT_HINTS) if (re.test(norm)) return { units: hinted, count: false };
  return { units: [], count: false };
}

export interface DocumentNames {
  /** A name a question may use for a region (with and without 市/省/县/区) → its documents; longest names first. */
  regions: [string, string[]][];
  years: Map<number, string[]>;
  /** Places from the gazetteer that no report mentions. */
  foreignPlaces: string[];
  /** Every year written in the reports' text (2020年度 is a fine thing to ask about). */
  yearsInText: Set<string>;
}

/** Years (19xx, 20xx) written in a text. */
export function yearsIn(text: string): string[] {
  return text.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu) ?? [];
}

/**
 * Regions and years of the documents, and the `places` the reports never mention. `inText` says whether the
 * reports' text holds a phrase; `yearsInText` are the years written anywhere in it.
 */
export function documentNames(kb: KnowledgeBase, places: readonly string[], inText: (phrase: string) => boolean, yearsInText: Set<string>): DocumentNames {
  const byName = new Map<string, string[]>();
  const years = new Map<number, string[]>();
  for (const d of kb.documents) {
    const r = d.meta.region?.trim();
    if (r) {
      const short = r.replace(/[市省县区]$/u, '');
      for (const name of new Set([r, short.length >= 2 ? short : r].map(normalize))) {
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
  const regionNames = regions.map(([name]) => name);
  const foreignPlaces = places.filter((p) => !regionNames.some((r) => r.includes(p) || p.includes(r)) && !inText(p));
  return { regions, years, foreignPlaces, yearsInText };
}

const members = new WeakMap<readonly (readonly string[])[], Set<string>>();
/** Every synonym group member, computed once per knowledge base. */
function membersOf(groups: readonly (readonly string[])[]): Set<string> {
  let set = members.get(groups);
  if (!set) members.set(groups, (set = new Set(groups.flat())));
  return set;
}

function spans(positions: Set<number>, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (positions.has(i)) return true;
  return false;
}

function distinctWords(own: QueryTerm[], phrases: QueryTerm[]): { term: string; alternatives: string[] }[] {
  const out = new Map<string, string[]>();
  for (const t of own) {
    if (!t.word || out.has(t.term)) continue;
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
export const MAX_QUESTION_CHARS = 100;

export function analyze(question: string, kb: KnowledgeBase, names: DocumentNames, idf: (term: string) => number, known: (term: string) => boolean): QueryAnalysis {
  let norm = blank(normalize([...question].slice(0, MAX_QUESTION_CHARS).join('')), A_NOT_A);
  let outOfScope: string | null = null;
  let preferDocs = null as Set<string> | null;
  const narrow = (ids: string[]) => {
    const set = new Set(ids);
    preferDocs = preferDocs ? new Set([...preferDocs].filter((id) => set.has(id))) : set;

  };
  // Selector words are blanked (positions kept) so they neither count as content nor form bigrams (2022年调解 → 年调).
  const cut = (from: number, to: number) => {
    norm = norm.slice(0, from) + ' '.repeat(to - from) + norm.slice(to);
  };

  // Years: a year some report is about selects it; a year neither a report nor its text knows is out of scope.
  for (const m of [...norm.matchAll(/(?<!\d)((?:19|20)\d{2})(年度|年)?(?!\d)/gu)]) {
    const year = Number(m[1]);
    const ids = names.years.get(year);
    if (ids) {
      narrow(ids);
      cut(m.index, m.index + m[0].length);
    } else if (names.yearsInText.has(m[1]!)) {
      cut(m.index + m[1]!.length, m.index + m[0].length);
    } else {
      outOfScope = `the question names ${m[1]}, and no report covers that year (reports: ${[...names.years.keys()].sort().join(', ')})`;
    }
  }
  // Regions: a report's region selects it; a known place no report mentions is out of scope.
  const regionHits: string[] = [];
  for (const [name, ids] of names.regions) {
    const at = norm.indexOf(name);
    if (at < 0) continue;
    regionHits.push(...ids);
    // Blanking the longer name first keeps 清远 from matching again inside 清远市.
    cut(at, at + name.length);
  }
  if (regionHits.length > 0) narrow(regionHits);
  // A place no report covers makes the question about that place, unless the question also names a report's
  // region (清远和广州合作的…): then the place is context beside the topic, blanked like the region itself, and
  // the rest of the question decides (the report may name the partner its own way: 广清).
  const foreign = names.foreignPlaces.find((p) => norm.includes(p));
  if (foreign && regionHits.length === 0) outOfScope = `the question is about ${foreign}, which the reports do not cover`;
  else if (foreign) {
    for (const p of names.foreignPlaces) {
      for (let at = norm.indexOf(p); at >= 0; at = norm.indexOf(p, at + p.length)) cut(at, at + p.length);
    }
  }
  if (preferDocs && preferDocs.size === 0 && !outOfScope) outOfScope = 'no report matches both the year and the region the question names';

  const own = tokenizeQuery(norm);
  const { terms, phrases, applied } = expandSynonyms(norm, own, kb.synonyms);
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
  const content = [...weight.keys()].sort((x, y) => x - y);
  const figureWords = new Set<number>();
  for (const m of norm.matchAll(FIGURE_ASKING)) for (let i = m.index; i < m.index + m[0].length; i++) figureWords.add(i);
  const synonymMembers = membersOf(kb.synonyms);
  const absentWords = own
    .filter((t) => t.word && !synonymMembers.has(t.term) && !spans(figureWords, t.start, t.end))
    .filter((t) => {
      for (let i = 0; i + 2 <= t.term.length; i++) if (!known(t.term.slice(i, i + 2))) return true;
      return false;
    })
    .map((t) => t.term);
  return {
    question,
    absentWords,
    norm,
    terms: [...new Set(terms.filter((t) => !t.wordOnly).map((t) => t.term))],
    synonymTerms,
    units: [...own, ...phrases],
    words: distinctWords(own, phrases),
    content,
    weights: content.map((i) => weight.get(i)!),
    contentChars: content.map((i) => norm[i]!),
    figureWords,
    synonyms: applied,
    figure: figureIntent(norm),
    preferDocs,
    outOfScope,
  };
}
