// The state stores the bot depends on, one interface per store. Every method returns a Promise so that the
// embedded SQLite file and a shared PostgreSQL database fit the same seam; the composition root picks the
// implementation and passes the stores in, so the pipeline, the digest and the CLIs never know which one runs.
import type { QuestionRecord, QuestionRecorder, SubscriptionStore } from '../ports.js';

// ── Inbox and dedupe ────────────────────────────────────────────────────────────────────────────────────────

export type InboxStatus = 'pending' | 'done' | 'failed';

export interface InboxEntry<P = unknown> {
  key: string;
  eventId: string | null;
  status: InboxStatus;
  receivedAt: number;
  attempts: number;
  payload: P;
}

export interface ClaimInput {
  key: string;
  eventId: string | null;
  receivedAt: number;
  payload: unknown;
}

export interface InboxOptions {
  /** How long seen ids are kept for dedupe (default DEDUPE_TTL_MS). */
  ttlMs?: number;
  /** How long a process holds an entry it answers before another may take it over (default 60 s). */
  leaseMs?: number;
  /** This process, as lease holder (default: host, pid and a random suffix). */
  owner?: string;
  now?: () => number;
}

/** Lark retries for ~7.1 h; keep seen ids well beyond that. */
export const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
/** Long enough for an answer with its outbound retries; short enough that a dead replica's work resumes soon. */
export const DEFAULT_LEASE_MS = 60_000;

export interface Inbox {
  /**
   * Claims a message (by `key`, e.g. `msg:<message_id>`) and its event id in one transaction. Returns
   * `duplicate` when either was seen before, else stores the entry as pending, leased to this process, and
   * returns `new`.
   */
  claim(entry: ClaimInput): Promise<'new' | 'duplicate'>;
  /** Records an event id alone (card callbacks, bot removed); `duplicate` when seen before. */
  claimEvent(eventId: string, at: number): Promise<'new' | 'duplicate'>;
  /**
   * Renews this process's lease on a pending entry just before it is answered (or for `leaseMs` before a later
   * retry). False when the entry is no longer pending or another process holds it: the caller must not send.
   */
  renew(key: string, leaseMs?: number): Promise<boolean>;
  markDone(key: string): Promise<void>;
  markFailed(key: string, error: string): Promise<void>;
  /** Counts an attempt (a resumed entry that keeps crashing the worker must not loop forever). */
  addAttempt(key: string): Promise<number>;
  /**
   * Takes over pending entries received after `since` whose lease has expired (their process died, or this is a
   * restart), oldest first, at most `limit`: each is leased to this process and its attempt count raised.
   * `all` also takes entries whose lease still runs (one process owning the store: a restart resumes at once).
   */
  takeOver<P>(opts: { since: number; limit: number; all?: boolean }): Promise<InboxEntry<P>[]>;
  /** Pending entries received after `since`, oldest first. */
  pending<P>(since: number): Promise<InboxEntry<P>[]>;
  get<P>(key: string): Promise<InboxEntry<P> | null>;
  /** Removes entries and event ids older than the dedupe TTL; returns how many rows went. */
  prune(now: number): Promise<number>;
}

// ── Failed replies ──────────────────────────────────────────────────────────────────────────────────────────

export interface FailedReply {
  at: number;
  messageId: string;
  chatId: string | null;
  question: string;
  errorCode: number | null;
  error: string;
}

export interface FailedReplies {
  record(f: FailedReply): Promise<void>;
  list(limit?: number): Promise<FailedReply[]>;
  count(): Promise<number>;
}

// ── Digest subscriptions ────────────────────────────────────────────────────────────────────────────────────

export type SubscriptionState = 'subscribed' | 'unsubscribed' | 'removed';

export interface DigestSubscriptions extends SubscriptionStore {
  isSubscribed(chatId: string): Promise<boolean>;
  /** Chats subscribed with `/subscribe`, sorted. */
  list(): Promise<string[]>;
  /** Everyone the digest goes to: `list()` plus the configured chats that have not opted out, sorted. */
  recipients(): Promise<string[]>;
  /** The bot left or was removed from the chat: the subscription ends. True when the chat was a recipient. */
  onBotRemoved(chatId: string, reason?: string): Promise<boolean>;
  /** The bot was added to the chat again: a configured chat receives again. */
  onBotAdded(chatId: string): Promise<void>;
  stateOf(chatId: string): Promise<SubscriptionState | null>;
}

// ── Digest log ──────────────────────────────────────────────────────────────────────────────────────────────

export type DigestStatus = 'sending' | 'sent' | 'failed' | 'gone';

export interface DigestLogEntry {
  chatId: string;
  date: string;
  status: DigestStatus;
  uuid: string;
  attempts: number;
  claimedAt: number;
  updatedAt: number;
  messageId: string | null;
  error: string | null;
}

