// The sentence index: one MiniSearch document per sentence, with its section titles as a second field (boosted
// lower than the sentence itself). MiniSearch builds it; the engine keeps only its postings in compact form
// (src/search/postings.ts), which is also what the prebuilt file stores (src/search/index-file.ts).
import MiniSearch from 'minisearch';
import type { Figure, KnowledgeBase, Paragraph, ParsedDocument, Section, Sentence } from '../knowledge/types.js';
import { postingsFromMiniSearch, type Postings } from './postings.js';
import { normalize, tokenize, TOKENIZER_VERSION } from './tokenize.js';

/** Bump when the indexed fields or the file layout change. */
export const INDEX_SCHEMA_VERSION = 4;

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

/** What the sentences of one paragraph share. */
interface ParagraphContext {
  paragraph: Paragraph;
  section: Section;
  siblings: Sentence[];
  sectionText: string;
  norm?: string;
  sectionNorm?: string;
}

/**
 * One indexed sentence with everything the composer needs. The normalized texts are made on first use: the
 * re-ranker reads them for a few dozen candidates per question, and making them all at start-up cost half a
 * second at 90k sentences.
 */
export class Entry {
  #norm: string | undefined;
  constructor(
    /** Position in `entries`, also the document id in the postings. */
    readonly position: number,
    readonly doc: ParsedDocument,
    readonly sentence: Sentence,
    readonly figures: Figure[],
    private readonly ctx: ParagraphContext,
  ) {}

  get paragraph(): Paragraph {
    return this.ctx.paragraph;
  }
  get section(): Section {
    return this.ctx.section;
  }
  /** The paragraph's sentences in order (for adjacent-sentence quotes). */
  get siblings(): Sentence[] {
    return this.ctx.siblings;
  }
  /** Section title (plus a sub-section's parent title): the `section` field. */
  get sectionText(): string {
    return this.ctx.sectionText;
  }
  /** Normalized sentence text (matching only; quotes come from the original text). */
  get norm(): string {
    return (this.#norm ??= normalize(this.sentence.text));
  }
  /** Normalized paragraph text plus section titles, shared by the sentences of a paragraph. */
  get contextNorm(): string {
    return (this.ctx.norm ??= normalize(`${this.ctx.paragraph.text}\n${this.ctx.sectionText}`));
  }
  /** Normalized `sectionText`. */
  get sectionNorm(): string {
    return (this.ctx.sectionNorm ??= normalize(this.ctx.sectionText));
  }
}

export interface SearchIndex {
  header: IndexHeader;
  entries: Entry[];
  postings: Postings;
}

interface IndexedDoc {
  id: number;
  text: string;
  section: string;
}

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
    const bySentence = new Map<string, Figure[]>();
    for (const f of doc.figures) {
      const list = bySentence.get(f.sentenceId);
      if (list) list.push(f);
      else bySentence.set(f.sentenceId, [f]);
    }
    const paragraphs = new Map(doc.paragraphs.map((p) => [p.id, p]));
    const contexts = new Map<string, ParagraphContext>();
    for (const s of doc.sentences) {
      let ctx = contexts.get(s.paragraphId);
      if (!ctx) {
        const paragraph = paragraphs.get(s.paragraphId);
        const section = paragraph && sections.get(paragraph.sectionId);
        if (!paragraph || !section) continue;
        ctx = { paragraph, section, siblings: [], sectionText: sectionContext(section, sections) };
        contexts.set(s.paragraphId, ctx);
      }
      ctx.siblings.push(s);
      entries.push(new Entry(entries.length, doc, s, bySentence.get(s.id) ?? [], ctx));
    }
  }
  return entries;
}

function headerFor(kb: KnowledgeBase, sentences: number): IndexHeader {
  return { schemaVersion: INDEX_SCHEMA_VERSION, tokenizerVersion: TOKENIZER_VERSION, knowledgeVersion: kb.version, sentences };
}

/** MiniSearch over the entries' sentences and section titles (ids are entry positions). */
export function buildMiniSearch(entries: readonly Entry[]): MiniSearch<IndexedDoc> {
  // A section title is shared by every sentence under it: tokenized once.
  const titles = new Map<string, string[]>();
  const tokenizeField = (text: string, field?: string): string[] => {
    if (field !== 'section') return tokenize(text);
    let terms = titles.get(text);
    if (!terms) titles.set(text, (terms = tokenize(text)));
    return terms;
  };
  const mini = new MiniSearch<IndexedDoc>({ fields: [...FIELDS], idField: 'id', tokenize: tokenizeField, processTerm: (term: string) => term });
  mini.addAll(entries.map((e) => ({ id: e.position, text: e.sentence.text, section: e.sectionText })));
  return mini;
}

/** Builds the index in memory. */
export function buildIndex(kb: KnowledgeBase): SearchIndex {
  const entries = entriesOf(kb);
  return { header: headerFor(kb, entries.length), entries, postings: postingsFromMiniSearch(buildMiniSearch(entries), FIELDS) };
}
