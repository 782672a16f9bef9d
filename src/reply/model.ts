// The reply model: plain data that every front end renders (CLI JSON, Lark cards, the playground, the digest).
// Nothing here knows about Lark or about how the answer was found.
import type { DocumentRef, FigureFacts } from '../knowledge/types.js';

export interface Citation {
  /** Verbatim quote (≤ 200 characters) from the (corrected) report. */
  quote: string;
  /** Section path, e.g. `二、(二)3. 大力推进严格规范公正文明执法`. */
  section: string;
  sectionId: string;
  paragraphId: string;
  sentenceIds: string[];
  document: DocumentRef;
  score: number;
  /** True when a reviewed correction changed the quoted text. */
  corrected: boolean;
  /** The corrections behind `corrected`, for the note the reply shows. */
  corrections: { original: string; replacement: string; reason: string }[];
  /** Terms of the question found in the quote (for highlighting), longest first. */
  highlights: string[];
  /** The whole paragraph, shown on demand. */
  context: string;
}

/** A figure with its source, for a reply; its `text` is a substring of `quote`. */
export interface FigureView extends FigureFacts {
  quote: string;
  section: string;
  document: DocumentRef;
  corrected: boolean;
}

export interface SectionSuggestion {
  section: string;
  sectionId: string;
  document: DocumentRef;
}

export interface CommandInfo {
  name: string;
  aliases: string[];
  usage: string;
  summary: string;
}

/** Why the engine answered or refused: shown by the playground and logged; never needed to render a card. */
export interface Retrieval {
  tokens: string[];
  synonyms: string[];
  topScore: number;
  threshold: number;
  reason: string;
  candidates: { sentenceId: string; text: string; section: string; score: number }[];
}

export interface OutlineEntry {
  sectionId: string;
  number: string;
  title: string;
  path: string;
  depth: number;
}

export interface SourceInfo {
  document: DocumentRef & { source: string | null; published: string | null; file: string };
  sections: number;
  paragraphs: number;
  sentences: number;
  figures: number;
  integrity: { term: string; resolution: 'corrected' | 'excluded'; replacement?: string; reason: string; reviewer: string; date: string; paragraphId: string }[];
}

export interface DigestContent {
  date: string;
  /** Set when the digest announces a report that entered the knowledge base. */
  announcement?: { document: DocumentRef; sections: number };
  section: SectionSuggestion;
  citations: Citation[];
  figures: FigureView[];
  /** Questions one could ask the bot about the section. */
  questions: string[];
}

/**
 * How well the reports answer a question. `answer`: a sentence answers it (when a number is asked, one of the
 * kind asked); `partial`: the topic is there, the asked figure or detail is not (`missing` says what);
 * `overview`: a broad question, answered by a section's key sentences. The fourth grade, nothing relevant, is
 * the `no_answer` reply.
 */
export type AnswerGrade = 'answer' | 'partial' | 'overview';

/** What a `partial` reply lacks, said plainly: 报告提到了<topic>,但没有给出<what>。 */
export interface Missing {
  topic: string;
  what: 'figure' | 'time' | 'detail';
}

/** The reports a question named (a region, a year, or both, including implied ones: 去年, 我市). */
export interface Scope {
  /** As shown to users: 静海区, 2022年, 静海区2022年. */
  label: string;
  documentIds: string[];
}

/** One row of a comparison across one region's yearly reports: the figure each year's report gives. */
export interface ComparisonRow {
  year: number;
  document: DocumentRef;
  figure: FigureView | null;
  citation: Citation | null;
}

export interface Comparison {
  region: string | null;
  rows: ComparisonRow[];
}

export interface AnswerReply {
  kind: 'answer';
  grade: AnswerGrade;
  question: string;
  /** Best first. For `overview`, the section's key sentences (best first). */
  citations: Citation[];
  figures: FigureView[];
  confidence: number;
  missing?: Missing;
  /** `overview`: the section that answers. */
  overview?: SectionSuggestion;
  scope?: Scope;
  comparison?: Comparison;
  retrieval?: Retrieval;
}

export interface NoAnswerReply {
  kind: 'no_answer';
  question: string;
  suggestions: SectionSuggestion[];
  /** Set when the question named reports (a region, a year) and they do not answer it. */
  scope?: Scope;
  /** A clearly labelled pointer: what another report says on the topic. Never the answer. */
  elsewhere?: Citation;
  retrieval?: Retrieval;
}

/** The two replies to a question. */
export type AskReply = AnswerReply | NoAnswerReply;

/** The kind of a reply to a question, as the JSON contract names it. */
export type AskKind = AnswerGrade | 'none';

export const askKind = (r: AskReply): AskKind => (r.kind === 'answer' ? r.grade : 'none');

export type Reply =
  | AnswerReply
  | NoAnswerReply
  | { kind: 'help'; commands: CommandInfo[] }
  | { kind: 'unknown_command'; command: string; suggestion: CommandInfo | null; commands: CommandInfo[] }
  | { kind: 'metric'; keyword: string; figures: FigureView[]; categories: { name: string; count: number }[] }
  | { kind: 'search'; query: string; citations: Citation[] }
  | { kind: 'outline'; documents: { document: DocumentRef; sections: OutlineEntry[] }[] }
  | { kind: 'source'; documents: SourceInfo[]; /** The knowledge version being served (it changes on reload). */ version?: string }
  | { kind: 'digest'; digest: DigestContent }
  | { kind: 'subscription'; action: 'subscribed' | 'unsubscribed' | 'already_subscribed' | 'not_subscribed' | 'unavailable' }
  /** A short polite message: unsupported message type, too long, empty question, internal error. */
  | { kind: 'notice'; level: 'info' | 'warning' | 'error'; text: string };

export type ReplyKind = Reply['kind'];
