// Chat subscriptions to the daily digest (embedded SQLite state). A chat is a recipient when it said
// `/subscribe`, or when it is listed in DIGEST_CHAT_IDS and has neither said `/unsubscribe` nor removed the bot.
// Removing the bot (send error 230002 or the `im.chat.member.bot.deleted_v1` event) ends the subscription;
// adding the bot back lets a DIGEST_CHAT_IDS chat receive again, while a `/subscribe` chat must subscribe anew.
import type { Database } from 'better-sqlite3';
import type { SubscriptionStore } from '../ports.js';

export type SubscriptionState = 'subscribed' | 'unsubscribed' | 'removed';

export interface DigestSubscriptions extends SubscriptionStore {
  isSubscribed(chatId: string): boolean;
  /** Chats subscribed with `/subscribe`, sorted. */
  list(): string[];
  /** Everyone the digest goes to: `list()` plus the configured chats that have not opted out, sorted. */
  recipients(): string[];
  /** The bot left or was removed from the chat: the subscription ends. True when the chat was a recipient. */
  onBotRemoved(chatId: string, reason?: string): boolean;
  /** The bot was added to the chat again: a configured chat receives again. */
  onBotAdded(chatId: string): void;
  stateOf(chatId: string): SubscriptionState | null;
}

export interface SubscriptionStoreOptions {
  /** DIGEST_CHAT_IDS: recipients in addition to `/subscribe`. */
  configChatIds?: readonly string[];
  now?: () => number;
}

export function createSubscriptionStore(db: Database, opts: SubscriptionStoreOptions = {}): DigestSubscriptions {
  const now = opts.now ?? Date.now;
  const config = new Set((opts.configChatIds ?? []).map((c) => c.trim()).filter(Boolean));
  db.exec(`CREATE TABLE IF NOT EXISTS digest_subscriptions (
    chat_id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('subscribed', 'unsubscribed', 'removed')),
    reason TEXT,
    updated_at INTEGER NOT NULL
  )`);
  const get = db.prepare<[string], { state: SubscriptionState }>('SELECT state FROM digest_subscriptions WHERE chat_id = ?');
  const put = db.prepare<[string, SubscriptionState, string | null, number]>(
    `INSERT INTO digest_subscriptions (chat_id, state, reason, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at`,
  );
  const del = db.prepare<[string]>('DELETE FROM digest_subscriptions WHERE chat_id = ?');
  const subscribedRows = db.prepare<[], { chat_id: string }>("SELECT chat_id FROM digest_subscriptions WHERE state = 'subscribed' ORDER BY chat_id");
  const optedOut = db.prepare<[], { chat_id: string }>("SELECT chat_id FROM digest_subscriptions WHERE state != 'subscribed'");

  const stateOf = (chatId: string): SubscriptionState | null => get.get(chatId)?.state ?? null;
  const receives = (chatId: string): boolean => {
    const s = stateOf(chatId);
    return s === 'subscribed' || (s === null && config.has(chatId));
  };

  return {
    stateOf,
    isSubscribed: receives,
    subscribe(chatId) {
      const was = receives(chatId);
      put.run(chatId, 'subscribed', null, now());
      return was ? 'already_subscribed' : 'subscribed';
    },
    unsubscribe(chatId) {
      if (!receives(chatId)) return 'not_subscribed';
      put.run(chatId, 'unsubscribed', 'unsubscribe command', now());
      return 'unsubscribed';
    },
    list: () => subscribedRows.all().map((r) => r.chat_id),
    recipients() {
      const out = new Set(subscribedRows.all().map((r) => r.chat_id));
      const off = new Set(optedOut.all().map((r) => r.chat_id));
      for (const c of config) if (!off.has(c)) out.add(c);
      return [...out].sort();
    },
    onBotRemoved(chatId, reason = 'bot removed from chat') {
      const was = receives(chatId);
      if (was || stateOf(chatId) !== null) put.run(chatId, 'removed', reason, now());
      return was;
    },
    onBotAdded(chatId) {
      if (stateOf(chatId) === 'removed') del.run(chatId);
    },
  };
}
