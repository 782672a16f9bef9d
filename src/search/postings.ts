// Compact postings: for each field, every term's sentences and term frequencies in flat typed arrays. This is
// what the retriever reads and what the prebuilt file stores byte for byte. They are taken from MiniSearch's own
// index (its public `toJSON()`), so MiniSearch stays the indexer and the reference ranking
// (test/search/retrieve.test.ts). Why not MiniSearch's serialized index: at 90k sentences, loading it took 3 s
// and left 765 MB resident (a Map per term, built from a 41 MB JSON string); these load in milliseconds
// (README, "Why the engine serves from compact postings").
import type MiniSearch from 'minisearch';

export interface Postings {
  fields: readonly string[];
  /** Terms in id order. */
  terms: readonly string[];
  termIds: ReadonlyMap<string, number>;
  documentCount: number;
  /** Per field: average length in terms (MiniSearch's running average, kept exactly). */
  avgFieldLength: Float64Array;
  /** Per field, per document: length in terms. */
  fieldLength: Uint32Array[];
  /** Per field: where each term's postings start in `docs`/`freqs` (length: terms + 1). */
  offsets: Uint32Array[];
  /** Per field: documents, ascending within a term. */
  docs: Uint32Array[];
  /** Per field: the term's frequency in the document. */
  freqs: Uint16Array[];
  /** Per term: documents reached through any field (the cost of searching for it everywhere). */
  hits: Uint32Array;
}

/** Documents holding `term` in `field` (0 when the term is unknown). */
export function fieldCount(p: Postings, field: number, term: string): number {
  const t = p.termIds.get(term);
  if (t === undefined) return 0;
  const o = p.offsets[field]!;
  return o[t + 1]! - o[t]!;
}

/** The documents holding `term` in `field`, ascending (a view, not a copy). */
export function documentsOf(p: Postings, field: number, term: string): Uint32Array {
  const t = p.termIds.get(term);
  if (t === undefined) return new Uint32Array(0);
  const o = p.offsets[field]!;
  return p.docs[field]!.subarray(o[t]!, o[t + 1]!);
}

/** Documents reached through any field. */
export function hitCount(p: Postings, term: string): number {
  const t = p.termIds.get(term);
  return t === undefined ? 0 : p.hits[t]!;
}

interface MiniJson {
  documentCount: number;
  documentIds: Record<string, unknown>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  index: [string, Record<string, Record<string, number>>][];
  serializationVersion: number;
}

/**
 * The postings of a MiniSearch index whose ids are 0..n-1 (its documents in order). Fields come in `fields`
 * order, which must be the index's own field order.
 */
export function postingsFromMiniSearch<T>(mini: MiniSearch<T>, fields: readonly string[]): Postings {
  const json = mini.toJSON() as unknown as MiniJson;
  if (json.serializationVersion !== 2) throw new Error(`MiniSearch serialization version ${json.serializationVersion} is not supported`);
  const n = json.documentCount;
  // Short ids are MiniSearch's own numbering; the postings use the document ids (entry positions).
  const idOf = new Map<number, number>();
  for (const [short, id] of Object.entries(json.documentIds)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= n) throw new Error(`document id ${String(id)} is not a position 0..${n - 1}`);
    idOf.set(Number(short), id);
  }
  const fieldIds = fields.map((f) => {
    const id = json.fieldIds[f];
    if (id === undefined) throw new Error(`the index has no field ${f}`);
    return id;
  });
  const fieldLength = fields.map(() => new Uint32Array(n));
  for (const [short, lengths] of Object.entries(json.fieldLength)) {
    const doc = idOf.get(Number(short))!;
    fieldIds.forEach((fid, f) => (fieldLength[f]![doc] = lengths[fid] ?? 0));
  }
  const terms = json.index.map(([term]) => term);
  const counts = fields.map(() => 0);
  for (const [, data] of json.index) fieldIds.forEach((fid, f) => (counts[f]! += Object.keys(data[fid] ?? {}).length));
  const offsets = fields.map(() => new Uint32Array(terms.length + 1));
  const docs = counts.map((c) => new Uint32Array(c));
  const freqs = counts.map((c) => new Uint16Array(c));
  const hits = new Uint32Array(terms.length);
  const at = fields.map(() => 0);
  const reached = new Set<number>();
  json.index.forEach(([, data], t) => {
    reached.clear();
    fieldIds.forEach((fid, f) => {
      offsets[f]![t] = at[f]!;
      const list = Object.entries(data[fid] ?? {})
        .map(([short, tf]) => [idOf.get(Number(short))!, tf] as const)
        .sort((a, b) => a[0] - b[0]);
      for (const [doc, tf] of list) {
        if (tf > 0xffff) throw new Error(`term frequency ${tf} does not fit the postings`);
        docs[f]![at[f]!] = doc;
        freqs[f]![at[f]!] = tf;
        at[f]! += 1;
        reached.add(doc);
      }
    });
    hits[t] = reached.size;
  });
  fieldIds.forEach((_, f) => (offsets[f]![terms.length] = at[f]!));
  return {
    fields: [...fields],
    terms,
    termIds: new Map(terms.map((t, i) => [t, i])),
    documentCount: n,
    avgFieldLength: Float64Array.from(fieldIds.map((fid) => json.averageFieldLength[fid] ?? 0)),
    fieldLength,
    offsets,
    docs,
    freqs,
    hits,
  };
}
