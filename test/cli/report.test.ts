// `npm run report -- unanswered` end to end: a real SQLite state file written by the question log, the real CLI
// in a child process, the bundled knowledge base for the nearest sections.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionRecord } from '../../src/ports.js';
import { openDatabase } from '../../src/state/db.js';
import { createQuestionLog } from '../../src/state/question-log.js';
import { KNOWLEDGE_DIR, REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'report-cli-'));

const report = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: '', KNOWLEDGE_DIR: '' } });

const DAY = 86_400_000;
const base = Date.UTC(2026, 9, 1);
const q = (text: string, day: number, over: Partial<QuestionRecord> = {}): QuestionRecord => ({
  at: base + day * DAY,
  chatId: `oc_${day % 3}`,
  userId: `ou_${day}`,
  messageId: `om_${text}_${day}`,
  text,
  answered: false,
  topScore: 0.2,
  latencyMs: 4,
  sentenceId: null,
  ...over,
});

beforeAll(() => {
  const db = openDatabase(dataDir);
  const log = createQuestionLog(db, { now: () => base + 30 * DAY, pruneIntervalMs: 0 });
  // Asked three ways, four times: 法律援助 hotline (not in the report as such).
  log.record(q('法律援助热线电话是多少', 1));
  log.record(q('法律援助的热线电话是多少?', 2));
  log.record(q('请问法律援助热线电话', 3));
  log.record(q('法律援助热线电话是多少', 12));
  // Twice: the weather.
  log.record(q('明天天气怎么样', 4));
  log.record(q('明天的天气如何', 5));
  // Answered, then voted 👎: in the report once.
  log.record(q('调解成功率是多少', 6, { answered: true, topScore: 9, sentenceId: 'x', messageId: 'om_down' }));
  log.vote('om_down', 'down', 'ou_6');
  // Answered and fine: not in the report.
  log.record(q('庭审网络直播多少场', 7, { answered: true, topScore: 9 }));
  log.close();
  db.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Group {
  representative: string;
  count: number;
  refused: number;
  downvoted: number;
  questions: { text: string; count: number }[];
  nearest: { section: string; document: { title: string } }[];
}

describe('npm run report -- unanswered', () => {
  it('groups paraphrases, most frequent first, with the nearest sections of the knowledge base', async () => {
    const { stdout } = await report('unanswered', '--json', '--data-dir', dataDir, '--knowledge', KNOWLEDGE_DIR);
    const out = JSON.parse(stdout) as { total: number; groups: Group[] };
    expect(out.total).toBe(7);
    expect(out.groups.map((g) => g.count)).toEqual([4, 2, 1]);
    expect(out.groups[0]!.representative).toBe('法律援助热线电话是多少');
    expect(out.groups[0]!.questions.map((x) => x.text).sort()).toEqual(['法律援助热线电话是多少', '法律援助的热线电话是多少?', '请问法律援助热线电话'].sort());
    expect(out.groups[1]!.questions.map((x) => x.text).sort()).toEqual(['明天天气怎么样', '明天的天气如何'].sort());
    expect(out.groups[2]).toMatchObject({ representative: '调解成功率是多少', refused: 0, downvoted: 1 });
    // The 👎 answer's quoted section is named, so the knowledge owner can check it.
    expect(out.groups[2]!.nearest.length).toBeGreaterThan(0);
    expect(out.groups[2]!.nearest[0]!.document.title).toContain('清远');
    expect(JSON.stringify(out)).not.toContain('庭审网络直播');
  });

  it('filters by --since and prints a readable text report', async () => {
    const { stdout } = await report('unanswered', '--since', '2026-10-08', '--data-dir', dataDir, '--knowledge', KNOWLEDGE_DIR);
    expect(stdout).toContain('since 2026-10-08');
    expect(stdout).toContain('法律援助热线电话是多少');
    expect(stdout).not.toContain('明天天气');
  });

  it('refuses bad arguments with a clear message', async () => {
    await expect(report('unanswered', '--since', '2026-13-40', '--data-dir', dataDir)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--since must be a date') });
    await expect(report('whatever')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown report') });
    await expect(report('unanswered', '--data-dir', join(dataDir, 'nope'))).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('data directory not found') });
  });

  it('says so when nothing was logged yet', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'report-empty-'));
    try {
      const { stdout } = await report('unanswered', '--data-dir', empty);
      expect(stdout).toContain('No refused or 👎 questions');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('npm run report -- unanswered, rows logged before the output scrub', () => {
  const oldDir = mkdtempSync(join(tmpdir(), 'report-cli-old-'));
  beforeAll(() => {
    const db = openDatabase(oldDir);
    const log = createQuestionLog(db, { now: () => base + 30 * DAY, pruneIntervalMs: 0 });
    // A control character inside the term: JSON writes it as \u0007, so only a scrub before JSON catches it.
    log.record(q('沙巴\u0007体育怎么下注', 1));
    log.record(q('沙巴\u200b体育 官网', 2));
    log.close();
    db.close();
  });
  afterAll(() => rmSync(oldDir, { recursive: true, force: true }));

  it('never prints a lexicon term, however it was disguised, in --json or text', async () => {
    const json = (await report('unanswered', '--json', '--data-dir', oldDir, '--knowledge', KNOWLEDGE_DIR)).stdout;
    const parsed = JSON.parse(json) as { total: number; groups: Group[] };
    expect(parsed.total).toBe(2);
    const texts = parsed.groups.flatMap((g) => [g.representative, ...g.questions.map((x) => x.text)]).join('\n');
    expect(texts).toContain('〔已屏蔽的注入词〕');
    for (const out of [texts, json, (await report('unanswered', '--data-dir', oldDir, '--knowledge', KNOWLEDGE_DIR)).stdout]) {
      expect(out.replace(/[\u0000-\u001f\u200b]|\\u00[01][0-9a-f]/gu, '')).not.toContain('沙巴体育');
    }
  });
});
