// The sentence index: one MiniSearch document per sentence, with its paragraph and section titles as context
// fields (boosted lower than the sentence itself). A prebuilt index is a JSON file with a version header;
// it is used only when the header matches this code and the knowledge it was built from.
import { readFileSync, writeFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import type { Figure, KnowledgeBase, Paragraph, ParsedDocument, Section, Sentence } from '../knowledge/types.js';
import { normalize, tokenize, TOKENIZER_VERSION } from './tokenize.js';

/** Bump when the indexed fields or the file layout change. */
export const INDEX_SCHEMA_VERSION = 3;

// The paragraph is not a MiniSearch field: indexing it once per sentence made the index grow with paragraph
// length squared and every query touch each sentence of a matching paragraph; the re-ranker reads the
// paragraph of each candidate instead (src/search/engine.ts, coverage at half weight).
export const FIELDS = ['text', 'section'] as const;
export const FIELD_BOOST: Record<(typeof FIELDS)[number], number> = { text: 1, section: 0.4 };

export interface IndexHeader {
  schemaVersion: number;
  tokenizerVersion: number;
  knowledgeVersion: string;
  sentences: number;
}

/** One indexed sentence with everything the composer needs, resolved once at build time. */
export interface Entry {
  /** Position in `entries`, also the MiniSearch id. */
  i: number;
  doc: ParsedDocument;
  sentence: Sentence;
  paragraph: Paragraph;
  section: Section;
  figures: Figure[];
  /** Normalized sentence text (matching only; quotes come from the original text). */
  norm: string;
  /** Normalized paragraph text plus section titles, shared by the sentences of a paragraph. */
  contextNorm: string;
  /** The paragraph's sentences in order (for adjacent-sentence quotes). */
  siblings: Sentence[];
  /** Section title (plus a sub-section's parent title): the `section` field. */
  sectionText: string;
  /** Normalized `sectionText`. */
  sectionNorm: string;
}

export interface SearchIndex {
  header: IndexHeader;
  mini: MiniSearch<IndexedDoc>;
  entries: Entry[];
  /** Sentence document frequency of every term of the sentence texts (for term weights). */
  df: Map<string, number>;
  /** Sentences a term retrieves through any field (sentence or section title): the cost of searching for it. */
  hits: Map<string, number>;
}

interface IndexedDoc {
  id: number;
  text: string;
  section: string;
}

export class IndexVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexVersionError';
  }
}

const miniOptions = {
  fields: [...FIELDS],
  idField: 'id',
  tokenize: (text: string) => tokenize(text),
  processTerm: (term: string) => term,
};

function sectionContext(section: Section, byId: Map<string, Section>): string {
  const parent = section.parentId ? byId.get(section.parentId) : undefined;
  // The top-level titles are long slogans spanning everything below them: only a sub-section's own parent counts.
  return parent && parent.depth >= 2 ? `${section.title} ${parent.title}` : section.title;
}

/** Resolves every sentence of the knowledge base into an entry, in document order. */
export function entriesOf(kb: KnowledgeBase): Entry[] {
  const entries: Entry[] = [];
  for (const doc of kb.documents) {
    const sections = new Map(doc.sections.map((s) => [s.id, s]));
    const paragraphs = new Map(doc.paragraphs.map((p) => [p.id, p]));
    const bySentence = new Map<string, Figure[]>();
    for (const f of doc.figures) {
      const list = bySentence.get(f.sentenceId);
      if (list) list.push(f);
      else bySentence.set(f.sentenceId, [f]);
    }
    const siblings = new Map<string, Sentence[]>();
    for (const s of doc.sentences) {
      const list = siblings.get(s.paragraphId);
      if (list) list.push(s);
      else siblings.set(s.paragraphId, [s]);
    }
    const contextNorms = new Map<string, string>();
    for (const s of doc.sentences) {
      const paragraph = paragraphs.get(s.paragraphId);
      const section = sections.get(s.sectionId);
      if (!paragraph || !section) continue;
      const sectionText = sectionContext(section, sections);
      let contextNorm = contextNorms.get(paragraph.id);
      if (contextNorm === undefined) {
        contextNorm = normalize(`${paragraph.text}\n${sectionText}`);
        contextNorms.set(paragraph.id, contextNorm);
      }
      entries.push({
        i: entries.length,
        doc,
        sentence: s,
        paragraph,
        section,
        figures: bySentence.get(s.id) ?? [],
        norm: normalize(s.text),
        contextNorm,
        siblings: siblings.get(s.paragraphId) ?? [s],
        sectionText,
        sectionNorm: normalize(sectionText),
      });
    }
  }
  return entries;
}

function headerFor(kb: KnowledgeBase, sentences: number): IndexHeader {
  return { schemaVersion: INDEX_SCHEMA_VERSION, tokenizerVersion: TOKENIZER_VERSION, knowledgeVersion: kb.version, sentences };
}

