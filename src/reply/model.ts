// The reply model: plain data that every front end renders (CLI JSON, Lark cards, the playground, the digest).
// Nothing here knows about Lark or about how the answer was found.
import type { DocumentRef, FigureQualifiers } from '../knowledge/types.js';

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

export interface FigureView {
  value: number;
  unit: string;
  /** As written, a substring of `quote`. */
  text: string;
  label: string;
  category: string;
  qualifiers: FigureQualifiers;
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

export type Reply =
  | { kind: 'answer'; question: string; citations: Citation[]; figures: FigureView[]; confidence: number; retrieval?: Retrieval }
  | { kind: 'no_answer'; question: string; suggestions: SectionSuggestion[]; retrieval?: Retrieval }
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
