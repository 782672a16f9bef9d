import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionRecord } from '../../src/ports.js';
import { createQuestionLog, retentionDaysFrom } from '../../src/state/question-log.js';

const DAY = 86_400_000;
const dirs: string[] = [];
function openDb() {
  const dir = mkdtempSync(join(tmpdir(), 'qlog-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'state.sqlite'));
  db.pragma('journal_mode = WAL');
  return db;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const q = (over: Partial<QuestionRecord>): QuestionRecord => ({
  at: 0,
  chatId: 'oc_chat',
  userId: 'ou_user',
  messageId: null,
  text: '调解成功率是多少',
  answered: true,
  topScore: 12.5,
  latencyMs: 3.2,
  sentenceId: 'doc/s1/p1/t1',
  ...over,
});

describe('question log', () => {
  it('records questions with their outcome and the vote they got', () => {
    const db = openDb();
    const now = Date.UTC(2026, 10, 1);
    const log = createQuestionLog(db, { now: () => now, pruneIntervalMs: 0 });
    log.record(q({ at: now - 1000, messageId: 'om_1' }));
    log.record(q({ at: now - 500, messageId: 'om_2', text: '明天天气怎么样', answered: false, topScore: 0.4, sentenceId: null }));
    log.vote('om_1', 'down', 'ou_voter');
    log.vote('om_unknown', 'up', null); // a vote for a message never recorded changes nothing
    const all = log.list();
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ messageId: 'om_1', answered: true, vote: 'down', chatId: 'oc_chat', userId: 'ou_user', topScore: 12.5 });
    expect(all[1]).toMatchObject({ text: '明天天气怎么样', answered: false, vote: null });
    // Both the refused one and the 👎 one are what the report looks at.
    expect(log.list({ onlyUnanswered: true }).map((r) => r.messageId)).toEqual(['om_1', 'om_2']);
    log.vote('om_1', 'up', 'ou_voter'); // a changed mind: the last vote counts
    expect(log.list({ onlyUnanswered: true }).map((r) => r.messageId)).toEqual(['om_2']);
    log.close();
  });

  it('prunes questions older than the retention on open and when asked, and keeps the rest', () => {
    const db = openDb();
    let now = Date.UTC(2026, 0, 1);
    const first = createQuestionLog(db, { now: () => now, retentionDays: 30, pruneIntervalMs: 0 });
    for (let i = 0; i < 12_000; i++) first.record(q({ at: now - 40 * DAY + i, text: `old ${i}` })); // more than one batch
    first.record(q({ at: now - 10 * DAY, text: 'recent' }));
    first.close();
    // Re-opening prunes what is already past the retention.
    const log = createQuestionLog(db, { now: () => now, retentionDays: 30, pruneIntervalMs: 0 });
    expect(log.list().map((r) => r.text)).toEqual(['recent']);
    // Time passes: the recent one ages out too.
    now += 25 * DAY;
    expect(log.prune()).toBe(1);
    expect(log.count()).toBe(0);
    log.close();
  });

  it('reads QUESTION_LOG_DAYS with a default and a clear error', () => {
    expect(retentionDaysFrom(undefined)).toBe(180);
    expect(retentionDaysFrom('')).toBe(180);
    expect(retentionDaysFrom('30')).toBe(30);
    expect(() => retentionDaysFrom('-1')).toThrow(/QUESTION_LOG_DAYS/);
    expect(() => retentionDaysFrom('abc')).toThrow(/QUESTION_LOG_DAYS/);
  });

  it('keeps a long pasted text bounded', () => {
    const db = openDb();
    const log = createQuestionLog(db, { pruneIntervalMs: 0 });
    log.record(q({ at: Date.now(), text: '长'.repeat(10_000) }));
    expect(log.list()[0]!.text.length).toBe(2000);
    log.close();
  });
});
