// Candidate retrieval: the same ranking as `MiniSearch#search` with exact terms, OR and field boosts (BM25+ per
// field, summed per term, times the number of distinct query terms matched), computed from the compact postings
// (src/search/postings.ts). `search()` allocates options objects per term, a result object per matching sentence
// and sorts them all: on the bundled report that was a third of a query's CPU time and most of its garbage. Here
// a query touches only the postings of its terms, reuses its score buffers and keeps only the top candidates.
// `test/search/retrieve.test.ts` checks the ranking against `MiniSearch#search` over the same sentences.
import type MiniSearch from 'minisearch';
import type { Postings } from './postings.js';

export interface RetrievalQuery {
  /** Distinct terms searched in every field. */
  all: string[];
  /** Distinct terms (none of `all`) searched in the first field only. */
  textOnly: string[];
  fields: readonly string[];
  boost: Record<string, number>;
  termBoost: (term: string) => number;
  /** Only these documents are candidates (a question scoped to some reports); all when absent. */
  accept?: (doc: number) => boolean;
}

export interface Hit {
  id: number;
  score: number;
}

/** Terms whose BM25+ scores are kept per retriever (each as typed arrays). */
const MAX_CACHED_TERMS = 50_000;

/** MiniSearch's default BM25+ parameters (the index is built with them). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

export type Retriever = (q: RetrievalQuery, limit: number) => Hit[];

/** A retriever over `p`; its buffers are reused across queries (one query at a time). */
export function createRetriever(p: Postings): Retriever {
  const size = p.documentCount;
  // Per document: score so far, distinct terms matched (0 = not retrieved yet), the current term's partial score.
  const score = new Float64Array(size);
  const terms = new Uint16Array(size);
  const termScore = new Float64Array(size);
  const inTerm = new Uint8Array(size);
  const touched: number[] = [];
  const termTouched: number[] = [];
  const fieldIndex = new Map(p.fields.map((f, i) => [f, i]));

  /** A term's BM25+ score per posting in one field: constant for an index, so computed once per term. */
  const cache = new Map<number, (Float64Array | null)[]>();

  function scoresOf(t: number): (Float64Array | null)[] {
    const hit = cache.get(t);
    if (hit) return hit;
    const out = p.fields.map((_, f) => {
      const from = p.offsets[f]![t]!;
      const to = p.offsets[f]![t + 1]!;
      if (to === from) return null;
      const matching = to - from;
      const avg = p.avgFieldLength[f]!;
      const lengths = p.fieldLength[f]!;
      const docs = p.docs[f]!;
      const freqs = p.freqs[f]!;
      const idf = Math.log(1 + (size - matching + 0.5) / (matching + 0.5));
      const raw = new Float64Array(matching);
      for (let k = 0; k < matching; k++) {
        const tf = freqs[from + k]!;
        raw[k] = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * lengths[docs[from + k]!]!) / avg)));
      }
      return raw;
    });
    // Bounded: the oldest terms go first (a large corpus has more terms than a server should keep resolved).
    if (cache.size >= MAX_CACHED_TERMS) cache.delete(cache.keys().next().value!);
    cache.set(t, out);
    return out;
  }

  function addTerm(term: string, fields: readonly string[], boost: Record<string, number>, termBoost: number): void {
    const t = p.termIds.get(term);
    if (t === undefined) return;
    const scores = scoresOf(t);
    for (const field of fields) {
      const f = fieldIndex.get(field);
      if (f === undefined) continue;
      const raw = scores[f];
      if (!raw) continue;
      const weight = termBoost * (boost[field] || 1);
      const docs = p.docs[f]!;
      const from: number = p.offsets[f]![t]!;
      for (let k = 0; k < raw.length; k++) {
        const doc = docs[from + k]!;
        if (inTerm[doc] === 0) {
          inTerm[doc] = 1;
          termScore[doc] = 0;
          termTouched.push(doc);
        }
        termScore[doc]! += weight * raw[k]!;
      }
    }
    // Summed per term first, then across terms: the order MiniSearch adds them in (equal scores stay equal).
    for (const doc of termTouched) {
      if (terms[doc] === 0) touched.push(doc);
      score[doc]! += termScore[doc]!;
      terms[doc]! += 1;
      inTerm[doc] = 0;
    }
    termTouched.length = 0;
  }

  return (q, limit) => {
    const first = q.fields.slice(0, 1);
    for (const t of q.all) addTerm(t, q.fields, q.boost, q.termBoost(t));
    for (const t of q.textOnly) addTerm(t, first, q.boost, q.termBoost(t));
    const candidates = q.accept ? touched.filter(q.accept) : touched;
    const out = topK(candidates, (doc) => score[doc]! * terms[doc]!, limit).map((k) => ({ id: candidates[k]!, score: score[candidates[k]!]! * terms[candidates[k]!]! }));
    for (const doc of touched) {
      score[doc] = 0;
      terms[doc] = 0;
    }
    touched.length = 0;
    return out;
  };
}

/**
 * Positions of the `limit` best items, best first; equal values keep their order (as a stable sort would). A
 * bounded heap: on a large corpus a query touches thousands of sentences and only a few dozen are kept.
 */
export function topK<T>(items: readonly T[], value: (item: T) => number, limit: number): number[] {
  if (limit <= 0) return [];
  const heap: number[] = []; // positions; the root is the worst kept (lowest value, then latest position)
  const vals: number[] = [];
  const worse = (a: number, b: number) => vals[a]! < vals[b]! || (vals[a] === vals[b] && heap[a]! > heap[b]!);
  const swap = (a: number, b: number) => {
    [heap[a], heap[b]] = [heap[b]!, heap[a]!];
    [vals[a], vals[b]] = [vals[b]!, vals[a]!];
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let k = 0; k < items.length; k++) {
    const v = value(items[k]!);
    if (heap.length < limit) {
      heap.push(k);
      vals.push(v);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (v > vals[0]!) {
      // Equal to the worst kept: the later item loses, as in a stable sort.
      heap[0] = k;
      vals[0] = v;
      down(0);
    }
  }
  const order = heap.map((pos, i) => ({ pos, v: vals[i]! }));
  order.sort((a, b) => b.v - a.v || a.pos - b.pos);
  return order.map((o) => o.pos);
}

/** The reference ranking: MiniSearch's own search over the same sentences (for tests). */
export function referenceRetrieve<T>(mini: MiniSearch<T>, q: RetrievalQuery, limit: number): Hit[] {
  const queries = [];
  if (q.all.length > 0) queries.push({ queries: q.all, fields: [...q.fields] });
  if (q.textOnly.length > 0) queries.push({ queries: q.textOnly, fields: q.fields.slice(0, 1) });
  if (queries.length === 0) return [];
  return mini
    .search(
      { combineWith: 'OR', queries },
      { tokenize: (s: string) => [s], processTerm: (t: string) => t, boost: q.boost, combineWith: 'OR', prefix: false, fuzzy: false, boostTerm: q.termBoost },
    )
    .slice(0, limit)
    .map((h) => ({ id: h.id as number, score: h.score }));
}

