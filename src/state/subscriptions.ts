// Chat subscriptions to the daily digest (SQLite). A chat is a recipient when it said `/subscribe`, or when it is
// listed in DIGEST_CHAT_IDS and has neither said `/unsubscribe` nor removed the bot. Removing the bot (send error
// 230002 or the `im.chat.member.bot.deleted_v1` event) ends the subscription; adding the bot back lets a
// DIGEST_CHAT_IDS chat receive again, while a `/subscribe` chat must subscribe anew.
import type { Database } from 'better-sqlite3';
import type { DigestSubscriptions, SubscriptionState, SubscriptionStoreOptions } from './ports.js';

export type { DigestSubscriptions, SubscriptionState, SubscriptionStoreOptions };

export const configuredChats = (ids: readonly string[] | undefined): Set<string> => new Set((ids ?? []).map((c) => c.trim()).filter(Boolean));

/** Recipients: the subscribed chats plus the configured ones that have not opted out, sorted. */
export function recipientsOf(subscribed: readonly string[], optedOut: readonly string[], config: ReadonlySet<string>): string[] {
  const out = new Set(subscribed);
  const off = new Set(optedOut);
  for (const c of config) if (!off.has(c)) out.add(c);
  return [...out].sort();
}

export function createSubscriptionStore(db: Database, opts: SubscriptionStoreOptions = {}): DigestSubscriptions {
  const now = opts.now ?? Date.now;
  const config = configuredChats(opts.configChatIds);
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
  // Read and write in one transaction: the answer ("already subscribed") matches what was stored.
  const subscribe = db.transaction((chatId: string) => {
    const was = receives(chatId);
    put.run(chatId, 'subscribed', null, now());
    return was ? ('already_subscribed' as const) : ('subscribed' as const);
  });
  const unsubscribe = db.transaction((chatId: string) => {
    if (!receives(chatId)) return 'not_subscribed' as const;
    put.run(chatId, 'unsubscribed', 'unsubscribe command', now());
    return 'unsubscribed' as const;
  });
  const removed = db.transaction((chatId: string, reason: string) => {
    const was = receives(chatId);
    if (was || stateOf(chatId) !== null) put.run(chatId, 'removed', reason, now());
    return was;
  });

  return {
    stateOf: async (chatId) => stateOf(chatId),
    isSubscribed: async (chatId) => receives(chatId),
    subscribe: async (chatId) => subscribe.immediate(chatId),
    unsubscribe: async (chatId) => unsubscribe.immediate(chatId),
    list: async () => subscribedRows.all().map((r) => r.chat_id),
    recipients: async () =>
      recipientsOf(
        subscribedRows.all().map((r) => r.chat_id),
        optedOut.all().map((r) => r.chat_id),
        config,
      ),
    onBotRemoved: async (chatId, reason = 'bot removed from chat') => removed.immediate(chatId, reason),
    async onBotAdded(chatId) {
      if (stateOf(chatId) === 'removed') del.run(chatId);
    },
  };
}
