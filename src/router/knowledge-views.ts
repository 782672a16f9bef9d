// `/outline` and `/source`: the knowledge base as users see it.
import { injectedTerms, REDACTED_TERM, redactText } from '../knowledge/redact.js';
import { toDocumentRef, type KnowledgeBase } from '../knowledge/types.js';
import type { OutlineEntry, SourceInfo } from '../reply/model.js';

export function outlineOf(kb: KnowledgeBase) {
  return kb.documents.map((d) => ({
    document: toDocumentRef(d.meta),
    sections: d.sections.map((s): OutlineEntry => ({ sectionId: s.id, number: s.number, title: s.title, path: s.path, depth: s.depth })),
  }));
}

export function sourcesOf(kb: KnowledgeBase): SourceInfo[] {
  const injected = injectedTerms(kb);
  return kb.documents.map((d) => ({
    document: { ...toDocumentRef(d.meta), source: d.meta.source ?? null, published: d.meta.published ?? null, file: d.meta.file },
    sections: d.sections.length,
    paragraphs: d.paragraphs.length,
    sentences: d.sentences.length,
    figures: d.figures.length,
    integrity: d.integrity.map((n) => ({
      // A corrected term was injected spam: name it only as redacted. An excluded term is legitimate text.
      term: n.resolution === 'corrected' ? REDACTED_TERM : n.term,
      resolution: n.resolution,
      ...(n.replacement !== undefined ? { replacement: n.replacement } : {}),
      reason: redactText(n.reason, injected),
      reviewer: n.reviewer,
      date: n.date,
      paragraphId: n.paragraphId,
    })),
  }));
}