/** `claimed`: send now. `done`: sent, or given up (chat gone, attempts spent). `busy`: another run is sending. */
export type ClaimResult = 'claimed' | 'done' | 'busy';

export interface DigestLog {
  claim(chatId: string, date: string, uuid: string): Promise<ClaimResult>;
  markSent(chatId: string, date: string, messageId: string | null): Promise<void>;
  markFailed(chatId: string, date: string, error: string): Promise<void>;
  /** The chat is gone (bot removed): never retried. */
  markGone(chatId: string, date: string, error: string): Promise<void>;
  entries(date: string): Promise<DigestLogEntry[]>;
  /** Chats of `date` that failed and still have attempts left. */
  retryable(date: string): Promise<string[]>;
  /** Documents announced on a date before `date` (the baseline counts as announced before any date). */
  announcedBefore(date: string): Promise<string[]>;
  recordAnnouncement(docId: string, date: string): Promise<void>;
  /** First start: the documents already there are the baseline, not news. No-op once anything is recorded. */
  seedAnnouncements(docIds: readonly string[]): Promise<void>;
  /** Drops log rows older than `date` (keeps the table small). */
  prune(beforeDate: string): Promise<number>;
}

export interface DigestLogOptions {
  now?: () => number;
  /** How long a `sending` claim holds before another run may take it over (default 10 min, < Lark's 1 h uuid window). */
  leaseMs?: number;
  /** Attempts per chat and date before giving up (default 5). */
  maxAttempts?: number;
}

// ── Feedback ────────────────────────────────────────────────────────────────────────────────────────────────

export type Vote = 'up' | 'down';

export interface FeedbackInput {
  /** The question's message id when the card carried it, else the card's own message id. */
  messageId: string;
  userId: string | null;
  vote: Vote;
  question: string;
  /** The answer shown: top sentence id and section path. */
  sentenceId: string | null;
  section: string | null;
  chatId: string | null;
  at: number;
}

export interface FeedbackStore {
  record(f: FeedbackInput): Promise<'recorded' | 'changed' | 'unchanged'>;
  counts(): Promise<{ up: number; down: number }>;
  list(limit?: number): Promise<FeedbackInput[]>;
}

// ── Question log ────────────────────────────────────────────────────────────────────────────────────────────

export interface LoggedQuestion extends QuestionRecord {
  id: number;
  vote: Vote | null;
}

export interface QuestionLog extends QuestionRecorder {
  /** Deletes questions older than the retention; returns how many rows went. */
  prune(): Promise<number>;
  /** Questions since a time (ms), oldest first; `onlyUnanswered` keeps refused or 👎-voted ones. */
  list(opts?: { since?: number; onlyUnanswered?: boolean; limit?: number }): Promise<LoggedQuestion[]>;
  count(): Promise<number>;
  /** Stops the prune timer (the database is the caller's to close). */
  close(): void;
}

export interface QuestionLogOptions {
  /** Days to keep; `QUESTION_LOG_DAYS` in the environment (read by the composition root). */
  retentionDays?: number;
  /** Injected clock (ms since epoch), for tests. */
  now?: () => number;
  /** How often to prune while running; 0 disables the timer (pruning on open still happens). */
  pruneIntervalMs?: number;
  onError?: (err: unknown) => void;
}

// ── All of them ─────────────────────────────────────────────────────────────────────────────────────────────

export interface SubscriptionStoreOptions {
  /** DIGEST_CHAT_IDS: recipients in addition to `/subscribe`. */
  configChatIds?: readonly string[];
  now?: () => number;
}

export interface StoreOptions {
  subscriptions?: SubscriptionStoreOptions;
  digestLog?: DigestLogOptions;
  questionLog?: QuestionLogOptions;
  inbox?: InboxOptions;
}

export interface StateStores {
  inbox: Inbox;
  failedReplies: FailedReplies;
  subscriptions: DigestSubscriptions;
  digestLog: DigestLog;
  feedback: FeedbackStore;
  questionLog: QuestionLog;
}

export interface StateHealth {
  ready: boolean;
  /** `sqlite` or `postgres`. */
  backend: string;
  /** Why it is not ready (never contains a password). */
  error?: string;
}

/** An opened state backend: the embedded SQLite file or a PostgreSQL pool, migrated. */
export interface StateBackend {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the state lives, safe to log (a file path, or host/port/database without the password). */
  readonly where: string;
  /** True when one process owns the state (SQLite): a restart takes over every pending entry at once. */
  readonly singleProcess: boolean;
  stores(opts?: StoreOptions): StateStores;
  /** A trivial query with a short timeout (for /healthz and the webhook's 503). */
  health(): Promise<StateHealth>;
  close(): Promise<void>;
}
