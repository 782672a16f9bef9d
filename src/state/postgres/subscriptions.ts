// Digest subscriptions on PostgreSQL; the rules are those of src/state/subscriptions.ts. Each change reads and
// writes one chat under a per-chat transaction lock, so two replicas answering /subscribe for the same chat agree.
import type pg from 'pg';
import type { DigestSubscriptions, SubscriptionState, SubscriptionStoreOptions } from '../ports.js';
import { configuredChats, recipientsOf } from '../subscriptions.js';
import { inTransaction } from './connect.js';

export function createPgSubscriptionStore(pool: pg.Pool, opts: SubscriptionStoreOptions = {}): DigestSubscriptions {
  const now = opts.now ?? Date.now;
  const config = configuredChats(opts.configChatIds);
  const stateIn = async (c: pg.Pool | pg.PoolClient, chatId: string): Promise<SubscriptionState | null> =>
    (await c.query<{ state: SubscriptionState }>('SELECT state FROM digest_subscriptions WHERE chat_id = $1', [chatId])).rows[0]?.state ?? null;
  const receivesIn = async (c: pg.Pool | pg.PoolClient, chatId: string) => {
    const s = await stateIn(c, chatId);
    return s === 'subscribed' || (s === null && config.has(chatId));
  };
  const put = (c: pg.PoolClient, chatId: string, state: SubscriptionState, reason: string | null) =>
    c.query(
      `INSERT INTO digest_subscriptions (chat_id, state, reason, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at`,
      [chatId, state, reason, now()],
    );
  const forChat = <T>(chatId: string, f: (c: pg.PoolClient) => Promise<T>) =>
    inTransaction(pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subscription:${chatId}`]);
      return f(c);
    });

  return {
    stateOf: (chatId) => stateIn(pool, chatId),
    isSubscribed: (chatId) => receivesIn(pool, chatId),
    subscribe: (chatId) =>
      forChat(chatId, async (c) => {
        const was = await receivesIn(c, chatId);
        await put(c, chatId, 'subscribed', null);
        return was ? 'already_subscribed' : 'subscribed';
      }),
    unsubscribe: (chatId) =>
      forChat(chatId, async (c) => {
        if (!(await receivesIn(c, chatId))) return 'not_subscribed';
        await put(c, chatId, 'unsubscribed', 'unsubscribe command');
        return 'unsubscribed';
      }),
    async list() {
      return (await pool.query<{ chat_id: string }>("SELECT chat_id FROM digest_subscriptions WHERE state = 'subscribed' ORDER BY chat_id")).rows.map((r) => r.chat_id);
    },
    async recipients() {
      const rows = (await pool.query<{ chat_id: string; state: SubscriptionState }>('SELECT chat_id, state FROM digest_subscriptions')).rows;
      return recipientsOf(
        rows.filter((r) => r.state === 'subscribed').map((r) => r.chat_id),
        rows.filter((r) => r.state !== 'subscribed').map((r) => r.chat_id),
        config,
      );
    },
    onBotRemoved: (chatId, reason = 'bot removed from chat') =>
      forChat(chatId, async (c) => {
        const was = await receivesIn(c, chatId);
        if (was || (await stateIn(c, chatId)) !== null) await put(c, chatId, 'removed', reason);
        return was;
      }),
    async onBotAdded(chatId) {
      await pool.query("DELETE FROM digest_subscriptions WHERE chat_id = $1 AND state = 'removed'", [chatId]);
    },
  };
}
