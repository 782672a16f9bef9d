// The knowledge model: plain data produced by the knowledge build and read by search, commands and the digest.

export interface DocumentMeta {
  /** Stable id: the file name without extension, e.g. `qingyuan-2021`. */
  id: string;
  /** File name inside the knowledge directory, e.g. `qingyuan-2021.txt`. */
  file: string;
  title: string;
  year: number;
  region?: string;
  source?: string;
  published?: string;
}

/** What a citation shows about its document: enough to name it, nothing more. */
export interface DocumentRef {
  id: string;
  title: string;
  region: string | null;
  year: number;
}

export interface Section {
  /** Stable id, `<docId>/s<path>`, e.g. `qingyuan-2021/s2.2.3`; lead = `/lead`, closing = `/closing`. */
  id: string;
  docId: string;
  /** Numbering as written, e.g. `二、` `(二)` `3.`; empty for lead and closing. */
  number: string;
  title: string;
  /** 0 = lead/closing, 1 = `一、`, 2 = `(一)`, 3 = `1.`. */
  depth: number;
  /** Human path, e.g. `二、(二)3. 大力推进严格规范公正文明执法`. */
  path: string;
  parentId: string | null;
  /** Order of appearance in the document, 0-based. */
  order: number;
  kind: 'lead' | 'body' | 'closing';
}

export interface Paragraph {
  /** `<sectionId>/p<n>` */
  id: string;
  docId: string;
  sectionId: string;
  /** The paragraph text after reviewed corrections (the heading prefix included when it is inline). */
  text: string;
  order: number;
  /** Corrections applied inside this paragraph. */
  corrections: AppliedCorrection[];
}

export interface Sentence {
  /** `<paragraphId>/t<n>` */
  id: string;
  docId: string;
  sectionId: string;
  paragraphId: string;
  /** Verbatim text (after reviewed corrections): a substring of the paragraph text. */
  text: string;
  /** Character offset of `text` inside the paragraph. */
  start: number;
  /** True when the sentence is a heading title rather than body text. */
  heading: boolean;
  /** True when a reviewed correction changed this sentence. */
  corrected: boolean;
  order: number;
}

export interface FigureQualifiers {
  approximate?: boolean; // 余, 约, 近, 多
  change?: string; // 同比上升, 同比下降, 增长, 增至, 扩至 …
  rank?: number; // 第N
  period?: string; // 上半年, 截至8月, 连续6个月 …
}

/** What a figure says, the same wherever it is shown (cards, `--json`, the playground). */
export interface FigureFacts {
  value: number;
  unit: string;
  /** The figure as written in the sentence, e.g. `2551人次`, `30余个`, `97.2%`. A substring of the sentence. */
  text: string;
  /** Human label from its sentence, e.g. `培训乡镇街道执法人员`. */
  label: string;
  /** Metric category for `/metric` with no keyword, e.g. `执法`, `司法`, `调解`. */
  category: string;
  qualifiers: FigureQualifiers;
}

export interface Figure extends FigureFacts {
  id: string;
  docId: string;
  sectionId: string;
  sentenceId: string;
}

export interface AppliedCorrection {
  original: string;
  replacement: string;
  reason: string;
  reviewer: string;
  date: string;
}

export interface IntegrityNote {
  docId: string;
  paragraphId: string;
  term: string;
  resolution: 'corrected' | 'excluded';
  replacement?: string;
  reason: string;
  reviewer: string;
  date: string;
}

export interface ParsedDocument {
  meta: DocumentMeta;
  sections: Section[];
  paragraphs: Paragraph[];
  sentences: Sentence[];
  figures: Figure[];
  integrity: IntegrityNote[];
  /** sha256 of the file as read (front matter included). */
  sha256: string;
}

export interface KnowledgeBase {
  dir: string;
  documents: ParsedDocument[];
  /** Synonym groups from `synonyms.txt`. */
  synonyms: string[][];
  /** Hash over every input file: changes whenever the knowledge changes. */
  version: string;
}

export function toDocumentRef(meta: DocumentMeta): DocumentRef {
  return { id: meta.id, title: meta.title, region: meta.region ?? null, year: meta.year };
}
