// The Chinese-aware tokenizer shared by the index build and the query side. Terms are Han bigrams (robust to
// how a question happens to split its words: ICU splits 庭审 into 庭|审), lower-cased Latin words and whole
// numbers (97.2, 19060). On the query side ICU words (Intl.Segmenter) find the question words and particles to
// drop, and words of 3+ characters join as coverage units. Single Han characters are never terms: they match
// nearly everything.

/** Bump whenever the terms produced for a text change: prebuilt indexes record it and are rebuilt on mismatch. */
export const TOKENIZER_VERSION = 3;

/** A word segmenter for questions: words with their offsets, and whether each is a word (not punctuation). */
export type WordSegmenter = (text: string) => Iterable<{ segment: string; index: number; isWordLike?: boolean }>;

const icu = new Intl.Segmenter('zh', { granularity: 'word' });
/** ICU word segmentation (Intl.Segmenter): the default. */
export const icuSegmenter: WordSegmenter = (text) => icu.segment(text);
const HAN = /^\p{Script=Han}+$/u;
const LATIN_OR_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N}.]*$/u;

/**
 * Question words, particles and filler that carry no topic: dropped from questions (never from the index).
 * They also break a Han run, so no bigram is formed across them (调解|是|多少 gives no 解是).
 */
export const QUERY_STOP_WORDS: ReadonlySet<string> = new Set([
  '多少', '什么', '怎么', '怎样', '怎么样', '如何', '哪些', '哪个', '哪里', '哪儿', '哪', '是否', '有没有', '有无', '情况',
  '吗', '呢', '吧', '啊', '呀', '么', '嘛', '了', '的', '地', '得', '着', '过', '是', '有', '在', '和', '与', '及', '或',
  '都', '也', '还', '就', '会', '能', '要', '想', '给', '被', '把', '对', '从', '向', '为', '为什么', '几', '几个', '多', '少',
  '请问', '请', '问', '一下', '告诉', '介绍', '了解', '知道', '说说', '讲讲', '查', '查查', '看看', '看', '具体', '目前',
  '现在', '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '这', '那', '这个', '那个', '这些', '那些', '些',
  '我市', '本市', '咱们', '咱', '报告', '里', '中', '上', '下', '方面', '相关', '有关', '关于', '一共', '总共', '共', '共有', '一共有', '总共有', '一年', '一年到头', '一整年',
  '打算', '大概', '大约', '左右', '到底', '究竟', '啥', '干', '做', '搞', '弄', '进行', '怎么样了', '么样', '咋', '咋样', '何',
  '有何', '怎么办', '已经', '没', '没有', '一些', '主要', '都有', '提', '提出', '取得', '算',
  // How a question frames its topic (进展如何, 取得了什么成效, 提了什么要求): the topic is elsewhere in it.
  '要求', '进展', '成效', '效果', '做法', '举措', '成果', '结果', '解决', '办法', '内容', '意见', '怎么回事',
  '怎么搞', '咋搞', '咋办', '搞的', '第几', '多大', '多高', '多长', '什么时候', '啥时候', '何时',
  // The reports are annual: "this year" is the frame of every question, not its topic.
  '今年', '去年', '当年', '本年', '今年以来', '以来', '咱们市', '我想', '想知道', '帮我', '帮忙',
  // What the asker heard or guesses frames the question (听说有两百多个): the topic is elsewhere.
  '听说', '据说', '好像', '貌似', '似乎', '差不多', '估计', '上面', '领导', '开始', '这块', '这方面', '那块',
  // When a time is meant (20年的时候, 那会儿): the year carries it, these words nothing.
  '时候', '那会', '那会儿', '期间',
]);

/** 多少个, 几项, 多少人次 …: ICU keeps these whole; they ask for a number and name no topic. */
const QUANTITY_QUESTION = /^(?:多少|几)(?:个|项|件|次|场|人|家|份|名|所|位|条|种|类|批|万|亿|元)?$/u;

/** A segment ICU glued to a particle (搞了, 提过, 做得) is a stop word when its stem is one. */
function isStopWord(segment: string, stopWords: ReadonlySet<string>): boolean {
  if (stopWords.has(segment) || QUANTITY_QUESTION.test(segment)) return true;
  // 得 too: 做得 / 搞得 (做得怎么样) are a stop verb with its complement particle.
  const stem = segment.replace(/[了过着的得吗呢吧啊]+$/u, '');
  return stem.length > 0 && stem !== segment && stopWords.has(stem);
}

