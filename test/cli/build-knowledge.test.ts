// `npm run build:knowledge` and `npm run eval`, through the real CLI processes.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIndexFile } from '../../src/search/index-file.js';
import { INDEX_SCHEMA_VERSION } from '../../src/search/index.js';
import { TOKENIZER_VERSION } from '../../src/search/tokenize.js';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);
let dir: string;

async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run build:knowledge', () => {
  it('writes a versioned index and prints the integrity report without the injected term', async () => {
    const out = join(dir, 'index');
    const { code, stdout } = await cli('src/cli/build-knowledge.ts', ['--knowledge', 'knowledge', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 documents, 23 sections, \d+ sentences, \d+ figures, 1 corrections applied/u);
    expect(stdout).toContain('corrected to “政务服务”');
    expect(stdout).toContain('warnings: none');
    expect(stdout).not.toContain('沙巴体育');
    expect(readIndexFile(out)?.header).toMatchObject({ schemaVersion: INDEX_SCHEMA_VERSION, tokenizerVersion: TOKENIZER_VERSION, sentences: 89 });
  });

  it('fails with every problem listed on a bad knowledge directory', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'report.txt'), 'no front matter here\n');
    const { code, stderr } = await cli('src/cli/build-knowledge.ts', ['--knowledge', bad, '--out', join(bad, 'index')]);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot be used');
    expect(existsSync(join(bad, 'index'))).toBe(false);
  });
});

describe('npm run eval', () => {
  it('reports top-1, top-3 and no-answer accuracy as JSON, with failures listed', async () => {
    const questions = join(dir, 'q.jsonl');
    writeFileSync(
      questions,
      [
        { q: '调解成功率多少', expect: '97.2%' },
        { q: '明天会下雨吗', expect: null },
        { q: '调解成功率多少', expect: '这句话不在报告里' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const { code, stdout } = await cli('src/cli/eval.ts', ['--json', '--questions', questions]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Record<string, any>;
    expect(r).toMatchObject({ total: 3, answerable: 2, unanswerable: 1, top1: 1, top3: 1, noAnswer: 1, refusedAnswerable: 0 });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ q: '调解成功率多少', problem: 'not_in_top3' });
  });

  it('says which line of a question file is broken', async () => {
    const questions = join(dir, 'broken.jsonl');
    writeFileSync(questions, '{"q":"调解","expect":"x"}\n{not json}\n');
    const { code, stderr } = await cli('src/cli/eval.ts', ['--questions', questions]);
    expect(code).toBe(1);
    expect(stderr).toContain('line 2');
  });
});
