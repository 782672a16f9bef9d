// The parsed knowledge as the prebuilt file stores it, so that start-up need not parse the reports again (at
// 1,000 reports parsing took 2.5 s, and plain JSON of the documents 37 MB). What the parser derives from other
// fields is left out: ids are their parent's id plus a suffix, every record's docId is its document's, and a
// sentence is its paragraph's text from `start`. `encodeDocument` checks each of these rules and throws when
// one does not hold, so a parser change breaks the build loudly instead of decoding to different data.
import type { AppliedCorrection, DocumentMeta, Figure, FigureQualifiers, IntegrityNote, Paragraph, ParsedDocument, Section, Sentence } from './types.js';

type EncodedSection = [suffix: string, number: string, title: string, depth: number, path: string, parent: number, kind: Section['kind']];
type EncodedParagraph = [section: number, suffix: string, text: string, corrections: AppliedCorrection[] | 0];
type EncodedFigure = [sentence: number, suffix: string, value: number, unit: string, text: string, label: string, category: string, qualifiers: FigureQualifiers | 0];

export interface EncodedDocument {
  meta: DocumentMeta;
  sha256: string;
  integrity: IntegrityNote[];
  sections: EncodedSection[];
  paragraphs: EncodedParagraph[];
  /** Five numbers a sentence: paragraph, start, length, flags (1 heading, 2 corrected), n of its `/t<n>` id. */
  sentences: number[];
  /** Sentence texts that are not their paragraph's text at `start` (by sentence position). */
  texts: Record<number, string>;
  figures: EncodedFigure[];
}

const SENTENCE_WIDTH = 5;

function suffixOf(id: string, parent: string, what: string): string {
  if (!id.startsWith(`${parent}/`)) throw new Error(`snapshot: ${what} id ${id} does not extend ${parent}`);
  return id.slice(parent.length + 1);
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(`snapshot: ${message}`);
}

export function encodeDocument(doc: ParsedDocument): EncodedDocument {
  const docId = doc.meta.id;
  const sectionAt = new Map(doc.sections.map((s, i) => [s.id, i]));
  const paragraphAt = new Map(doc.paragraphs.map((p, i) => [p.id, i]));
  const sentenceAt = new Map(doc.sentences.map((s, i) => [s.id, i]));
  const sections = doc.sections.map((s, i): EncodedSection => {
    check(s.docId === docId && s.order === i, `section ${s.id} is out of place`);
    const parent = s.parentId === null ? -1 : (sectionAt.get(s.parentId) ?? -2);
    check(parent !== -2, `section ${s.id} has an unknown parent`);
    return [suffixOf(s.id, docId, 'section'), s.number, s.title, s.depth, s.path, parent, s.kind];
  });
  const paragraphs = doc.paragraphs.map((p, i): EncodedParagraph => {
    const section = sectionAt.get(p.sectionId);
    check(p.docId === docId && p.order === i && section !== undefined, `paragraph ${p.id} is out of place`);
    return [section!, suffixOf(p.id, p.sectionId, 'paragraph'), p.text, p.corrections.length > 0 ? p.corrections : 0];
  });
  const sentences: number[] = [];
  const texts: Record<number, string> = {};
  doc.sentences.forEach((s, i) => {
    const at = paragraphAt.get(s.paragraphId);
    const p = at === undefined ? undefined : doc.paragraphs[at];
    check(p !== undefined && s.docId === docId && s.order === i && s.sectionId === p.sectionId, `sentence ${s.id} is out of place`);
    const n = /^t(\d+)$/u.exec(suffixOf(s.id, s.paragraphId, 'sentence'));
    check(n !== null, `sentence id ${s.id} is not <paragraph>/t<n>`);
    if (p!.text.slice(s.start, s.start + s.text.length) !== s.text) texts[i] = s.text;
    sentences.push(at!, s.start, s.text.length, (s.heading ? 1 : 0) | (s.corrected ? 2 : 0), Number(n![1]));
  });
  const figures = doc.figures.map((f): EncodedFigure => {
    const at = sentenceAt.get(f.sentenceId);
    check(at !== undefined && f.docId === docId && f.sectionId === doc.sentences[at]!.sectionId, `figure ${f.id} is out of place`);
    return [at!, suffixOf(f.id, f.sentenceId, 'figure'), f.value, f.unit, f.text, f.label, f.category, Object.keys(f.qualifiers).length > 0 ? f.qualifiers : 0];
  });
  return { meta: doc.meta, sha256: doc.sha256, integrity: doc.integrity, sections, paragraphs, sentences, texts, figures };
}

export function decodeDocument(e: EncodedDocument): ParsedDocument {
  const docId = e.meta.id;
  const sections: Section[] = [];
  e.sections.forEach(([suffix, number, title, depth, path, parent, kind], order) => {
    sections.push({ id: `${docId}/${suffix}`, docId, number, title, depth, path, parentId: parent < 0 ? null : sections[parent]!.id, order, kind });
  });
  const paragraphs = e.paragraphs.map(([section, suffix, text, corrections], order): Paragraph => {
    const sectionId = sections[section]!.id;
    return { id: `${sectionId}/${suffix}`, docId, sectionId, text, order, corrections: corrections === 0 ? [] : corrections };
  });
  const sentences: Sentence[] = [];
  for (let k = 0, order = 0; k < e.sentences.length; k += SENTENCE_WIDTH, order++) {
    const p = paragraphs[e.sentences[k]!]!;
    const start = e.sentences[k + 1]!;
    const flags = e.sentences[k + 3]!;
    sentences.push({
      id: `${p.id}/t${e.sentences[k + 4]!}`,
      docId,
      sectionId: p.sectionId,
      paragraphId: p.id,
      text: e.texts[order] ?? p.text.slice(start, start + e.sentences[k + 2]!),
      start,
      heading: (flags & 1) !== 0,
      corrected: (flags & 2) !== 0,
      order,
    });
  }
  const figures = e.figures.map(([sentence, suffix, value, unit, text, label, category, qualifiers]): Figure => {
    const s = sentences[sentence]!;
    return { id: `${s.id}/${suffix}`, docId, sectionId: s.sectionId, sentenceId: s.id, value, unit, text, label, category, qualifiers: qualifiers === 0 ? {} : qualifiers };
  });
  return { meta: e.meta, sections, paragraphs, sentences, figures, integrity: e.integrity, sha256: e.sha256 };
}
