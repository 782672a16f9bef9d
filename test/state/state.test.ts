import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDatabaseReady, openDatabase } from '../../src/state/db.js';
import { createFailedReplies } from '../../src/state/failed-replies.js';
import { createFeedbackStore } from '../../src/state/feedback.js';
import { DEDUPE_TTL_MS, createInbox } from '../../src/state/inbox.js';

function withDb<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-state-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('inbox', () => {
  it('dedupes on message id and on event id, and survives reopening the file', () => {
    withDb((dir) => {
      const db = openDatabase(dir);
      const inbox = createInbox(db);
      expect(inbox.claim({ key: 'msg:om_1', eventId: 'ev_1', receivedAt: 1000, payload: { q: 1 } })).toBe('new');
      expect(inbox.claim({ key: 'msg:om_1', eventId: 'ev_2', receivedAt: 1001, payload: { q: 1 } })).toBe('duplicate');
      expect(inbox.claim({ key: 'msg:om_9', eventId: 'ev_1', receivedAt: 1002, payload: { q: 9 } })).toBe('duplicate');
      expect(inbox.claimEvent('ev_card', 1003)).toBe('new');
      expect(inbox.claimEvent('ev_card', 1004)).toBe('duplicate');
      db.close();
      const again = createInbox(openDatabase(dir));
      expect(again.claim({ key: 'msg:om_1', eventId: 'ev_3', receivedAt: 2000, payload: {} })).toBe('duplicate');
      expect(again.get('msg:om_1')).toMatchObject({ status: 'pending', payload: { q: 1 } });
    });
  });

  it('lists pending entries inside the window, oldest first; done and failed ones are not resumed', () => {
    withDb((dir) => {
      const inbox = createInbox(openDatabase(dir));
      for (const [k, t] of [['a', 100], ['b', 300], ['c', 200], ['d', 400]] as const) inbox.claim({ key: k, eventId: null, receivedAt: t, payload: k });
      inbox.markDone('d');
      inbox.markFailed('c', 'boom');
      expect(inbox.pending<string>(150).map((e) => e.payload)).toEqual(['b']);
      expect(inbox.pending<string>(0).map((e) => e.payload)).toEqual(['a', 'b']);
      expect(inbox.addAttempt('a')).toBe(1);
      expect(inbox.addAttempt('a')).toBe(2);
    });
  });

  it('forgets ids after the TTL (≥ 12 h)', () => {
    withDb((dir) => {
      const inbox = createInbox(openDatabase(dir));
      expect(DEDUPE_TTL_MS).toBeGreaterThanOrEqual(12 * 3600_000);
      inbox.claim({ key: 'old', eventId: 'ev_old', receivedAt: 0, payload: 1 });
      inbox.claim({ key: 'new', eventId: 'ev_new', receivedAt: DEDUPE_TTL_MS, payload: 2 });
      expect(inbox.prune(DEDUPE_TTL_MS + 1)).toBe(2);
      expect(inbox.claim({ key: 'old', eventId: 'ev_old', receivedAt: DEDUPE_TTL_MS + 2, payload: 1 })).toBe('new');
      expect(inbox.claim({ key: 'new', eventId: 'ev_x', receivedAt: DEDUPE_TTL_MS + 2, payload: 2 })).toBe('duplicate');
    });
  });
});

describe('feedback and failed replies', () => {
  it('keeps one vote per user per answer; a second click changes it', () => {
    withDb((dir) => {
      const db = openDatabase(dir);
      const fb = createFeedbackStore(db);
      const base = { messageId: 'om_1', userId: 'ou_1', question: '调解?', sentenceId: 's', section: '二、', chatId: 'oc_1', at: 1 };
      expect(fb.record({ ...base, vote: 'up' })).toBe('recorded');
      expect(fb.record({ ...base, vote: 'up' })).toBe('unchanged');
      expect(fb.record({ ...base, vote: 'down' })).toBe('changed');
      expect(fb.record({ ...base, userId: 'ou_2', vote: 'up' })).toBe('recorded');
      expect(fb.counts()).toEqual({ up: 1, down: 1 });
      const failed = createFailedReplies(db);
      failed.record({ at: 1, messageId: 'om_1', chatId: 'oc_1', question: 'q', errorCode: 230002, error: 'gone' });
      expect(failed.list()).toEqual([{ at: 1, messageId: 'om_1', chatId: 'oc_1', question: 'q', errorCode: 230002, error: 'gone' }]);
      expect(isDatabaseReady(db)).toBe(true);
      db.close();
      expect(isDatabaseReady(db)).toBe(false);
    });
  });
});
