// The answer engine: the question is normalized and analyzed (terms, synonyms, the figure asked, the reports it
// names), ranked (src/search/rank.ts), graded and composed (src/search/compose.ts):
// - answer: the best quote covers the question (and, when a number is asked, holds a figure of that kind);
// - partial: the topic is there, the asked figure or detail is not;
// - overview: a broad question (…做了哪些工作, 介绍一下…), or evidence that is a section rather than a sentence;
// - none (`no_answer`): nothing relevant; the nearest sections, and for a question scoped to some reports,
//   optionally one labelled pointer to what another report says.
import type { AnswerEngine } from '../ports.js';
import { figureCategories, findFigures } from '../figures/find-figures.js';
import type { KnowledgeBase, Section } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import type { AnswerReply, AskReply, Citation, Comparison, NoAnswerReply, Retrieval, Scope } from '../reply/model.js';
import { analyze, documentNames, levelsIn, yearsIn, type DocumentNames, type QueryAnalysis } from './analyze.js';
import { chatReason } from './chat.js';
import { citationOf, figuresOf, missingOf, overviewOf, overviewSection, pick, suggestions, type SectionTree } from './compose.js';
import { buildIndex, type Entry, type SearchIndex } from './index.js';
import { normalizeQuestion } from './normalize-question.js';
import { PLACE_NAMES } from './places.js';
import { documentsOf, fieldCount } from './postings.js';
import { createRanker, SCORING, singleWindow, textCoverage, type Scored } from './rank.js';
import { jiebaSegmenter, jiebaTagger, reportTerms } from './jieba-segmenter.js';
import { mergeThesaurus, shippedThesaurus, thesaurusTerms, type Thesaurus } from './thesaurus.js';
import { repairedSegmenter } from './segment-repair.js';
import { icuSegmenter, normalize, tokenize } from './tokenize.js';
import { holdsAsWords } from './word-match.js';
import { asksAsAWhole, asksPlans, inPlansOrShortcomings, saysPlansOrShortcomings, sectionSays } from './plans.js';

/** The default answer threshold (see `SCORING.answer`). */
export const DEFAULT_THRESHOLD = SCORING.answer;

export interface EngineOptions {
  /** A prebuilt (already version-checked) index; built in memory when absent. */
  index?: SearchIndex;
  threshold?: number;
  /** What 我市/本市/全市 mean; default: the region of the first report. */
  homeRegion?: string | null;
  /** The domain thesaurus; default: the shipped one (src/search/thesaurus.txt). The knowledge's synonyms.txt adds to it. */
  thesaurus?: Thesaurus;
  /** How questions are cut into words: `icu` (default) or `jieba` with the thesaurus and report terms. */
  segmenter?: 'icu' | 'jieba';
}

export interface SearchEngine extends AnswerEngine {
  readonly index: SearchIndex;
  readonly threshold: number;
  readonly homeRegion: string | null;
}

/**
 * Whether the reports (their normalized `titles`, and their sentences) hold `phrase`: checked in the sentences
 * holding its rarest term only, so start-up does not scan the whole text once per place name.
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

const round = (n: number) => Math.round(n * 1000) / 1000;

/** A question naming several topics (社区矫正和调解, 普法、网格、调解). */
const LISTS_TOPICS = /\p{Script=Han}(?:、|和|及|与|以及)\p{Script=Han}/u;

/** A span of a year said as a word (全年, 年内): what every yearly figure counts. (一年 is a stop word.) */
const A_YEAR = /^(?:全年|这一年|年内)$/u;

