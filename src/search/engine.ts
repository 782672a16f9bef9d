// The answer engine: MiniSearch finds candidate sentences, a small re-ranker over the top candidates scores
// how much of the question each one covers (in the sentence itself, or only in its paragraph/section), and
// the composer cuts a verbatim quote (a sentence, or 2–3 adjacent sentences of one paragraph).
// Refusal is calibrated on coverage: a question whose content words the reports do not hold is refused.
import type { AnswerEngine } from '../ports.js';
import type { KnowledgeBase, Sentence } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import { correctionNotes } from '../knowledge/redact.js';
import { toFigureView } from '../metrics/figure-view.js';
import { figureCategories, findFigures } from '../metrics/find-figures.js';
import type { Citation, FigureView, Reply, Retrieval, SectionSuggestion } from '../reply/model.js';
import { analyze, documentNames, yearsIn, type DocumentNames, type QueryAnalysis } from './analyze.js';
import { buildIndex, FIELD_BOOST, FIELDS, type Entry, type SearchIndex } from './index.js';
import { documentsOf, fieldCount, hitCount } from './postings.js';
import { PLACE_NAMES } from './places.js';
import { createRetriever } from './retrieve.js';
import { normalize, tokenize } from './tokenize.js';

export const MAX_QUOTE = 200;
/**
 * Answers below this confidence are refused. Calibrated on eval/questions.jsonl (210 questions): the answerable
 * ones score ≥ 0.56, the no-answer ones ≤ 0.50 apart from two known misses (交通…, 0.56 and 0.62; see
 * eval/README.md); `npm run eval -- --threshold N` to re-check.
 */
export const DEFAULT_THRESHOLD = 0.54;
const CANDIDATES = 25;
const RERANK = 8;
/** A supporting quote must score at least this share of the best one. */
const SUPPORT_RATIO = 0.75;
/**
 * Retrieval budget: sentences holding the query terms used, summed (the rarest terms first, at least one).
 * MiniSearch costs ~5 µs per hit; the budget keeps a query near 10 ms whatever the corpus size.
 */
const MAX_POSTINGS = 2000;
const MIN_RETRIEVAL_TERMS = 1;
/** A sentence shorter than this (characters) may be quoted with its neighbours. */
const THIN_SENTENCE = 24;

export interface EngineOptions {
  /** A prebuilt (already version-checked) index; built in memory when absent. */
  index?: SearchIndex;
  threshold?: number;
}

export interface SearchEngine extends AnswerEngine {
  readonly index: SearchIndex;
  readonly threshold: number;
}

type AskReply = Extract<Reply, { kind: 'answer' | 'no_answer' }>;

/** A quote window: one to three adjacent sentences of a paragraph. */
interface Window {
  entry: Entry;
  sentences: Sentence[];
  quote: string;
  norm: string;
  /** Normalized text of the window's non-heading sentences: what coverage is measured on. */
  bodyNorm: string;
}

interface Scored {
  entry: Entry;
  window: Window;
  /** Share of the question's content covered by the quote itself. */
  covQuote: number;
  /** Same, counting terms found only in the paragraph or section title at half weight. */
  covContext: number;
  bm: number;
  hasKindFigure: boolean;
  hasFigure: boolean;
  score: number;
  confidence: number;
}

// Kept for importers of the search module; the one definition lives with the knowledge integrity code.
export { REDACTED_TERM } from '../knowledge/redact.js';


function windowOf(entry: Entry, from: number, to: number): Window {
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

/**
 * Coverage of the question's content characters, weighted by rarity: a unit found in the quote counts 1, in the
 * section title ¾ (the title states the sentence's topic), elsewhere in the paragraph ½. Figure-asking words
 * count as found when the quote holds a figure of the kind asked.
 */
function coverage(a: QueryAnalysis, text: string, e: Entry, kindFigure: boolean, cache: ContextCache): { quote: number; context: number; chars: number; section: number } {
  if (a.content.length === 0) return { quote: 0, context: 0, chars: 0, section: 0 };
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
    // Single characters of words the quote does not hold (排名 vs 排在): weak evidence, for ranking only.
    // (The characters are sliced once per question: a Han character sliced here would be a new string per window.)
    if (v === 0 && text.includes(a.contentChars[k]!)) chars += w;
    if (inSection[i]) section += w;
    total += w;
  }
  return total > 0 ? { quote: q / total, context: c / total, chars: chars / total, section: section / total } : { quote: 0, context: 0, chars: 0, section: 0 };
}

