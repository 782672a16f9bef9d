// Composing a reply from the ranking: citations (verbatim quotes with their section and document, highlights,
// correction notes), the figures in them, supporting quotes, overviews of a section, what a partial answer
// lacks, and the nearest sections when nothing answers. The decision between the grades is in engine.ts.
import { isPageChrome } from './chrome.js';
import { correctionNotes } from '../knowledge/redact.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import { toFigureView } from '../figures/figure-view.js';
import type { Citation, FigureView, Missing, SectionSuggestion } from '../reply/model.js';
import type { QueryAnalysis } from './analyze.js';
import type { Entry } from './index.js';
import { figureOfKind, SCORING, singleWindow, textCoverage, type Ranker, type Scored } from './rank.js';
import { normalize } from './tokenize.js';
import type { Section } from '../knowledge/types.js';

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
  const list = [...out].filter((h) => h.trim().length > 0 && quote.includes(h)).sort((x, y) => y.length - x.length);
  return list.filter((h, i) => !list.slice(0, i).some((longer) => longer.includes(h)));
}

export function citationOf(a: QueryAnalysis, s: Scored): Citation {
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

/** The figures in the picked quotes; those of the kind asked first. */
export function figuresOf(a: QueryAnalysis, picked: Scored[]): FigureView[] {
  const out: FigureView[] = [];
  for (const s of picked) {
    const ids = new Set(s.window.sentences.map((x) => x.id));
    const figs = s.entry.doc.figures.filter((f) => ids.has(f.sentenceId));
    // The figures of the kind asked first (63.2件 of a 万人起诉率, not the 同比下降9.4% beside it).
    const ofKind = a.figure && !a.figure.time ? figureOfKind(a, s.window.quote) : null;
    const ordered = ofKind ? [...figs.filter(ofKind), ...figs.filter((f) => !ofKind(f))] : figs;
    for (const f of ordered) out.push(toFigureView(s.entry.doc, f));
  }
  return out;
}

/**
 * Up to `limit` more quotes after `shown`, best first, each scoring at least `minScore`, none repeating a sentence
 * already quoted. A candidate whose window runs into a quoted sentence is quoted as its own sentence alone: a
 * paragraph often states the topic in one sentence and the figure in the next.
 */
export function pick(ranked: readonly Scored[], limit: number, minScore: number, shown: readonly Scored[] = []): Scored[] {
  const picked: Scored[] = [];
  const quoted = new Set<string>(shown.flatMap((s) => s.window.sentences.map((x) => x.id)));
  for (const candidate of ranked) {
    if (picked.length >= limit) break;
    if (candidate.score < minScore || quoted.has(candidate.entry.sentence.id) || candidate.entry.sentence.heading) continue;
    const s = candidate.window.sentences.some((x) => quoted.has(x.id)) ? { ...candidate, window: singleWindow(candidate.entry) } : candidate;
    picked.push(s);
    for (const x of s.window.sentences) quoted.add(x.id);
  }
  return picked;
}

/** The nearest sections: those of the candidates that share something with the question, else top-level topics. */
export function suggestions(kb: KnowledgeBase, ranked: Scored[], allowDoc?: (docId: string) => boolean): SectionSuggestion[] {
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
      if (allowDoc && !allowDoc(doc.meta.id)) continue;
      for (const section of doc.sections) if (section.depth === 1) add({ section, doc });
    }
  }
  return out;
}

/** How an overview finds its section and its sentences: the knowledge's sections and the entries under each. */
export interface SectionTree {
  section(id: string): Section | undefined;
  /** Entries of a section and of every section below it, in document order. */
  entriesUnder(id: string): readonly Entry[];
}

/**
 * The section a broad question is about: among the sections of the candidates and their ancestors, the one whose
 * title names most of the question's topic, discounted by the title's length (then the higher section).
 * When no title names the topic at all, the best candidate's own section.
 */
/** A report's own account of its main work (一、主要举措和成效), as yearly reports on 法治政府建设 are laid out. */
const MAIN_WORK = /主要(?:工作|举措|做法|成效|成绩)|工作举措|举措和成效|工作成效|取得的成效/u;

