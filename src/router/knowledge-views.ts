// `/outline` and `/source`: the knowledge base as users see it.
import { toDocumentRef, type KnowledgeBase } from '../knowledge/types.js';
import type { OutlineEntry, SourceInfo } from '../reply/model.js';

export function outlineOf(kb: KnowledgeBase) {
  return kb.documents.map((d) => ({
    document: toDocumentRef(d.meta),
    sections: d.sections.map((s): OutlineEntry => ({ sectionId: s.id, number: s.number, title: s.title, path: s.path, depth: s.depth })),
  }));
}

export function sourcesOf(kb: KnowledgeBase): SourceInfo[] {
  return kb.documents.map((d) => ({
    document: { ...toDocumentRef(d.meta), source: d.meta.source ?? null, published: d.meta.published ?? null, file: d.meta.file },
    sections: d.sections.length,
    paragraphs: d.paragraphs.length,
    sentences: d.sentences.length,
    figures: d.figures.length,
    integrity: d.integrity.map((n) => ({
      term: n.term,
      resolution: n.resolution,
      ...(n.replacement !== undefined ? { replacement: n.replacement } : {}),
      reason: n.reason,
      reviewer: n.reviewer,
      date: n.date,
      paragraphId: n.paragraphId,
    })),
  }));
}
