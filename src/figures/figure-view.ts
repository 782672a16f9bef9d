import type { Figure, KnowledgeBase, ParsedDocument, Section, Sentence } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import type { FigureView } from '../reply/model.js';

interface DocIndex {
  sentences: Map<string, Sentence>;
  sections: Map<string, Section>;
}

// Documents are immutable once loaded; index each once instead of scanning its sentences per figure.
const indexes = new WeakMap<ParsedDocument, DocIndex>();

function indexOf(doc: ParsedDocument): DocIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = { sentences: new Map(doc.sentences.map((s) => [s.id, s])), sections: new Map(doc.sections.map((s) => [s.id, s])) };
    indexes.set(doc, index);
  }
  return index;
}

/** A figure as replies show it: with its quote (the sentence) and section path. */
export function toFigureView(doc: ParsedDocument, figure: Figure): FigureView {
  const { sentences, sections } = indexOf(doc);
  const sentence = sentences.get(figure.sentenceId);
  const section = sections.get(figure.sectionId);
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