/** Quotation marks inside a name (“首违不罚”清单) do not part its words. */
const QUOTE_MARKS = /[“”"‘’'《》〈〉「」『』]/gu;

export function createAnswerEngine(kb: KnowledgeBase, opts: EngineOptions = {}): SearchEngine {
  const index = opts.index ?? buildIndex(kb);
  const threshold = opts.threshold ?? SCORING.answer;
  const homeRegion = opts.homeRegion === undefined ? (kb.documents[0]?.meta.region?.trim() ?? null) : opts.homeRegion;
  const titles = normalize(kb.documents.map((d) => d.meta.title).join('\n'));
  const names: DocumentNames = documentNames(kb, PLACE_NAMES, (phrase) => inReports(index, titles, phrase), yearsInReports(index, titles));
  const injected = [...new Set(kb.documents.flatMap((d) => d.integrity.filter((i) => i.resolution === 'corrected').map((i) => normalize(i.term))))];
  const ranker = createRanker(index);
  const docOfEntry = index.entries.map((e) => e.doc.meta.id);
  // Sections and the entries under each (its own and its sub-sections'), for overviews.
  const sections = new Map(kb.documents.flatMap((d) => d.sections.map((s) => [s.id, s] as const)));
  const under = new Map<string, Entry[]>();
  for (const e of index.entries) {
    for (let s: typeof e.section | undefined = e.section; s; s = s.parentId ? sections.get(s.parentId) : undefined) {
      const list = under.get(s.id);
      if (list) list.push(e);
      else under.set(s.id, [e]);
    }
  }
  const tree: SectionTree = { section: (id) => sections.get(id), entriesUnder: (id) => under.get(id) ?? [] };
  const docsById = new Map(kb.documents.map((d) => [d.meta.id, d]));

  const acceptDocs = (ids: readonly string[] | null | undefined) => {
    if (!ids) return undefined;
    const set = new Set(ids);
    return (i: number) => set.has(docOfEntry[i]!);
  };
  const thesaurus = mergeThesaurus(opts.thesaurus ?? shippedThesaurus(), kb.synonyms);
  const userTerms = [...thesaurusTerms(thesaurus), ...reportTerms(kb)];
  const segment = opts.segmenter === 'jieba' ? jiebaSegmenter(userTerms) : repairedSegmenter(icuSegmenter, userTerms);
  // Quotes are cut with the domain dictionary to tell a word from two words' edges (事务所|在, not 所在).
  const quoteWords = jiebaSegmenter(userTerms);
  const context = { names, idf: ranker.idf, known: ranker.known, homeRegion, thesaurus, segment, tagger: jiebaTagger(userTerms), mentioned: (phrase: string) => inReports(index, titles, phrase) };
  const analyzeQuestion = (q: string) => analyze(normalizeQuestion(q), context);

  function retrievalOf(a: QueryAnalysis, ranked: Scored[], top: number, reason: string): Retrieval {
    return {
      // A question may repeat an injected term; the explanation never does.
      tokens: a.terms.filter((t) => !a.synonymTerms.has(t) && !injected.some((term) => t.includes(term))),
      synonyms: a.synonyms,
      topScore: round(top),
      threshold,
      reason,
      candidates: ranked.slice(0, 5).map((s) => ({ sentenceId: s.entry.sentence.id, text: s.window.quote, section: s.entry.section.path, score: round(s.score) })),
    };
  }

  const answersFigure = (a: QueryAnalysis, s: Scored) => !a.figure || s.hasKindFigure;
  const unquoted = (text: string) => text.replace(QUOTE_MARKS, '');
  /** Whether the quote, its section title, or the quote read without quotation marks holds a phrase. */
  const holdsText = (s: Scored) => {
    let bare: string | undefined;
    return (t: string) => s.window.norm.includes(t) || s.entry.sectionNorm.includes(t) || (bare ??= unquoted(s.window.norm)).includes(t);
  };
  /** The quote (or its section title) holds the question's most specific word or a synonym of it. */
  const holdsKey = (a: QueryAnalysis, s: Scored) => {
    const k = a.keyWord;
    if (!k) return true;
    const holds = holdsText(s);
    return k.alternatives.some(holds) || (k.parts !== undefined && k.parts.every(holds));
  };
  /** When a number is asked, the question's nouns the quote (and its section title) lack: a figure of something else. */
  const missingTopic = (a: QueryAnalysis, s: Scored): string[] => {
    if (!a.figure || a.figure.time) return [];
    const holds = holdsText(s);
    return a.topicWords.filter((k) => !(k.alternatives.some(holds) || (k.parts !== undefined && k.parts.every(holds)))).map((k) => k.term);
  };
  /**
   * The quote holds the question's most specific noun the reports use (or a synonym of it) as a word, and every
   * noun of the question is one the reports use: a noun they never use (监督员, 护照) is another topic.
   */
  /** The quote holds some word of the question (2+ characters, or a synonym phrase of one) as a word. */
  // (With `notInAbsent`, a word inside a noun the reports never use does not count: 人民 of 人民监督员.)
  const holdsAnyWord = (a: QueryAnalysis, s: Scored, notInAbsent = false) =>
    a.units.some((u) => [...u.term].length >= 2 && (u.word || u.synonymOf !== undefined) && !(notInAbsent && a.absentSpans.some(([from, to]) => u.start >= from && u.end <= to)) && holdsAsWords(s.window.norm, u.term, quoteWords));
  const holdsTopicWord = (a: QueryAnalysis, s: Scored) => {
    if (a.topicWords.length === 0 || a.absentNouns.length > 0) return false;
    const rarity = (w: string) => Math.max(0, ...[...w].slice(1).map((_, i) => ranker.idf(w.slice(i, i + 2))));
    const k = a.topicWords.reduce((x, y) => (rarity(y.term) > rarity(x.term) ? y : x));
    return k.alternatives.some((t) => [...t].length >= 2 && holdsAsWords(s.window.norm, t, quoteWords));
  };
  /** Every noun of the question the quote (or its section title) holds as a word, directly or through a synonym. */
  const holdsEveryTopicWord = (a: QueryAnalysis, s: Scored) => {
    // (The substring test first: cutting the quote into words is the dear part.)
    const holds = (t: string) => [...t].length >= 2 && (s.entry.sectionNorm.includes(t) || (s.window.norm.includes(t) && holdsAsWords(s.window.norm, t, quoteWords)));
    return a.topicWords.every((k) => k.alternatives.some(holds) || (k.parts !== undefined && k.parts.every(holds)));
  };
  /**
   * Every word of the question the reports use, the quote or its section title holds: staff's own words (交给, 打包,
   * 追回), which no report uses, cannot be held, and a span of a year (一年, 全年) is what every yearly figure counts.
   */
  const holdsEveryUsedWord = (a: QueryAnalysis, s: Scored) => {
    const holds = (t: string) => [...t].length >= 2 && (s.window.norm.includes(t) || s.entry.sectionNorm.includes(t));
    return a.words.every((w) => w.alternatives.some(holds) || a.absentWords.includes(w.term) || A_YEAR.test(w.term));
  };
  /** The numbers a question quotes (2551人次那个培训是哪一级的), each held by the quote: it is about that figure. */
  const quotesQuestionNumbers = (a: QueryAnalysis, s: Scored) => {
    const numbers = a.quotedNumbers;
    return numbers.length > 0 && numbers.every((n) => new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d.])`, 'u').test(s.window.quote));
  };
  /**
   * Related evidence (confidence between `related` and the answer threshold) answers when the quote is about
   * exactly what is asked: it holds the number the question itself quotes (2551人次那个培训是哪一级的), or every
   * noun of the question as a word while the question names nothing the reports never use.
   */
  const describes = (a: QueryAnalysis, s: Scored) => {
    if (s.confidence < SCORING.related || a.countedAbsent !== null || a.form !== 'specific' || !holdsKey(a, s)) return false;
    // Asking a figure, the quote must state one of the kind asked in so many words (6期 for 几期; not 全覆盖 for a
    // 持证率), beside every noun asked.
    // (Every word, not only the nouns: 调解案件多少件 is not the 备案案件2215件 of a sentence without 调解.)
    if (a.figure !== null) return !a.figure.time && s.statesKindFigure && a.topicWords.length > 0 && holdsEveryUsedWord(a, s) && holdsEveryTopicWord(a, s);
    if (quotesQuestionNumbers(a, s)) return true;
    return a.topicWords.length > 0 && a.absentNouns.length === 0 && holdsEveryTopicWord(a, s);
  };
  /** Several names asked, and the quote names nothing: no 《title》, no “name”, no list (我市有3个项目成功入围… for 分别叫啥). */
  const namesNothing = (a: QueryAnalysis, s: Scored) => a.asksNames && !/[《“「]|\p{Script=Han}、\p{Script=Han}/u.test(s.window.quote);
  /** The quote names levels, none of them the one asked (省级 and 市级 示范村, for a 国家级 one): another figure. */
  const otherLevel = (a: QueryAnalysis, s: Scored) => {
    if (a.levels.length === 0) return false;
    const said = levelsIn(s.window.quote);
    return said.length > 0 && !said.some((l) => a.levels.includes(l));
  };
  /**
   * An answer covers the question: confident enough (or describing exactly what is asked), about its most specific
   * word, with a figure of the kind asked about each noun asked. A noun the reports never use (交通管理 beside
   * 城市生活垃圾管理条例) is a sign of another topic: only strong evidence, or the question's own number, outweighs it.
   */
  const answers = (a: QueryAnalysis, s: Scored) =>
    !otherLevel(a, s) &&
    !namesNothing(a, s) && (s.confidence >= threshold || describes(a, s)) && (a.absentNouns.length === 0 || s.confidence >= SCORING.absentNoun || quotesQuestionNumbers(a, s)) && answersFigure(a, s) && holdsKey(a, s) && missingTopic(a, s).length === 0 && a.countedAbsent === null;

  /**
   * A field asked as several topics (社区矫正和调解这块) is the section holding them all: up from the section of the
   * best evidence to the first one whose text names every topic, when a higher one does.
   */
  const coveringAll = (a: QueryAnalysis, section: Section): Section => {
    if (!a.field || !LISTS_TOPICS.test(a.question)) return section;
    const asked = [...a.topicWords, ...a.words.filter((w) => [...w.term].length >= 2 && !a.topicWords.some((k) => k.term.includes(w.term) || w.term.includes(k.term)))];
    if (asked.length < 2) return section;
    const names = (sec: Section, k: { alternatives: string[]; parts?: string[] }) => {
      const text = `${normalize(sec.title)}\n${tree.entriesUnder(sec.id).map((e) => e.norm).join('\n')}`;
      return k.alternatives.some((t) => text.includes(t)) || (k.parts !== undefined && k.parts.every((t) => text.includes(t)));
    };
    for (let sec: Section | undefined = section; sec && sec.depth > 0; sec = sec.parentId ? sections.get(sec.parentId) : undefined) {
      if (asked.every((k) => names(sec!, k))) return sec;
    }
    return section;
  };

  /** A comparison across the region's yearly reports: each year's best quote with a figure of the kind asked. */
  function comparisonOf(a: QueryAnalysis): { comparison: Comparison; picked: Scored[] } | null {
    const ids = a.regionDocs ?? (names.regionCount <= 1 ? names.docs.map((d) => d.id) : null);
    if (!ids) return null;
    // 今年比去年: the years named; 历年, 变化: every year of the region.
    // 比去年: one year named, compared with the newest report of the region.
    const found = ids.map((id) => docsById.get(id)!).filter(Boolean);
    // (潮汐 names the city; its county's report, 潮汐市青石县, is another region's row.)
    const own = found.filter((d) => d.meta.region === a.scope?.region);
    const all = own.length >= 2 ? own : found;
    const years = a.scope?.years ?? [];
    const newest = Math.max(...all.map((d) => d.meta.year));
    const named = years.length >= 2 ? new Set(years) : years.length === 1 && years[0]! < newest ? new Set([years[0]!, newest]) : null;
    const docs = all.filter((d) => !named || named.has(d.meta.year)).sort((x, y) => x.meta.year - y.meta.year);
    if (new Set(docs.map((d) => d.meta.year)).size < 2) return null;
    const rows: Comparison['rows'] = [];
    const picked: Scored[] = [];
    for (const doc of docs) {
      const ranked = ranker.rank(a, acceptDocs([doc.meta.id]));
      // A year's row is the quote about the topic that states a figure of the kind asked: the comparison itself
      // says what is asked, so related evidence is enough.
      const best = ranked.find((s) => s.hasKindFigure && (answers(a, s) || (s.confidence >= SCORING.related && holdsKey(a, s) && missingTopic(a, s).length === 0 && !otherLevel(a, s)))) ?? null;
      if (best) picked.push(best);
      const figure = best ? (figuresOf(a, [best])[0] ?? null) : null;
      rows.push({ year: doc.meta.year, document: toDocumentRef(doc.meta), figure, citation: best ? citationOf(a, best) : null });
    }
    if (rows.filter((r) => r.figure).length < 2) return null;
    const region = docs[0]!.meta.region ?? null;
    return { comparison: { region, rows }, picked };
  }

  function none(a: QueryAnalysis, question: string, ranked: Scored[], all: Scored[], reason: string, scope: Scope | undefined, explain: boolean): NoAnswerReply {
    // A scope with no report (知识库中没有广州的报告) restricts no suggestion: the nearest sections are still worth a look.
    const allow = scope && scope.documentIds.length > 0 ? (id: string) => scope.documentIds.includes(id) : undefined;
    const reply: NoAnswerReply = { kind: 'no_answer', question, suggestions: suggestions(kb, ranked.length > 0 ? ranked : all, allow) };
    if (scope) {
      reply.scope = scope;
      // Another report may hold it: one clearly labelled pointer, never the answer.
      // The same region's other years first (its 2023 report, when 2022 was asked), then other regions.
      const region = a.scope?.region ?? null;
      const others = ranker.rank(a).filter((s) => !scope.documentIds.includes(s.entry.doc.meta.id) && answers(a, s));
      // (A city asked as a whole: its districts' reports come first.)
      const within = (r: string | null | undefined) => region !== null && r != null && (r === region || r.startsWith(region));
      const other = others.find((s) => within(s.entry.doc.meta.region)) ?? others[0];
      if (other) reply.elsewhere = citationOf(a, other);
    }
    if (explain) reply.retrieval = retrievalOf(a, ranked, ranked[0]?.confidence ?? 0, reason);
    return reply;
  }

  function ask(question: string, o: { explain?: boolean } = {}): AskReply {
    const a = analyzeQuestion(question);
    const explain = o.explain === true;
    const scope: Scope | undefined = a.scope ? { label: a.scope.label, documentIds: a.scope.documentIds } : undefined;
    // Chat (你好, 今天星期几, 帮我订会议室) is not asked of the reports: no quote, however near, answers it.
    const chat = chatReason(a.question);
    if (chat) return none(a, question, [], [], chat, undefined, explain);
    // A region or year with no report: say which, and point (labelled) to what the other reports say.
    if (a.outOfScope) return none(a, question, [], [], a.outOfScope, scope && scope.label ? scope : undefined, explain);
    if (a.terms.length === 0 && !asksAsAWhole(a)) return none(a, question, [], [], 'the question has no searchable words', scope, explain);
    const asSuch = plansOrShortcomings(a, question, scope, explain);
    if (asSuch) return asSuch;

    if (a.form === 'comparison') {
      const c = comparisonOf(a);
      if (c) {
        const reply: AnswerReply = {
          kind: 'answer',
          grade: 'answer',
          question,
          citations: c.picked.map((s) => citationOf(a, s)),
          figures: c.comparison.rows.flatMap((r) => (r.figure ? [r.figure] : [])),
          confidence: round(Math.min(...c.picked.map((s) => s.confidence))),
          comparison: c.comparison,
        };
        if (scope) reply.scope = scope;
        if (explain) reply.retrieval = retrievalOf(a, c.picked, reply.confidence, `a comparison across ${c.comparison.rows.length} yearly reports`);
        return reply;
      }
    }

    // A year no report is about (2024 in a 2023 report's page banner) is answered only by a quote that says it.
    const saysYears = (s: Scored) => a.textYears.every((y) => s.window.norm.includes(y));
    // What was done answers before what is planned or still lacking (2024年底前实现…全覆盖 is not 全覆盖了), unless
    // the question asks about plans or shortcomings, or nothing else is related.
    const found = ranker.rank(a, acceptDocs(a.scope?.documentIds)).filter(saysYears);
    const setAside = asksPlans(a) ? [] : found.filter((x) => inPlansOrShortcomings(x.entry, sections));
    const done = setAside.length === 0 ? found : found.filter((x) => !setAside.includes(x));
    const ranked = setAside.length === 0 || (done[0]?.confidence ?? 0) < SCORING.related ? found : [...done, ...setAside];
    const best = ranked[0];
    const top = best?.confidence ?? 0;
    // A broad question whose topic a section title names (普法这块干了啥) gets that section, however weak its
    // single sentences are; one whose topic is a single statement (执法公示做得怎么样) gets that statement. Weak
    // sentence evidence under a title naming the topic is a section's to answer too.
    const target = best && (a.form === 'broad' || top < threshold) ? overviewSection(a, ranked, tree) : null;
    if (best && target && target.coverage >= SCORING.sectionTopic && (a.form === 'broad' || top >= SCORING.related)) {
      const ov = overviewOf(a, coveringAll(a, target.section), tree, ranker);
      const reply: AnswerReply = { kind: 'answer', question, confidence: round(top), ...(scope ? { scope } : {}), grade: 'overview', citations: ov.picked.map((s) => citationOf(a, s)), figures: ov.figures, overview: ov.section };
      if (explain) reply.retrieval = retrievalOf(a, ranked, top, `${a.form === 'broad' ? 'a broad question' : `best confidence ${top.toFixed(2)} < ${threshold}`}: the section title names ${Math.round(target.coverage * 100)}% of the topic`);
      return reply;
    }
    // Weak evidence is still the topic without the detail (partial, not a refusal; for a broad question, the
    // overview of the section it is in) when the quote holds the question's most specific noun as a word (普法 in
    // 普法有啥新花样), or, for a question asking no figure, any of its words: staff describe a measure in their own
    // words (政府拍板大事之前有没有先过法律这关), and the sentence sharing them is worth quoting as what the report
    // says. A question asking a figure takes any of its words too once the evidence is nearly related
    // (`SCORING.figureTopicFloor`); one asking a number of something the reports never name stays none.
    const onTopic = best !== undefined && top >= SCORING.topicFloor && (holdsTopicWord(a, best) || ((a.figure === null || top >= SCORING.figureTopicFloor) && holdsAnyWord(a, best, a.figure !== null)));
    if (best && onTopic && (a.form === 'broad' || top < SCORING.related) && !answers(a, best)) {
      // A broad one (普法有啥新花样, 公共法律服务有啥亮点) that no single sentence answers gets the section that evidence is in.
      if (a.form === 'broad') {
        const ov = overviewOf(a, coveringAll(a, best.entry.section), tree, ranker);
        const reply: AnswerReply = { kind: 'answer', question, confidence: round(top), ...(scope ? { scope } : {}), grade: 'overview', citations: ov.picked.map((s) => citationOf(a, s)), figures: ov.figures, overview: ov.section };
        if (explain) reply.retrieval = retrievalOf(a, ranked, top, `a broad question: the best quote holds its most specific noun, and its section answers`);
        return reply;
      }
      const picked = [best, ...pick(ranked.slice(1), 2, best.score * SCORING.partialSupportRatio, [best])];
      const reply: AnswerReply = { ...{ kind: 'answer' as const, question, confidence: round(top), ...(scope ? { scope } : {}) }, grade: 'partial', citations: picked.map((s) => citationOf(a, s)), figures: figuresOf(a, picked), missing: missingOf(a, injected) };
      if (explain) reply.retrieval = retrievalOf(a, ranked, top, `best confidence ${top.toFixed(2)} is below ${SCORING.related}, but the quote holds ${holdsTopicWord(a, best) ? 'the question\'s most specific noun' : 'a word of the question, which asks no figure'} as a word`);
      return reply;
    }
    if (!best || top < SCORING.related) {
      const absent = a.absentWords.filter((w) => !injected.some((term) => w.includes(term)));
      const words = absent.length > 0 ? `; words the reports never use: ${absent.join(', ')}` : '';
      const reason = !best ? `no sentence shares a word with the question${words}` : `best confidence ${top.toFixed(2)} is below ${SCORING.related}, nothing related${words}`;
      return none(a, question, ranked, ranked, reason, scope, explain);
    }

    const base = { kind: 'answer' as const, question, confidence: round(top), ...(scope ? { scope } : {}) };

    // When a number is asked, the best quote holding a figure of the kind asked answers, if it covers the question.
    const answering = answers(a, best) ? best : a.figure ? ranked.slice(0, SCORING.rerank).find((s) => answers(a, s)) : undefined;
    // A broad question about a field (公证法援这些法律服务整体情况), or one whose topic the section title mostly
    // names (企业营商的法治环境干了啥), asks for the work of a section, not one sentence of it: the section of the
    // sentence that answers best, unless that sentence stands outside every section. A broad question about one
    // measure (执法信息平台建得怎么样了) gets the sentence stating it.
    if (answering && a.form === 'broad' && answering.entry.section.depth > 0 && (a.field || textCoverage(a, normalize(answering.entry.section.title)) >= SCORING.sectionField)) {
      // The work done is asked, not the plans or the shortcomings, whose lists name every field (下一步工作安排,
      // 存在的不足), unless the question asks for them; and a section title naming the topic is the field asked.
      const aside = (e: Entry) => !asksPlans(a) && inPlansOrShortcomings(e, sections);
      const evidence = aside(answering.entry) ? (ranked.find((x) => !aside(x.entry) && x.entry.section.depth > 0 && x.confidence >= SCORING.related) ?? answering) : answering;
      const named = target && target.coverage >= SCORING.sectionField && target.section.docId === evidence.entry.doc.meta.id && !inPlansOrShortcomings({ section: target.section }, sections) ? target.section : null;
      const ov = overviewOf(a, coveringAll(a, named ?? evidence.entry.section), tree, ranker);
      const reply: AnswerReply = { ...base, grade: 'overview', citations: ov.picked.map((s) => citationOf(a, s)), figures: ov.figures, overview: ov.section };
      if (explain) reply.retrieval = retrievalOf(a, ranked, top, `a broad question: the section ${named ? `whose title names ${Math.round(target!.coverage * 100)}% of the topic` : `of the best quote about the work done (confidence ${evidence.confidence.toFixed(2)})`} answers it`);
      return reply;
    }
    if (answering) {
      const others = ranked.filter((s) => s !== answering && s.confidence >= SCORING.related);
      const picked = [answering, ...pick(others, 2, answering.score * SCORING.supportRatio, [answering])];
      const reply: AnswerReply = { ...base, grade: 'answer', confidence: round(answering.confidence), citations: picked.map((s) => citationOf(a, s)), figures: figuresOf(a, picked) };
      if (explain) reply.retrieval = retrievalOf(a, ranked, answering.confidence, `best confidence ${answering.confidence.toFixed(2)} ≥ threshold ${threshold}`);
      return reply;
    }
    // A partial rests on a real topic match, as an answer does: weak evidence made only of pieces of the quote's
    // words (您所在的位置 against 律师事务所在珠三角) is nothing related.
    if (top < threshold && !a.units.some((u) => holdsAsWords(best.window.norm, u.term, quoteWords))) {
      return none(a, question, ranked, ranked, `best confidence ${top.toFixed(2)} rests on no word of the question, only on pieces of other words`, scope, explain);
    }
    // A broad question lacks no figure or detail: related evidence is the section it is in.
    if (a.form === 'broad' && best.entry.section.depth > 0) {
      const ov = overviewOf(a, coveringAll(a, best.entry.section), tree, ranker);
      const reply: AnswerReply = { ...base, grade: 'overview', citations: ov.picked.map((s) => citationOf(a, s)), figures: ov.figures, overview: ov.section };
      if (explain) reply.retrieval = retrievalOf(a, ranked, top, `a broad question: best confidence ${top.toFixed(2)} is related, and the section of that quote answers`);
      return reply;
    }
    // The topic is there; the figure (or detail) asked is not.
    const picked = [best, ...pick(ranked.slice(1), 2, best.score * SCORING.partialSupportRatio, [best])];
    if (a.textYears.length > 0 && !holdsKey(a, best)) return none(a, question, ranked, ranked, `no quote about ${a.keyWord?.term ?? 'the topic'} says ${a.textYears.join(', ')}`, scope, explain);
    const reply: AnswerReply = { ...base, grade: 'partial', citations: picked.map((s) => citationOf(a, s)), figures: figuresOf(a, picked), missing: missingOf(a, injected) };
    if (explain) {
      const lacking = missingTopic(a, best);
      const why =
        top < threshold
          ? `best confidence ${top.toFixed(2)} is between ${SCORING.related} and ${threshold}: related, not answering`
          : a.countedAbsent !== null
            ? `the question counts ${a.countedAbsent}, which the reports never mention`
            : lacking.length > 0 && answersFigure(a, best)
            ? `the best quote holds a figure, but not of ${lacking.join(', ')}`
            : `the best quote covers the question but holds no ${a.figure?.time ? 'time' : 'figure'} of the kind asked`;
      reply.retrieval = retrievalOf(a, ranked, top, why);
    }
    return reply;
  }

  /**
   * A question about a report's plans or shortcomings as a whole: the overview of the section saying them, in the
   * newest report of the region asked (or of the home region); in a report without such a section, the sentence
   * that says them.
   */
  function plansOrShortcomings(a: QueryAnalysis, question: string, scope: Scope | undefined, explain: boolean): AskReply | null {
    const kind = asksAsAWhole(a);
    if (!kind) return null;
    const pool = scope && scope.documentIds.length > 0 ? scope.documentIds : (a.scope ? [] : kb.documents.filter((d) => homeRegion !== null && d.meta.region === homeRegion).map((d) => d.meta.id));
    const docs = (pool.length > 0 ? pool : kb.documents.map((d) => d.meta.id)).map((id) => docsById.get(id)!).filter(Boolean);
    const doc = docs.reduce<(typeof docs)[number] | undefined>((x, y) => (!x || y.meta.year > x.meta.year ? y : x), undefined);
    if (!doc) return null;
    const section = doc.sections.find((x) => x.depth > 0 && sectionSays(kind, x.title) && (under.get(x.id)?.length ?? 0) > 0);
    const base = { kind: 'answer' as const, question, ...(scope ? { scope } : {}) };
    const why = (text: string) => (explain ? { retrieval: retrievalOf(a, [], 1, text) } : {});
    if (section) {
      const ov = overviewOf(a, section, tree, ranker);
      return { ...base, confidence: 1, grade: 'overview', citations: ov.picked.map((x) => citationOf(a, x)), figures: ov.figures, overview: ov.section, ...why(`asks the report's ${kind} as a whole: its section on them`) };
    }
    const entry = index.entries.find((e) => e.doc.meta.id === doc.meta.id && saysPlansOrShortcomings(e.sentence.text));
    if (!entry) return null;
    const picked = ranker.score(a, singleWindow(entry), 0);
    return { ...base, confidence: 1, grade: 'answer', citations: [citationOf(a, picked)], figures: figuresOf(a, [picked]), ...why(`asks the report's ${kind} as a whole: the sentence saying them`) };
  }

  function search(query: string, limit = 5): Citation[] {
    const a = analyzeQuestion(query);
    const ranked = ranker.rank(a, acceptDocs(a.scope?.documentIds)).filter((s) => s.covQuote > 0);
    // A listing, not an answer: several sentences of one paragraph may appear, but never the same sentence twice.
    const picked: Scored[] = [];
    const used = new Set<string>();
    for (const s of ranked) {
      if (picked.length >= limit) break;
      let c = s;
      // A window overlapping one already listed falls back to its own sentence.
      if (s.window.sentences.some((x) => used.has(x.id))) {
        if (used.has(s.entry.sentence.id)) continue;
        c = ranker.score(a, singleWindow(s.entry), s.bm);
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
    homeRegion,
    ask,
    search,
    metrics: (keyword: string) => findFigures(kb, keyword),
    metricCategories: () => figureCategories(kb),
  };
}