/** Weight of the share of the question's distinct words the quote holds (in any order, through synonyms too). */
const WORD_SHARE = 0.06;

function wordShare(a: QueryAnalysis, text: string): number {
  if (a.words.length === 0) return 0;
  let found = 0;
  for (const w of a.words) if (w.alternatives.some((t) => text.includes(t))) found++;
  return found / a.words.length;
}

function figureFlags(a: QueryAnalysis, w: Window): { hasFigure: boolean; hasKindFigure: boolean } {
  const figs = w.sentences.length === 1 || w.entry.doc.figures.length === 0 ? w.entry.figures : w.entry.figures.concat(siblingFigures(w, new Set(w.sentences.map((s) => s.id))));
  const hasFigure = figs.length > 0;
  const units = a.figure?.units ?? [];
  const hasKindFigure = hasFigure && (units.length === 0 || figs.some((f) => units.includes(f.unit)));
  return { hasFigure, hasKindFigure };
}

function siblingFigures(w: Window, ids: Set<string>) {
  // The window's other sentences: their figures live on their own entries, found through the doc's figure list
  // only for multi-sentence windows (rare), so this stays cheap.
  if (w.sentences.length === 1) return [];
  return w.entry.doc.figures.filter((f) => ids.has(f.sentenceId) && f.sentenceId !== w.entry.sentence.id);
}

/**
 * Whether the reports (their normalized `titles`, and their sentences) hold `phrase`: checked in the sentences
 * holding its rarest term only, so start-up does not scan the whole text once per place name (a quarter of a
 * second at 90k sentences).
 */
function inReports(index: SearchIndex, titles: string, phrase: string): boolean {
  const norm = normalize(phrase);
  if (titles.includes(norm)) return true;
  const terms = tokenize(norm);
  if (terms.length === 0) return false;
  let rarest = terms[0]!;
  for (const t of terms) if (fieldCount(index.postings, 0, t) < fieldCount(index.postings, 0, rarest)) rarest = t;
  for (const doc of documentsOf(index.postings, 0, rarest)) if (index.entries[doc]!.norm.includes(norm)) return true;
  return false;
}

/** Years written in the reports: in their titles, or within a term of their sentences (numbers are terms). */
function yearsInReports(index: SearchIndex, titles: string): Set<string> {
  const years = new Set<string>(yearsIn(titles));
  for (const t of index.postings.terms) if (/\d{4}/u.test(t) && fieldCount(index.postings, 0, t) > 0) for (const y of yearsIn(t)) years.add(y);
  return years;
}

