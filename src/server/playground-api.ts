// The playground's JSON API, shared by the server (src/server/playground.ts) and the page (web/src imports it).
// Types and constants only, over modules with no Node dependencies, so the page's build can read them.
import type { FigureFacts } from '../knowledge/types.js';
import type { Reply, Retrieval } from '../reply/model.js';
export type { ApiError } from './api-error.js';

export const ASK_PATH = '/api/playground/ask';
export const KNOWLEDGE_PATH = '/api/playground/knowledge';
/** Longest question the HTTP APIs accept (`/api/ask` and the playground): the bot's one limit (src/limits.ts). */
export { MAX_QUESTION_CHARS as MAX_REQUEST_QUESTION_CHARS } from '../limits.js';

export interface AskRequest {
  question: string;
}

export interface AskResponse {
  reply: Reply;
  /** Exactly the card JSON Lark would receive for this reply. */
  card: unknown;
  cardBytes: number;
  /** Retrieval details for questions (answer or no answer); null for commands and notices. */
  retrieval: Retrieval | null;
  /** Server time to route, render and explain, in milliseconds. */
  ms: number;
}

export interface KnowledgeDocument {
  id: string;
  file: string;
  title: string;
  year: number;
  region: string | null;
  source: string | null;
  published: string | null;
  sha256: string;
  sections: number;
  paragraphs: number;
  sentences: number;
  figures: number;
}

export interface KnowledgeSection {
  id: string;
  number: string;
  title: string;
  path: string;
  depth: number;
  kind: 'lead' | 'body' | 'closing';
}

export interface KnowledgeFigure extends FigureFacts {
  id: string;
  docId: string;
  section: string;
  sentence: string;
  corrected: boolean;
}

/**
 * An integrity note. A corrected term is injected spam and is never sent to a page: `term` is then the placeholder
 * 〔已屏蔽的注入词〕 (the one the whole bot uses); corrections.yaml names the term for maintainers. An excluded hit is the
 * report's own wording (reviewed) and is shown as is.
 */
export interface KnowledgeIntegrityNote {
  docId: string;
  paragraphId: string;
  section: string;
  term: string;
  masked: boolean;
  resolution: 'corrected' | 'excluded';
  replacement: string | null;
  reason: string;
  reviewer: string;
  date: string;
}

export interface KnowledgeCorrection {
  docId: string;
  paragraphId: string;
  section: string;
  originalMasked: string;
  replacement: string;
  reason: string;
  reviewer: string;
  date: string;
  /** The corrected paragraph around the replacement. */
  excerpt: string;
}

export interface KnowledgeResponse {
  version: string;
  documents: KnowledgeDocument[];
  outline: { docId: string; title: string; year: number; sections: KnowledgeSection[] }[];
  figures: KnowledgeFigure[];
  integrity: KnowledgeIntegrityNote[];
  corrections: KnowledgeCorrection[];
  synonyms: string[][];
}