export function overviewSection(a: QueryAnalysis, ranked: readonly Scored[], tree: SectionTree): { section: Section; coverage: number } {
  const best = ranked[0]!;
  // A broad question about the report's own subject (西岭区法治政府建设主要做了啥, of a 法治政府建设年度报告) is
  // about all its work: the section giving the main work answers it, not the first sub-section naming the subject.
  if (a.form === 'broad' && textCoverage(a, normalize(best.entry.doc.meta.title)) >= 0.999) {
    const main = best.entry.doc.sections.find((s) => s.depth === 1 && MAIN_WORK.test(s.title));
    if (main) return { section: main, coverage: 1 };
  }
  // A long title (a top-level slogan listing every topic: 立法、执法、司法、普法和依法治理…) names many things; a
  // short one naming the topic is about it. Per character of title, a small discount.
  const value = (c: number, sec: Section) => c - SCORING.titleLength * [...sec.title].length;
  let chosen: { section: Section; coverage: number } = { section: best.entry.section, coverage: textCoverage(a, normalize(best.entry.section.title)) };
  const seen = new Set<string>();
  for (const s of ranked.slice(0, 12)) {
    for (let sec: Section | undefined = s.entry.section; sec; sec = sec.parentId ? tree.section(sec.parentId) : undefined) {
      if (seen.has(sec.id)) continue;
      seen.add(sec.id);
      if (sec.depth === 0) continue;
      const c = textCoverage(a, normalize(sec.title));
      const v = value(c, sec);
      const w = value(chosen.coverage, chosen.section);
      if (c > 0 && (v > w + 1e-9 || (Math.abs(v - w) <= 1e-9 && sec.depth < chosen.section.depth))) chosen = { section: sec, coverage: c };
    }
  }
  // A broad question names a field (执法这块干了啥): when the section above names it as fully and is not a list of
  // fields (立法、执法、司法…), the whole field is asked, not the one sub-section (加强执法队伍建设) under it.
  if (a.form === 'broad') {
    for (let up = chosen.section.parentId ? tree.section(chosen.section.parentId) : undefined; up && up.depth > 0; up = up.parentId ? tree.section(up.parentId) : undefined) {
      if (/[、,,]/u.test(up.title) || textCoverage(a, normalize(up.title)) < chosen.coverage - 1e-9) break;
      chosen = { section: up, coverage: chosen.coverage };
    }
  }
  return chosen;
}

/** Key sentences an overview quotes, at most this many. */
export const OVERVIEW_SENTENCES = 4;

/**
 * An overview of a section for a broad question: its body sentences (and those of its sub-sections) that share
 * most with the question, best first (the report's order among equals), and every figure under the section.
 */
export function overviewOf(a: QueryAnalysis, section: Section, tree: SectionTree, ranker: Ranker): { picked: Scored[]; figures: FigureView[]; section: SectionSuggestion } {
  const under = tree.entriesUnder(section.id);
  const body = under.filter((x) => !x.sentence.heading && x.sentence.text.length >= 8 && !isPageChrome(x.sentence.text));
  const scored = body.map((x, order) => ({ s: ranker.score(a, singleWindow(x), 0), order }));
  scored.sort((x, y) => y.s.score - x.s.score || x.order - y.order);
  const picked = scored.slice(0, OVERVIEW_SENTENCES).map((x) => x.s);
  const doc = (under[0] ?? ranked0(picked))?.doc;
  const ids = new Set(under.map((x) => x.sentence.id));
  const figures = doc ? doc.figures.filter((f) => ids.has(f.sentenceId)).map((f) => toFigureView(doc, f)) : [];
  return { picked, figures, section: { section: section.path, sectionId: section.id, document: toDocumentRef(doc!.meta) } };
}

const ranked0 = (picked: Scored[]) => picked[0]?.entry;

/** What the question asks about, in its own words (the spans of its content terms), for "报告提到了…". */
export function topicOf(a: QueryAnalysis, injected: readonly string[] = []): string {
  const spans = a.units.filter((u) => !u.synonymOf).map((u) => [u.start, u.end] as [number, number]).sort((x, y) => x[0] - y[0]);
  const parts: string[] = [];
  let cur: [number, number] | null = null;
  for (const sp of spans) {
    if (cur && sp[0] <= cur[1]) cur[1] = Math.max(cur[1], sp[1]);
    else {
      if (cur) parts.push(a.norm.slice(cur[0], cur[1]));
      cur = [sp[0], sp[1]];
    }
  }
  if (cur) parts.push(a.norm.slice(cur[0], cur[1]));
  // The question may repeat an injected term; what the reply says never does.
  const topic = [...new Set(parts.map((p) => p.trim()).filter((p) => p && !injected.some((t) => p.includes(t))))].join('、');
  return [...topic].length > 30 ? `${[...topic].slice(0, 30).join('')}…` : topic;
}

export function missingOf(a: QueryAnalysis, injected: readonly string[] = []): Missing {
  return { topic: topicOf(a, injected), what: a.figure?.time ? 'time' : a.figure ? 'figure' : 'detail' };
}
