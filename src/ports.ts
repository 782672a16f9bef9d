// The seams between the parts. Front ends (CLI, Lark, playground, digest) depend on these interfaces only;
// the composition roots (src/main.ts, src/cli/*.ts) build the real implementations and pass them in.
import type { KnowledgeBase } from './knowledge/types.js';
import type { AskReply, Citation, DigestContent, FigureView, Reply } from './reply/model.js';

/** Answers questions from a knowledge base. Pure over the loaded index: no I/O. */
export interface AnswerEngine {
  readonly kb: KnowledgeBase;
  /** A question → `answer` (graded answer/partial/overview) or `no_answer` (with `retrieval` details when `explain` is set). */
  ask(question: string, opts?: { explain?: boolean }): AskReply;
  /** Top quotes for a query, best first (the `/search` command). */
  search(query: string, limit?: number): Citation[];
  /** Figures whose label, sentence or category matches the keyword, best first (the `/metric` command). */
  metrics(keyword: string): FigureView[];
  /** Metric categories with counts (the `/metric` command with no keyword). */
  metricCategories(): { name: string; count: number }[];
}

/** Builds the digest for a date; deterministic for a date and knowledge version. */
export interface DigestPlanner {
  /** Asynchronous when it reads state (which documents were announced already). */
  digestFor(date: string): DigestContent | Promise<DigestContent>;
}

/** Chat subscriptions for the daily digest (state shared by every replica, hence asynchronous). */
export interface SubscriptionStore {
  subscribe(chatId: string): Promise<'subscribed' | 'already_subscribed'>;
  unsubscribe(chatId: string): Promise<'unsubscribed' | 'not_subscribed'>;
}

/** Where a message came from, when it came from a chat. */
export interface ChatContext {
  chatId: string;
  chatType: 'p2p' | 'group';
  /** The asker's open_id, if known. */
  userId?: string;
}

export interface RouteInput {
  text: string;
  chat?: ChatContext;
}

/** Routes a user's text to a command or a question and returns the reply model (commands may read or write state). */
export interface Router {
  route(input: RouteInput): Promise<Reply>;
}

/** Today's date (YYYY-MM-DD) in the digest time zone; injected so tests control the clock. */
export type Today = () => string;

/** One asked question, for the unanswered-questions loop (embedded state). */
export interface QuestionRecord {
  at: number;
  chatId: string | null;
  userId: string | null;
  messageId: string | null;
  text: string;
  answered: boolean;
  topScore: number;
  latencyMs: number;
  /** The top citation's sentence id, so feedback can be tied to what was shown. */
  sentenceId: string | null;
}

export interface QuestionRecorder {
  record(q: QuestionRecord): Promise<void>;
  /** Feedback from the 👍/👎 buttons, tied to the message the card answered. */
  vote(messageId: string, vote: 'up' | 'down', userId: string | null): Promise<void>;
}