/** Builds the index in memory. */
export function buildIndex(kb: KnowledgeBase): SearchIndex {
  const entries = entriesOf(kb);
  const df = new Map<string, number>();
  const textTerms = new Map<number, string[]>();
  const hits = new Map<string, number>();
  const sectionTerms = new Map<string, string[]>();
  for (const e of entries) {
    const terms = tokenize(e.sentence.text);
    textTerms.set(e.i, terms);
    const own = new Set(terms);
    for (const t of own) df.set(t, (df.get(t) ?? 0) + 1);
    let st = sectionTerms.get(e.sectionText);
    if (!st) sectionTerms.set(e.sectionText, (st = tokenize(e.sectionText)));
    for (const t of new Set([...own, ...st])) hits.set(t, (hits.get(t) ?? 0) + 1);
  }
  // The sentence field is tokenized once: MiniSearch gets the terms already computed for the frequencies.
  const mini = new MiniSearch<IndexedDoc>({
    ...miniOptions,
    tokenize: (text: string, field?: string) => (field === 'text' ? (textTerms.get(Number(text)) ?? []) : tokenize(text)),
  });
  mini.addAll(
    entries.map((e) => ({
      id: e.i,
      // The entry number: the tokenizer above maps it to the sentence's precomputed terms (nothing is stored).
      text: String(e.i),
      section: e.sectionText,
    })),
  );
  textTerms.clear();
  return { header: headerFor(kb, entries.length), mini, entries, df, hits };
}

/** The prebuilt index file: header first so a reader can check it before parsing the rest. */
export function serializeIndex(index: SearchIndex): string {
  return JSON.stringify({ header: index.header, df: [...index.df], hits: [...index.hits], index: index.mini.toJSON() });
}

/** Why a header cannot be used with this code and knowledge base, or null when it can. */
export function headerProblem(header: unknown, kb: KnowledgeBase): string | null {
  const h = header as Partial<IndexHeader> | null;
  if (!h || typeof h !== 'object') return 'the file has no version header';
  if (h.schemaVersion !== INDEX_SCHEMA_VERSION) return `index schema version ${String(h.schemaVersion)}, this program needs ${INDEX_SCHEMA_VERSION}`;
  if (h.tokenizerVersion !== TOKENIZER_VERSION) return `tokenizer version ${String(h.tokenizerVersion)}, this program uses ${TOKENIZER_VERSION}`;
  if (h.knowledgeVersion !== kb.version) return `built from knowledge version ${String(h.knowledgeVersion)}, the knowledge directory is now ${kb.version}`;
  return null;
}

/** Loads a serialized index for `kb`; throws IndexVersionError when it is stale or incompatible. */
export function deserializeIndex(kb: KnowledgeBase, json: string): SearchIndex {
  let parsed: { header?: unknown; index?: unknown; df?: unknown; hits?: unknown };
  try {
    parsed = JSON.parse(json) as { header?: unknown; index?: unknown; df?: unknown; hits?: unknown };
  } catch {
    throw new IndexVersionError('the prebuilt index is not valid JSON');
  }
  const problem = headerProblem(parsed.header, kb);
  if (problem) throw new IndexVersionError(`the prebuilt index is stale or incompatible: ${problem}`);
  const entries = entriesOf(kb);
  const header = parsed.header as IndexHeader;
  if (header.sentences !== entries.length) throw new IndexVersionError(`the prebuilt index has ${header.sentences} sentences, the knowledge has ${entries.length}`);
  if (!Array.isArray(parsed.df) || !Array.isArray(parsed.hits) || typeof parsed.index !== 'object' || parsed.index === null) throw new IndexVersionError('the prebuilt index is incomplete (no term table or index)');
  const mini = MiniSearch.loadJS<IndexedDoc>(parsed.index as Parameters<typeof MiniSearch.loadJS>[0], miniOptions);
  return { header, mini, entries, df: new Map(parsed.df as [string, number][]), hits: new Map(parsed.hits as [string, number][]) };
}

export interface LoadedIndex {
  index: SearchIndex;
  source: 'prebuilt' | 'built';
  /** Why a prebuilt file was not used, when one was given. */
  note?: string;
}

/**
 * Uses the prebuilt index at `file` when it matches the knowledge; otherwise builds in memory and says why.
 * A stale file is never used.
 */
export function loadOrBuildIndex(kb: KnowledgeBase, file?: string): LoadedIndex {
  if (file) {
    let json: string | null = null;
    try {
      json = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return { index: buildIndex(kb), source: 'built', note: `prebuilt index ${file} unreadable (${code ?? 'error'}); built in memory` };
    }
    if (json !== null) {
      try {
        return { index: deserializeIndex(kb, json), source: 'prebuilt' };
      } catch (e) {
        if (!(e instanceof IndexVersionError)) throw e;
        return { index: buildIndex(kb), source: 'built', note: `${e.message} (${file}); rebuilt in memory — run npm run build:knowledge to refresh it` };
      }
    }
  }
  return { index: buildIndex(kb), source: 'built' };
}

export function writeIndex(index: SearchIndex, file: string): void {
  writeFileSync(file, serializeIndex(index));
}