export function createAnswerEngine(kb: KnowledgeBase, opts: EngineOptions = {}): SearchEngine {
  const index = opts.index ?? buildIndex(kb);
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const titles = normalize(kb.documents.map((d) => d.meta.title).join('\n'));
  const names: DocumentNames = documentNames(kb, PLACE_NAMES, (phrase) => inReports(index, titles, phrase), yearsInReports(index, titles));
  const injected = [...new Set(kb.documents.flatMap((d) => d.integrity.filter((i) => i.resolution === 'corrected').map((i) => normalize(i.term))))];
  const n = index.entries.length;
  const retrieve = createRetriever(index.postings);
  // Rarity over sentences (field 0 is the sentence text); a term no sentence holds weighs most.
  const df = (term: string) => fieldCount(index.postings, 0, term);
  const known = (term: string) => df(term) > 0;
  const idf = (term: string) => Math.log(1 + n / (df(term) + 0.5));

  const caches = new WeakMap<QueryAnalysis, ContextCache>();
  const cacheOf = (a: QueryAnalysis): ContextCache => {
    let c = caches.get(a);
    if (!c) caches.set(a, (c = new Map()));
    return c;
  };

  function score(a: QueryAnalysis, w: Window, bmRel: number): Scored {
    const cache = cacheOf(a);
    const { hasFigure, hasKindFigure } = figureFlags(a, w);
    const cov = coverage(a, w.bodyNorm, w.entry, a.figure !== null && hasKindFigure, cache);
    // The section title naming the question's topic marks the sentence as being about it (a tie-breaker).
    let s = 0.45 * cov.quote + 0.35 * cov.context + 0.2 * bmRel + 0.1 * cov.chars + 0.08 * cov.section + WORD_SHARE * wordShare(a, w.bodyNorm);
    if (a.figure) s += hasKindFigure ? 0.12 : hasFigure ? 0.05 : -0.05;
    // A heading alone names a topic; it answers nothing.
    if (w.sentences.every((x) => x.heading)) s -= 0.15;
    // Longer windows must earn their length; a thin sentence alone (召开全市立法工作会议。) says too little.
    s -= 0.02 * (w.sentences.length - 1);
    if (w.quote.length < THIN_SENTENCE) s -= 0.04;
    if (a.preferDocs && !a.preferDocs.has(w.entry.doc.meta.id)) s *= 0.5;
    // Tried: discounting per word the reports never use (交通 in 城市交通管理); it refused as many good
    // paraphrases (保护, 审查) as bad questions, so absent words are only reported in the explanation.
    // A count asked with its measure word (公证机构有几家) is not answered by a quote that only names the topic:
    // the figure is what was asked, and the quote has none of that kind.
    const countMissing = a.figure?.count === true && a.figure.units.length > 0 && !hasKindFigure;
    const confidence = Math.min(1, 0.5 * cov.quote + 0.5 * cov.context) * (countMissing ? 0.5 : 1);
    return { entry: w.entry, window: w, bm: bmRel, covQuote: cov.quote, covContext: cov.context, hasFigure, hasKindFigure, score: s, confidence };
  }

  /**
   * Best window around a sentence: the sentence (already scored in the first pass), or adjacent sentences when
   * it is a heading or thin.
   */
  function bestWindow(a: QueryAnalysis, single: Scored): Scored {
    const e = single.entry;
    // Only a heading or a thin sentence borrows its neighbours: gluing full sentences together would let a
    // quote collect the question's words from unrelated statements.
    const thin = e.sentence.heading || e.sentence.text.length < THIN_SENTENCE;
    if (!thin) return single;
    // A short sentence that already holds every word asked (and the kind of figure asked) is the whole answer:
    // a neighbour would only dilute the quote.
    const answersAlone = !e.sentence.heading && single.covQuote >= 0.999 && (!a.figure || single.hasKindFigure);
    if (answersAlone) return single;
    const at = e.siblings.indexOf(e.sentence);
    // A single sentence always fits (sentences are ≤ 200 characters by construction).
    let best: Scored | null = single.window.quote.length > MAX_QUOTE ? null : single;
    const spans: [number, number][] = [[at, at + 1], [at - 1, at], [at - 1, at + 1], [at, at + 2]];
    for (const [from, to] of spans) {
      if (from < 0 || to >= e.siblings.length) continue;
      const w = windowOf(e, from, to);
      if (w.quote.length > MAX_QUOTE) continue;
      const s = score(a, w, single.bm);
      if (!best || s.score > best.score + 1e-9) best = s;
    }
    return best ?? single;
  }

  /**
   * The rarest terms, within a postings budget: MiniSearch scores every sentence holding any term, so common
   * terms (工作, 建设) would make a query cost grow with the corpus. Dropped terms still count in the re-ranking.
   */
  function retrievalTerms(a: QueryAnalysis): { all: string[]; textOnly: string[] } {
    // Cost: sentences reached through the sentence field, or through any field for a term searched in both.
    const cost = (t: string) => hitCount(index.postings, t);
    const byRarity = a.terms.map((t) => ({ t, text: df(t) })).sort((x, y) => x.text - y.text);
    const all: string[] = [];
    const textOnly: string[] = [];
    let postings = 0;
    for (const { t, text } of byRarity) {
      // A term whose section titles would reach past the budget (a section title repeated in every report) is
      // searched in the sentence field only.
      const both = cost(t) <= MAX_POSTINGS;
      const c = both ? cost(t) : text;
      if (all.length + textOnly.length >= MIN_RETRIEVAL_TERMS && postings + c > MAX_POSTINGS) break;
      (both ? all : textOnly).push(t);
      postings += c;
    }
    return { all, textOnly };
  }

  function rank(a: QueryAnalysis): Scored[] {
    if (a.terms.length === 0) return [];
    const { all, textOnly } = retrievalTerms(a);
    const top = retrieve({ all, textOnly, fields: FIELDS, boost: FIELD_BOOST, termBoost: (t) => (a.synonymTerms.has(t) ? 0.7 : 1) }, CANDIDATES);
    const max = top[0]?.score ?? 1;
    const firstPass = top
      .map((h) => {
        const e = index.entries[h.id as number]!;
        const at = e.siblings.indexOf(e.sentence);
        return score(a, windowOf(e, at, at), h.score / max);
      })
      .sort((x, y) => y.score - x.score);
    const refined = firstPass.slice(0, RERANK).map((s) => bestWindow(a, s));
    return [...refined, ...firstPass.slice(RERANK)].sort((x, y) => y.score - x.score);
  }

  function highlights(a: QueryAnalysis, quote: string, quoteNorm: string): string[] {
    const found = a.units.filter((u) => quoteNorm.includes(u.term));
    // Merge contiguous question spans whose joined text also occurs in the quote (调解+成功率 stays apart when
    // the quote says 调解案件成功率).
    const spans = found.filter((u) => !u.synonymOf).map((u) => [u.start, u.end] as [number, number]).sort((x, y) => x[0] - y[0]);
    const merged: string[] = [];
    let cur: [number, number] | null = null;
    for (const sp of spans) {
      if (cur && sp[0] <= cur[1] && quoteNorm.includes(a.norm.slice(cur[0], Math.max(cur[1], sp[1])))) cur = [cur[0], Math.max(cur[1], sp[1])];
      else {
        if (cur) merged.push(a.norm.slice(cur[0], cur[1]));
        cur = [sp[0], sp[1]];
      }
    }
    if (cur) merged.push(a.norm.slice(cur[0], cur[1]));
    for (const u of found) if (u.synonymOf) merged.push(u.term);
    const sameLength = quoteNorm.length === quote.length;
    const out = new Set<string>();
    for (const h of merged) {
      const i = quoteNorm.indexOf(h);
      if (i < 0) continue;
      out.add(sameLength ? quote.slice(i, i + h.length) : h);
    }
    const list = [...out].filter((h) => quote.includes(h)).sort((x, y) => y.length - x.length);
    return list.filter((h, i) => !list.slice(0, i).some((longer) => longer.includes(h)));
  }

  function citationOf(a: QueryAnalysis, s: Scored): Citation {
    const { entry: e, window: w } = s;
    const corrected = w.sentences.some((x) => x.corrected);
    return {
      quote: w.quote,
      section: e.section.path,
      sectionId: e.section.id,
      paragraphId: e.paragraph.id,
      sentenceIds: w.sentences.map((x) => x.id),
      document: toDocumentRef(e.doc.meta),
      score: Math.round(s.score * 1000) / 1000,
      corrected,
      corrections: corrected ? correctionNotes(e.paragraph.corrections) : [],
      highlights: highlights(a, w.quote, w.norm),
      context: e.paragraph.text,
    };
  }

  function figuresOf(a: QueryAnalysis, picked: Scored[]): FigureView[] {
    const out: FigureView[] = [];
    const units = a.figure?.units ?? [];
    for (const s of picked) {
      const ids = new Set(s.window.sentences.map((x) => x.id));
      const figs = s.entry.doc.figures.filter((f) => ids.has(f.sentenceId));
      const ordered = units.length > 0 ? [...figs.filter((f) => units.includes(f.unit)), ...figs.filter((f) => !units.includes(f.unit))] : figs;
      for (const f of ordered) out.push(toFigureView(s.entry.doc, f));
    }
    return out;
  }

  function pick(ranked: Scored[], limit: number, minScore: number): Scored[] {
    const picked: Scored[] = [];
    const paragraphs = new Set<string>();
    for (const s of ranked) {
      if (picked.length >= limit) break;
      if (s.score < minScore || paragraphs.has(s.entry.paragraph.id)) continue;
      picked.push(s);
      paragraphs.add(s.entry.paragraph.id);
    }
    return picked;
  }

  function suggestions(a: QueryAnalysis, ranked: Scored[]): SectionSuggestion[] {
    const seen = new Set<string>();
    const out: SectionSuggestion[] = [];
    const add = (e: { section: { id: string; path: string }; doc: Entry['doc'] }) => {
      if (seen.has(e.section.id) || out.length >= 3) return;
      seen.add(e.section.id);
      out.push({ section: e.section.path, sectionId: e.section.id, document: toDocumentRef(e.doc.meta) });
    };
    for (const s of ranked) if (s.covQuote > 0 || s.covContext > 0) add(s.entry);
    if (out.length === 0) {
      // Nothing near: the top-level topics of the first documents (bounded, whatever the corpus size).
      for (const doc of kb.documents) {
        if (out.length >= 3) break;
        if (a.preferDocs && !a.preferDocs.has(doc.meta.id)) continue;
        for (const section of doc.sections) if (section.depth === 1) add({ section, doc });
      }
    }
    return out;
  }

  function retrievalOf(a: QueryAnalysis, ranked: Scored[], top: number, reason: string): Retrieval {
    return {
      // A question may repeat an injected term; the explanation never does.
      tokens: a.terms.filter((t) => !a.synonymTerms.has(t) && !injected.some((term) => t.includes(term))),
      synonyms: a.synonyms,
      topScore: Math.round(top * 1000) / 1000,
      threshold,
      reason,
      candidates: ranked.slice(0, 5).map((s) => ({ sentenceId: s.entry.sentence.id, text: s.window.quote, section: s.entry.section.path, score: Math.round(s.score * 1000) / 1000 })),
    };
  }

  function ask(question: string, o: { explain?: boolean } = {}): AskReply {
    const a = analyze(question, kb, names, idf, known);
    const all = rank(a);
    const ranked = a.outOfScope ? [] : all;
    const best = ranked[0];
    const top = best?.confidence ?? 0;
    if (!best || a.outOfScope || top < threshold) {
      const shown = a.absentWords.filter((w) => !injected.some((term) => w.includes(term)));
      const absent = shown.length > 0 ? `; words the reports never use: ${shown.join(', ')}` : '';
      const reason =
        a.outOfScope ??
        (a.terms.length === 0 ? 'the question has no searchable words' : !best ? `no sentence shares a word with the question${absent}` : `best confidence ${top.toFixed(2)} is below the threshold ${threshold}${absent}`);
      const reply: AskReply = { kind: 'no_answer', question, suggestions: suggestions(a, all) };
      if (o.explain) reply.retrieval = retrievalOf(a, ranked, top, reason);
      return reply;
    }
    // Supporting quotes: other paragraphs that answer nearly as well on their own.
    const others = ranked.filter((s) => s.entry.paragraph.id !== best.entry.paragraph.id && s.confidence >= threshold);
    const support = pick(others, 2, best.score * SUPPORT_RATIO);
    const picked = [best, ...support];
    const reply: AskReply = {
      kind: 'answer',
      question,
      citations: picked.map((s) => citationOf(a, s)),
      figures: figuresOf(a, picked),
      confidence: Math.round(top * 1000) / 1000,
    };
    if (o.explain) reply.retrieval = retrievalOf(a, ranked, top, `best confidence ${top.toFixed(2)} ≥ threshold ${threshold}`);
    return reply;
  }

  function search(query: string, limit = 5): Citation[] {
    const a = analyze(query, kb, names, idf, known);
    const ranked = rank(a).filter((s) => s.covQuote > 0);
    // A listing, not an answer: several sentences of one paragraph may appear, but never the same sentence twice.
    const picked: Scored[] = [];
    const used = new Set<string>();
    for (const s of ranked) {
      if (picked.length >= limit) break;
      let c = s;
      // A window overlapping one already listed falls back to its own sentence.
      if (s.window.sentences.some((x) => used.has(x.id))) {
        if (used.has(s.entry.sentence.id)) continue;
        const at = s.entry.siblings.indexOf(s.entry.sentence);
        const w = windowOf(s.entry, at, at);
        c = score(a, w, s.bm);
      }
      picked.push(c);
      for (const x of c.window.sentences) used.add(x.id);
    }
    return picked.sort((x, y) => y.score - x.score).map((s) => citationOf(a, s));
  }

  return {
    kb,
    index,
    threshold,
    ask,
    search,
    metrics: (keyword: string) => findFigures(kb, keyword),
    metricCategories: () => figureCategories(kb),
  };
}
