// What the digest can talk about: sections "with substance" (body text with figures or at least two sentences,
// not bare headings) and the key points of one such section as verbatim quotes.
import type { Figure, KnowledgeBase, ParsedDocument, Section, Sentence } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import type { Citation } from '../reply/model.js';
import { correctionNotes } from '../knowledge/redact.js';

import { MAX_QUOTE_CHARS as MAX_QUOTE } from '../knowledge/split-sentences.js';
/** Sentences shorter than this are fragments ("召开全市立法工作会议。" is kept; "推广。" is not). */
const MIN_POINT = 10;

export interface SectionMaterial {
  doc: ParsedDocument;
  section: Section;
  /** Body sentences (headings excluded), in document order. */
  sentences: Sentence[];
  figures: Figure[];
}

export function sectionMaterial(doc: ParsedDocument, section: Section): SectionMaterial {
  return {
    doc,
    section,
    sentences: doc.sentences.filter((s) => s.sectionId === section.id && !s.heading).sort((a, b) => a.order - b.order),
    figures: doc.figures.filter((f) => f.sectionId === section.id),
  };
}

export function hasSubstance(m: SectionMaterial): boolean {
  const points = m.sentences.filter((s) => s.text.length >= MIN_POINT);
  return m.figures.length > 0 ? points.length >= 1 : points.length >= 2;
}

/** Sections with substance across the knowledge base, documents by id, sections in document order. */
export function substantiveSections(kb: KnowledgeBase): SectionMaterial[] {
  return [...kb.documents]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .flatMap((doc) => [...doc.sections].sort((a, b) => a.order - b.order).map((s) => sectionMaterial(doc, s)))
    .filter(hasSubstance);
}

/** A verbatim quote of at most MAX_QUOTE characters: the sentence, or its longest leading run of whole clauses. */
export function quoteOf(text: string): string {
  if (text.length <= MAX_QUOTE) return text;
  const head = text.slice(0, MAX_QUOTE);
  const cut = Math.max(...[',', '\uFF0C', ';', '\uFF1B'].map((c) => head.lastIndexOf(c)));
  return cut > MIN_POINT ? head.slice(0, cut) : head;
}

/** How much a sentence says: figures weigh most, then length (up to a point). */
function substance(s: Sentence, figures: Figure[]): number {
  const n = figures.filter((f) => f.sentenceId === s.id).length;
  return 2 * Math.min(n, 3) + Math.min(s.text.length, 120) / 120;
}

/** Up to `limit` key points, the most substantial sentences, shown in document order. */
export function keyPoints(m: SectionMaterial, limit = 3): Citation[] {
  const candidates = m.sentences.filter((s) => s.text.length >= MIN_POINT);
  const scored = candidates.map((s) => ({ s, score: substance(s, m.figures) }));
  const top = [...scored].sort((a, b) => b.score - a.score || a.s.order - b.s.order).slice(0, limit);
  const best = Math.max(...top.map((t) => t.score), 1);
  const ref = toDocumentRef(m.doc.meta);
  return top
    .sort((a, b) => a.s.order - b.s.order)
    .map(({ s, score }) => {
      const paragraph = m.doc.paragraphs.find((p) => p.id === s.paragraphId);
      const quote = quoteOf(s.text);
      const corrections = s.corrected ? (paragraph?.corrections ?? []).filter((c) => quote.includes(c.replacement)) : [];
      return {
        quote,
        section: m.section.path,
        sectionId: m.section.id,
        paragraphId: s.paragraphId,
        sentenceIds: [s.id],
        document: ref,
        score: Math.round((score / best) * 1000) / 1000,
        corrected: s.corrected,
        corrections: correctionNotes(corrections),
        highlights: m.figures.filter((f) => f.sentenceId === s.id && quote.includes(f.text)).map((f) => f.text).sort((a, b) => b.length - a.length),
        context: paragraph?.text ?? s.text,
      };
    });
}