export interface QueryTerm {
  term: string;
  /** Span in the normalized question that the term stands for (a synonym keeps its source term's span). */
  start: number;
  end: number;
  /** Set when the term came from synonym expansion: the question term it replaced. */
  synonymOf?: string;
  /** A whole word of 3+ characters: a coverage unit only (the index holds bigrams). */
  wordOnly?: boolean;
  /** An ICU word of the question (2+ characters), as opposed to a bigram across words. */
  word?: boolean;
}

/** NFKC folds full-width digits, Latin and punctuation; lower-case for Latin. Length may change (used for matching only). */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface Piece {
  text: string;
  start: number;
  han: boolean;
  keep: boolean;
}

/** Han runs and Latin/number tokens (97.2 stays whole, a trailing dot does not). */
const INDEX_PIECE = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:\.\p{N}+)*)/gu;

function bigrams(run: string, at: number, out: QueryTerm[]): void {
  for (let i = 0; i + 2 <= run.length; i++) out.push({ term: run.slice(i, i + 2), start: at + i, end: at + i + 2 });
}

/**
 * Index-side tokenizer (MiniSearch `tokenize`): Han bigrams, Latin words and numbers, duplicates kept for term
 * frequency. No ICU here: the index covers every sentence of a large knowledge base and ICU segmentation is
 * ~30× slower than this; a question gets the same kinds of terms from `tokenizeQuery`.
 */
export function tokenize(text: string): string[] {
  const norm = normalize(text);
  const out: QueryTerm[] = [];
  for (const m of norm.matchAll(INDEX_PIECE)) {
    if (m[1]) bigrams(m[1], m.index, out);
    else if (m[2]) out.push({ term: m[2], start: m.index, end: m.index + m[2].length });
  }
  return out.map((t) => t.term);
}

/** A measure word the segmenter split from 多少/几 (多少|条执法决定): part of the question form, not a topic. */
const MEASURE_CHAR = /^[个项件次场人家份名所位条种类批]$/u;

function pieces(norm: string, stopWords: ReadonlySet<string>, segment: WordSegmenter): Piece[] {
  const out: Piece[] = [];
  let prev = '';
  for (const s of segment(norm)) {
    if (!s.isWordLike) continue;
    const han = HAN.test(s.segment);
    if (!han && !LATIN_OR_NUMBER.test(s.segment)) continue;
    const measure = (prev === '多少' || prev === '几') && MEASURE_CHAR.test(s.segment);
    out.push({ text: s.segment, start: s.index, han, keep: !measure && !isStopWord(s.segment, stopWords) });
    prev = s.segment;
  }
  return out;
}

/**
 * A question's terms with their spans. ICU words find the stop words, which are dropped and break Han runs
 * (调解|是|多少 gives no 解是); each remaining run gives its bigrams (the retrieval terms, as in the index) and
 * its words of three or more characters (`wordOnly`: checked against the text for coverage, never retrieved).
 */
function queryTerms(norm: string, stopWords: ReadonlySet<string>, segment: WordSegmenter): QueryTerm[] {
  const out: QueryTerm[] = [];
  let run: Piece[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const from = out.length;
    bigrams(norm.slice(first.start, last.start + last.text.length), first.start, out);
    for (const p of run) {
      if (p.text.length >= 3) out.push({ term: p.text, start: p.start, end: p.start + p.text.length, wordOnly: true, word: true });
      if (p.text.length === 2) for (let k = from; k < out.length; k++) if (out[k]!.start === p.start && out[k]!.term === p.text) out[k]!.word = true;
    }
    run = [];
  };
  for (const p of pieces(norm, stopWords, segment)) {
    if (!p.keep) {
      flush();
      continue;
    }
    if (!p.han) {
      flush();
      const t = p.text.replace(/\.+$/u, '');
      if (t.length > 0) out.push({ term: t, start: p.start, end: p.start + t.length });
      continue;
    }
    const prev = run[run.length - 1];
    if (prev && prev.start + prev.text.length !== p.start) flush();
    run.push(p);
  }
  flush();
  return out;
}

