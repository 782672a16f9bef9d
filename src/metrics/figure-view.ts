import type { Figure, KnowledgeBase, ParsedDocument } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import type { FigureView } from '../reply/model.js';

/** A figure as replies show it: with its quote (the sentence) and section path. */
export function toFigureView(doc: ParsedDocument, figure: Figure): FigureView {
  const sentence = doc.sentences.find((s) => s.id === figure.sentenceId);
  const section = doc.sections.find((s) => s.id === figure.sectionId);
  return {
    value: figure.value,
    unit: figure.unit,
    text: figure.text,
    label: figure.label,
    category: figure.category,
    qualifiers: figure.qualifiers,
    quote: sentence?.text ?? figure.text,
    section: section?.path ?? '',
    document: toDocumentRef(doc.meta),
    corrected: sentence?.corrected ?? false,
  };
}

export function documentOf(kb: KnowledgeBase, docId: string): ParsedDocument | undefined {
  return kb.documents.find((d) => d.meta.id === docId);
}
