// Candidate retrieval: the same ranking as `MiniSearch#search` with exact terms, OR and field boosts (BM25+ per
// field, summed per term, times the number of distinct query terms matched), computed straight from
// MiniSearch's index. `search()` allocates options objects per term, a result object per matching sentence and
// sorts them all: on the bundled report that was a third of a query's CPU time and most of its garbage. Here a
// query touches only the postings of its terms, reuses its score buffers and keeps only the top candidates.
// `test/search/retrieve.test.ts` checks the ranking against `MiniSearch#search`; when the internals this reads
// are missing (another MiniSearch major), `search()` itself is used.
import type MiniSearch from 'minisearch';

export interface RetrievalQuery {
  /** Distinct terms searched in every field. */
  all: string[];
  /** Distinct terms (none of `all`) searched in the first field only. */
  textOnly: string[];
  fields: readonly string[];
  boost: Record<string, number>;
  termBoost: (term: string) => number;
}

export interface Hit {
  id: number;
  score: number;
}

/** Resolved terms kept per retriever (each holds its postings as typed arrays). */
const MAX_CACHED_TERMS = 50_000;

type Postings = Map<number, Map<number, number>>;

interface Internals {
  _index: { get(term: string): Postings | undefined };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _options: { searchOptions?: { bm25?: { k: number; b: number; d: number } } };
}

function internalsOf(mini: MiniSearch<never>): Internals | null {
  const m = mini as unknown as Partial<Internals>;
  const ok =
    m._index && typeof m._index.get === 'function' && m._fieldIds && m._fieldLength instanceof Map && Array.isArray(m._avgFieldLength) && typeof m._documentCount === 'number' && m._documentIds instanceof Map;
  return ok ? (m as Internals) : null;
}

export type Retriever = (q: RetrievalQuery, limit: number) => Hit[];

/** A retriever over `mini` (numeric ids); its buffers are reused across queries (one query at a time). */
export function createRetriever<T>(mini: MiniSearch<T>): Retriever {
  const m = internalsOf(mini as unknown as MiniSearch<never>);
  if (!m) return (q, limit) => viaSearch(mini, q, limit);
  const bm25 = m._options.searchOptions?.bm25 ?? { k: 1.2, b: 0.7, d: 0.5 };
  let size = 0;
  for (const short of m._documentIds.keys()) if (short >= size) size = short + 1;
  const ids = new Float64Array(size);
  for (const [short, id] of m._documentIds) ids[short] = Number(id);
  // Per document: score so far, distinct terms matched (0 = not retrieved yet), the current term's partial score.
  const score = new Float64Array(size);
  const terms = new Uint16Array(size);
  const termScore = new Float64Array(size);
  const inTerm = new Uint8Array(size);
  const touched: number[] = [];
  const termTouched: number[] = [];

  /** A term's postings in one field with their BM25+ scores: constant for an index, so computed once per term. */
  interface FieldPostings {
    docs: Int32Array;
    raw: Float64Array;
  }
  const cache = new Map<string, (FieldPostings | null)[]>();
  const fieldCount = Object.keys(m._fieldIds).length;

  function postingsOf(term: string): (FieldPostings | null)[] | null {
    const hit = cache.get(term);
    if (hit) return hit;
    const data = m!._index.get(term);
    if (!data) return null;
    const out: (FieldPostings | null)[] = [];
    for (let fieldId = 0; fieldId < fieldCount; fieldId++) {
      const freqs = data.get(fieldId);
      if (!freqs) {
        out.push(null);
        continue;
      }
      const matching = freqs.size;
      const avg = m!._avgFieldLength[fieldId]!;
      const idf = Math.log(1 + (m!._documentCount - matching + 0.5) / (matching + 0.5));
      const docs = new Int32Array(matching);
      const raw = new Float64Array(matching);
      let k = 0;
      freqs.forEach((tf, doc) => {
        const length = m!._fieldLength.get(doc)?.[fieldId] ?? 0;
        docs[k] = doc;
        raw[k++] = idf * (bm25.d + (tf * (bm25.k + 1)) / (tf + bm25.k * (1 - bm25.b + (bm25.b * length) / avg)));
      });
      out.push({ docs, raw });
    }
    // Bounded: the oldest terms go first (a large corpus has more terms than a server should keep resolved).
    if (cache.size >= MAX_CACHED_TERMS) cache.delete(cache.keys().next().value!);
    cache.set(term, out);
    return out;
  }

  function addTerm(term: string, fields: readonly string[], boost: Record<string, number>, termBoost: number): void {
    const data = postingsOf(term);
    if (!data) return;
    for (const field of fields) {
      const fieldId = m!._fieldIds[field];
      if (fieldId === undefined) continue;
      const p: FieldPostings | null | undefined = data[fieldId];
      if (!p) continue;
      const weight = termBoost * (boost[field] || 1);
      const docs: Int32Array = p.docs;
      const raw: Float64Array = p.raw;
      for (let k = 0; k < docs.length; k++) {
        const doc = docs[k]!;
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
    const out = topK(touched, (doc) => score[doc]! * terms[doc]!, limit).map((k) => ({ id: ids[touched[k]!]!, score: score[touched[k]!]! * terms[touched[k]!]! }));
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

function viaSearch<T>(mini: MiniSearch<T>, q: RetrievalQuery, limit: number): Hit[] {
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

/** The reference ranking (MiniSearch's own search), for tests. */
export function referenceRetrieve<T>(mini: MiniSearch<T>, q: RetrievalQuery, limit: number): Hit[] {
  return viaSearch(mini, q, limit);
}
