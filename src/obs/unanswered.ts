// The unanswered-questions report, as pure logic: questions the bot refused or that got 👎, grouped so that
// paraphrases of one question land together, most frequent first. Grouping is by character-bigram Jaccard
// similarity after normalisation (punctuation, particles and question words removed), deterministic for a
// given input regardless of its order.

export interface QuestionSample {
  text: string;
  at: number;
  answered: boolean;
  vote: 'up' | 'down' | null;
  userId: string | null;
  chatId: string | null;
}

export interface NearestSection {
  section: string;
  document: { title: string; region: string | null; year: number };
}

export interface UnansweredGroup {
  /** The most frequent wording in the group. */
  representative: string;
  count: number;
  refused: number;
  downvoted: number;
  askers: number;
  chats: number;
  firstAt: number;
  lastAt: number;
  /** Distinct wordings, most frequent first. */
  questions: { text: string; count: number }[];
  nearest: NearestSection[];
}

export const DEFAULT_SIMILARITY = 0.5;
/** Distinct wordings considered: the grouping is quadratic, so it is bounded. */
export const MAX_DISTINCT = 5_000;

// Words that carry the asking, not the topic: removed before comparing.
const FILLERS = [
  '请问', '请告诉我', '告诉我', '我想知道', '想知道', '想问一下', '想问', '问一下', '一下', '能不能', '可以', '麻烦',
  '是多少', '有多少', '多少', '是什么', '有什么', '什么', '有哪些', '哪些', '怎么样', '怎么', '怎样', '如何', '为什么', '是否', '有没有',
  '情况', '具体', '我们', '咱们', '我市', '市里', '全市', '今年', '去年',
];
const PARTICLES = /[的了吗呢啊呀吧么嘛是有在和与及]/gu;

/** Normalises a question for comparison: NFKC, lower case, no punctuation/space, fillers and particles out. */
export function normalizeQuestion(text: string): string {
  let t = text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
  for (const f of FILLERS) t = t.replaceAll(f, '');
  t = t.replace(PARTICLES, '');
  // A question made only of fillers keeps its plain form rather than becoming empty.
  return t.length > 0 ? t : text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
}

export function bigrams(norm: string): Set<string> {
  const chars = [...norm];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

interface Wording {
  text: string;
  norm: string;
  grams: Set<string>;
  samples: QuestionSample[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups refused or 👎 questions. Wordings with the same normalised form are one; then, taking wordings
 * most frequent first, each joins the group holding its most similar member (≥ threshold), else starts one.
 */
export function groupUnanswered(samples: QuestionSample[], opts: { threshold?: number } = {}): Omit<UnansweredGroup, 'nearest'>[] {
  const threshold = opts.threshold ?? DEFAULT_SIMILARITY;
  const wanted = samples.filter((s) => !s.answered || s.vote === 'down');
  const byNorm = new Map<string, Wording>();
  for (const s of wanted) {
    const text = s.text.trim();
    if (!text) continue;
    const norm = normalizeQuestion(text);
    let w = byNorm.get(norm);
    if (!w) {
      w = { text, norm, grams: bigrams(norm), samples: [] };
      byNorm.set(norm, w);
    }
    w.samples.push(s);
  }
  // Deterministic order: most asked first, then the normalised text.
  const wordings = [...byNorm.values()].sort((a, b) => b.samples.length - a.samples.length || byText(a.norm, b.norm)).slice(0, MAX_DISTINCT);

  const groups: Wording[][] = [];
  for (const w of wordings) {
    let best = -1;
    let bestSim = threshold;
    for (let g = 0; g < groups.length; g++) {
      for (const m of groups[g]!) {
        const sim = jaccard(w.grams, m.grams);
        if (sim > bestSim || (sim === bestSim && best === -1 && sim >= threshold)) {
          bestSim = sim;
          best = g;
        }
      }
    }
    if (best >= 0) groups[best]!.push(w);
    else groups.push([w]);
  }

  return groups
    .map((members) => {
      const all = members.flatMap((m) => m.samples);
      // The wording shown is the most frequent way of asking it (ties: the first written form, by text).
      const wordingCounts = new Map<string, number>();
      for (const s of all) wordingCounts.set(s.text.trim(), (wordingCounts.get(s.text.trim()) ?? 0) + 1);
      const questions = [...wordingCounts.entries()].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count || byText(a.text, b.text));
      let firstAt = Infinity;
      let lastAt = -Infinity;
      for (const s of all) {
        firstAt = Math.min(firstAt, s.at);
        lastAt = Math.max(lastAt, s.at);
      }
      return {
        representative: questions[0]!.text,
        count: all.length,
        refused: all.filter((s) => !s.answered).length,
        downvoted: all.filter((s) => s.vote === 'down').length,
        askers: new Set(all.map((s) => s.userId).filter((u) => u !== null)).size,
        chats: new Set(all.map((s) => s.chatId).filter((c) => c !== null)).size,
        firstAt,
        lastAt,
        questions,
      };
    })
    .sort((a, b) => b.count - a.count || b.askers - a.askers || b.lastAt - a.lastAt || byText(a.representative, b.representative));
}

/** The part of the answer engine the report needs: where the knowledge comes closest to a question. */
export interface NearestFinder {
  ask(question: string): { kind: 'answer'; citations: { section: string; document: NearestSection['document'] }[] } | { kind: 'no_answer'; suggestions: { section: string; document: NearestSection['document'] }[] };
}

/** The engine's no-answer suggestions (or, for a 👎 answer, the sections it quoted), at most `limit`, distinct. */
export function nearestSections(engine: NearestFinder, question: string, limit = 3): NearestSection[] {
  const reply = engine.ask(question);
  const found = reply.kind === 'no_answer' ? reply.suggestions : reply.citations;
  const seen = new Set<string>();
  const out: NearestSection[] = [];
  for (const f of found) {
    const key = `${f.document.title}\0${f.section}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ section: f.section, document: { title: f.document.title, region: f.document.region, year: f.document.year } });
    if (out.length >= limit) break;
  }
  return out;
}

export function buildUnansweredReport(
  samples: QuestionSample[],
  engine: NearestFinder | null,
  opts: { threshold?: number; limit?: number } = {},
): UnansweredGroup[] {
  const groups = groupUnanswered(samples, opts).slice(0, opts.limit ?? 100);
  return groups.map((g) => ({ ...g, nearest: engine ? nearestSections(engine, g.representative) : [] }));
}