/** Query-side tokenizer: stop words dropped, spans kept for coverage and highlighting. Input must be normalized. */
export function tokenizeQuery(normQuestion: string, segment: WordSegmenter = icuSegmenter): QueryTerm[] {
  const seen = new Set<string>();
  return queryTerms(normQuestion, QUERY_STOP_WORDS, segment).filter((t) => {
    const key = `${t.term}@${t.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface Expansion {
  /** Terms to retrieve with: the question's own plus every synonym's terms (span = the member's span). */
  terms: QueryTerm[];
  /** Whole synonym phrases with the span they stand for: coverage checks these, not their bigrams. */
  phrases: QueryTerm[];
  /** Applied synonyms, as `question term→synonym`. */
  applied: string[];
}

/** Synonym groups (two-way) and sets (one-way: the set term finds its members, a member never the set's others). */
export interface SynonymSource {
  groups: readonly (readonly string[])[];
  collective?: readonly (readonly [string, readonly string[]])[];
}

type TermIndex = Map<string, { term: string; others: readonly string[] }[]>;
const termIndexes = new WeakMap<object, TermIndex>();

/** Group and set terms by their first character, built once per thesaurus: a question is scanned once. */
function termIndex(groups: readonly (readonly string[])[], collective: readonly (readonly [string, readonly string[]])[]): TermIndex {
  let index = termIndexes.get(groups);
  if (index) return index;
  index = new Map();
  const add = (term: string, others: readonly string[]) => {
    if (!term) return;
    const list = index!.get(term[0]!) ?? [];
    list.push({ term, others });
    index!.set(term[0]!, list);
  };
  for (const group of groups) for (const member of group) add(member, group.filter((o) => o !== member));
  for (const [set, members] of collective) add(set, members);
  termIndexes.set(groups, index);
  return index;
}

/**
 * Synonym expansion: when a group member occurs in the question, the other members' terms join the query with
 * the member's span, so a sentence that says 律师事务所 covers a question that said 律所. The longest term found
 * in the question wins its span (中级人民法院 before 法院): a shorter term inside it adds nothing.
 */
export function expandSynonyms(normQuestion: string, terms: QueryTerm[], source: SynonymSource | readonly (readonly string[])[]): Expansion {
  const { groups, collective = [] } = Array.isArray(source) ? { groups: source as readonly (readonly string[])[] } : (source as SynonymSource);
  // Every term of a group or set found in the question (its first occurrence), with the terms it stands for.
  const found: { member: string; at: number; end: number; others: readonly string[] }[] = [];
  const byFirst = termIndex(groups, collective);
  const seen = new Set<string>();
  // Staff put 的 inside a name (懂法的带头人 for 懂法带头人, 有执法证的人): terms are also found with it left out.
  const kept: number[] = [];
  let text = '';
  for (let i = 0; i < normQuestion.length; i++) {
    if (normQuestion[i] === '的' && HAN.test(normQuestion[i - 1] ?? '') && HAN.test(normQuestion[i + 1] ?? '')) continue;
    kept.push(i);
    text += normQuestion[i];
  }
  for (const [haystack, position] of [[normQuestion, (i: number) => i], ...(text.length < normQuestion.length ? [[text, (i: number) => kept[i]!]] : [])] as [string, (i: number) => number][]) {
    for (let i = 0; i < haystack.length; i++) {
      const list = byFirst.get(haystack[i]!);
      if (!list) continue;
      for (const { term, others } of list) {
        if (!haystack.startsWith(term, i)) continue;
        const at = position(i);
        const end = position(i + term.length - 1) + 1;
        const key = `${term}\u0000${others.join(' ')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ member: term, at, end, others });
      }
    }
  }
  found.sort((x, y) => y.end - y.at - (x.end - x.at) || x.at - y.at);
  const taken: [number, number][] = [];
  const out = [...terms];
  const phrases: QueryTerm[] = [];
  const applied: string[] = [];
  const have = new Set(terms.map((t) => t.term));
  for (const { member, at, end, others } of found) {
    // Inside a longer term already expanded (法院 in 中级人民法院): that one speaks for the span.
    if (taken.some(([a, b]) => at >= a && end <= b && !(at === a && end === b))) continue;
    taken.push([at, end]);
    for (const other of others) {
      if (other === member || normQuestion.includes(other)) continue;
      const added: QueryTerm[] = [];
      for (const m of other.matchAll(INDEX_PIECE)) {
        if (m[1]) bigrams(m[1], 0, added);
        else if (m[2]) added.push({ term: m[2], start: 0, end: 0 });
      }
      // Only the whole term is needed to cover the span; its bigrams help retrieval when the segmenter splits it.
      for (const t of added) {
        if (have.has(t.term)) continue;
        out.push({ term: t.term, start: at, end, synonymOf: member });
        have.add(t.term);
      }
      if (!phrases.some((p) => p.term === other && p.start === at)) phrases.push({ term: other, start: at, end, synonymOf: member });
      if (!applied.includes(`${member}→${other}`)) applied.push(`${member}→${other}`);
    }
  }
  return { terms: out, phrases, applied };
}
