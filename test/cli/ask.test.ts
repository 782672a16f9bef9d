// The `npm run ask` contract (docs/DESIGN.md, "Contracts"), through the real CLI process.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);
const ASK = ['--import', 'tsx', 'src/cli/ask.ts'];

async function ask(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [...ASK, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  } else {
    child.child.stdin?.end();
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const lines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);

describe('npm run ask', () => {
  it('answers a question as one JSON object with a cited verbatim quote and its figures', async () => {
    const { code, stdout } = await ask(['--json', '全市调解组织调解案件成功率是多少?']);
    expect(code).toBe(0);
    const [out] = lines(stdout);
    expect(out).toMatchObject({ question: '全市调解组织调解案件成功率是多少?', answered: true });
    expect(out!.citations[0].quote).toContain('97.2%');
    expect(out!.citations[0].section).toContain('深化预防与化解社会矛盾纠纷工作');
    expect(out!.citations[0].document).toMatchObject({ title: expect.stringContaining('清远'), region: '清远市', year: 2021 });
    expect(typeof out!.citations[0].score).toBe('number');
    expect(out!.citations[0].corrected).toBe(false);
    expect(out!.figures).toContainEqual(expect.objectContaining({ value: 97.2, unit: '%', text: '97.2%' }));
  });

  it('reads one question per line from stdin and refuses what the reports do not answer', async () => {
    const { code, stdout } = await ask(['--json'], '行政执法决定公示了多少次\n\n明天会下雨吗\n/metric 调解\n');
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(3);
    expect(out[0]!.answered).toBe(true);
    expect(out[0]!.citations[0].quote).toContain('177817次');
    expect(out[1]).toMatchObject({ question: '明天会下雨吗', answered: false, citations: [] });
    expect(out[2]!.figures.some((f: { text: string }) => f.text === '97.2%')).toBe(true);
  });

  it('never sends the injected spam term and marks corrected quotes', async () => {
    const { stdout } = await ask(['--json'], '推进政务服务一网通办能力怎么样\n/search 一网通办\n/source\n/metric\n');
    expect(stdout).not.toContain('沙巴体育');
    const [answer] = lines(stdout);
    expect(answer!.citations[0].quote).toContain('政务服务');
    expect(answer!.citations[0].corrected).toBe(true);
  });

  it('prints readable text without --json', async () => {
    const { code, stdout } = await ask(['/help']);
    expect(code).toBe(0);
    expect(stdout).toContain('/metric');
    expect(stdout).toContain('/指标');
  });

  it('exits non-zero with a clear message on a bad knowledge directory', async () => {
    const missing = await ask(['--knowledge', '/nonexistent/knowledge', 'x']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('not found');

    const dir = mkdtempSync(join(tmpdir(), 'fazhi-bad-'));
    copyFileSync('knowledge/spam-lexicon.txt', join(dir, 'spam-lexicon.txt'));
    writeFileSync(join(dir, 'report.txt'), '一、没有前言的报告。内容。\n');
    const noFrontMatter = await ask(['--knowledge', dir, 'x']);
    expect(noFrontMatter.code).not.toBe(0);
    expect(noFrontMatter.stderr).toContain('report.txt');
    expect(noFrontMatter.stderr).toContain('front matter');

    const spam = mkdtempSync(join(tmpdir(), 'fazhi-spam-'));
    copyFileSync('knowledge/spam-lexicon.txt', join(spam, 'spam-lexicon.txt'));
    copyFileSync('knowledge/qingyuan-2021.txt', join(spam, 'qingyuan-2021.txt'));
    const unresolved = await ask(['--knowledge', spam, 'x']);
    expect(unresolved.code).not.toBe(0);
    expect(unresolved.stderr).toContain('沙巴体育');
    expect(unresolved.stderr).toContain('corrections.yaml');
  });
});
