import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSubscriptionStore } from '../../src/state/subscriptions.js';
import { tempDataDir } from '../helpers/digest-stack.js';

describe('subscriptions (SQLite)', () => {
  it('subscribes, unsubscribes and says what happened', () => {
    const s = createSubscriptionStore(new Database(':memory:'));
    expect(s.subscribe('oc_1')).toBe('subscribed');
    expect(s.subscribe('oc_1')).toBe('already_subscribed');
    expect(s.list()).toEqual(['oc_1']);
    expect(s.unsubscribe('oc_1')).toBe('unsubscribed');
    expect(s.unsubscribe('oc_1')).toBe('not_subscribed');
    expect(s.unsubscribe('oc_never')).toBe('not_subscribed');
    expect(s.recipients()).toEqual([]);
  });

  it('survives a restart (same file)', () => {
    const data = tempDataDir();
    try {
      const db1 = new Database(data.file);
      createSubscriptionStore(db1).subscribe('oc_2');
      createSubscriptionStore(db1).subscribe('oc_1');
      db1.close();
      const db2 = new Database(data.file);
      expect(createSubscriptionStore(db2).recipients()).toEqual(['oc_1', 'oc_2']);
      db2.close();
    } finally {
      data.cleanup();
    }
  });

  it('recipients = subscribed chats plus configured chats that did not opt out or remove the bot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('sub', 'unsub', 'removed', 'added'), fc.constantFrom('oc_a', 'oc_b', 'oc_c', 'oc_d')), { maxLength: 30 }),
        (ops) => {
          const config = ['oc_c', 'oc_d'];
          const s = createSubscriptionStore(new Database(':memory:'), { configChatIds: config });
          // A model of the rules, kept next to the real store.
          const state = new Map<string, 'subscribed' | 'unsubscribed' | 'removed'>();
          for (const [op, chat] of ops) {
            const receives = state.get(chat) === 'subscribed' || (!state.has(chat) && config.includes(chat));
            if (op === 'sub') {
              expect(s.subscribe(chat)).toBe(receives ? 'already_subscribed' : 'subscribed');
              state.set(chat, 'subscribed');
            } else if (op === 'unsub') {
              expect(s.unsubscribe(chat)).toBe(receives ? 'unsubscribed' : 'not_subscribed');
              if (receives) state.set(chat, 'unsubscribed');
            } else if (op === 'removed') {
              expect(s.onBotRemoved(chat)).toBe(receives);
              if (receives || state.has(chat)) state.set(chat, 'removed');
            } else {
              s.onBotAdded(chat);
              if (state.get(chat) === 'removed') state.delete(chat);
            }
          }
          const expected = ['oc_a', 'oc_b', 'oc_c', 'oc_d'].filter((c) => state.get(c) === 'subscribed' || (!state.has(c) && config.includes(c)));
          expect(s.recipients()).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
