import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/knowledge/errors.js';
import { checkIntegrity, parseLexicon } from '../../src/knowledge/integrity.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { BAD_FIXTURES, shippedKb, tempKnowledge } from '../helpers/knowledge.js';
import { KNOWLEDGE_DIR } from '../helpers/paths.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const temp = (copy = true) => {
  const t = tempKnowledge(copy);
  cleanups.push(t.cleanup);
  return t.dir;
};
const problemsOf = (dir: string): string[] => {
  try {
    loadKnowledge(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(KnowledgeError);
    return (e as KnowledgeError).problems;
  }
  return expect.fail('loadKnowledge accepted a bad knowledge directory');
};
const LEXICON = '沙巴体育\n皇冠体育\n';
const REPORT = '---\ntitle: 示例报告\nyear: 2022\n---\n一、依法行政\n全年审核规范性文件42件。\n';

describe('integrity of the shipped knowledge', () => {
  const kb = shippedKb();
  const doc = kb.documents[0]!;

  it('never carries the injected term, and marks corrected sentences', () => {
    const all = [...doc.paragraphs.map((p) => p.text), ...doc.sentences.map((s) => s.text), ...doc.figures.flatMap((f) => [f.text, f.label])];
    for (const text of all) expect(text).not.toContain('沙巴体育');
    const corrected = doc.sentences.filter((s) => s.corrected);
    expect(corrected.map((s) => s.text)).toEqual(['推进政务服务“四免”优化。', '我市政务服务“一网通办”能力,“两减一即”指标均排在全省前列。', '全面推进政务服务“自助办”。']);
    expect(doc.sentences.filter((s) => !s.corrected).some((s) => s.text.includes('政务服务'))).toBe(false);
    expect(doc.integrity).toEqual([expect.objectContaining({ term: '沙巴体育', resolution: 'corrected', replacement: '政务服务', paragraphId: 'qingyuan-2021/s2.2.2/p1' })]);
  });
});

describe('checkIntegrity', () => {
  const lexicon = parseLexicon(LEXICON);
  const review = (over: object = {}) => ({ corrections: [], exclusions: [], ...over });
  const reviewed = { document: 'r.txt', reason: '注入', reviewer: '审核组', date: '2026-11-27' };

  it('fails an unresolved hit naming the file, the term and the fix', () => {
    const r = checkIntegrity('r.txt', 'r', ['推进沙巴 体育改革。'], lexicon, review());
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/r\.txt.*沙巴体育.*correction.*exclusion.*corrections\.yaml/su);
  });

  it('resolves hits by exclusion, limited to the paragraph it names', () => {
    const exclusion = { ...reviewed, term: '皇冠体育', paragraph: '打击' };
    const r = checkIntegrity('r.txt', 'r', ['打击皇冠体育网络赌博。', '皇冠体育。'], lexicon, review({ exclusions: [exclusion] }));
    expect(r.notes).toEqual([expect.objectContaining({ term: '皇冠体育', resolution: 'excluded', paragraphIndex: 0 })]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/paragraph 2/u);
  });

  it('checks occurrences and flags stale corrections', () => {
    const correction = { ...reviewed, original: '沙巴体育', replacement: '政务服务', occurrences: 2 };
    expect(checkIntegrity('r.txt', 'r', ['沙巴体育。沙巴体育。'], lexicon, review({ corrections: [correction] })).problems).toEqual([]);
    const mismatch = checkIntegrity('r.txt', 'r', ['沙巴体育。', '沙巴体育。', '沙巴体育。'], lexicon, review({ corrections: [correction] }));
    expect(mismatch.problems[0]).toMatch(/expects 2 occurrence\(s\) but found 3/u);
    expect(checkIntegrity('r.txt', 'r', ['干净的文字。'], lexicon, review({ corrections: [correction] })).warnings[0]).toMatch(/matched nothing/u);
  });
});

describe('loadKnowledge errors', () => {
  it('fails the shipped report without its correction, naming file, term and fix', () => {
    const dir = temp();
    rmSync(join(dir, 'corrections.yaml'));
    const problems = problemsOf(dir);
    expect(problems.join('\n')).toMatch(/qingyuan-2021\.txt.*沙巴体育.*corrections\.yaml/u);
  });

  it('fails an occurrences mismatch in corrections.yaml', () => {
    const dir = temp();
    const yaml = readFileSync(join(KNOWLEDGE_DIR, 'corrections.yaml'), 'utf8').replace('replacement: 政务服务', 'replacement: 政务服务\n    occurrences: 5');
    writeFileSync(join(dir, 'corrections.yaml'), yaml);
    expect(problemsOf(dir).join('\n')).toMatch(/expects 5 occurrence\(s\) but found 3/u);
  });

  it.each([
    ['missing front matter', { 'r.txt': '一、依法行政\n正文。\n' }, /r\.txt: no YAML front matter/u],
    ['missing title', { 'r.txt': '---\nyear: 2022\n---\n正文。\n' }, /r\.txt: .*title/u],
    ['missing year', { 'r.txt': '---\ntitle: 示例\n---\n正文。\n' }, /r\.txt: .*year/u],
    ['malformed corrections.yaml', { 'r.txt': REPORT, 'corrections.yaml': 'corrections: [\n' }, /corrections\.yaml is not valid YAML/u],
    ['incomplete correction', { 'r.txt': REPORT, 'corrections.yaml': 'corrections:\n  - document: r.txt\n    original: a\n' }, /corrections\.yaml: .*reviewer/u],
  ])('%s', (_name, files, message) => {
    const dir = temp(false);
    writeFileSync(join(dir, 'spam-lexicon.txt'), LEXICON);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    expect(problemsOf(dir).join('\n')).toMatch(message);
  });

  it('a term disguised in the report (traditional script, invisible characters) fails too, and names the exact original to correct', () => {
    for (const disguise of ['沙巴體育', '沙\u200B巴体育', '沙\u202A巴體\uFE0F育']) {
      const dir = temp(false);
      writeFileSync(join(dir, 'spam-lexicon.txt'), LEXICON);
      writeFileSync(join(dir, 'r.txt'), `---\ntitle: 示例报告\nyear: 2022\n---\n一、依法行政\n持续深化${disguise}改革,全年办件12345件。\n`);
      const problems = problemsOf(dir).join('\n');
      expect(problems).toMatch(/r\.txt, paragraph 2: .*沙巴体育/u);
      // The original as the report writes it, escaped so that it can be pasted into corrections.yaml (YAML reads JSON strings).
      expect(problems).toContain(`original: ${JSON.stringify(disguise)}`);
      const review = `corrections:\n  - document: r.txt\n    original: ${JSON.stringify(disguise)}\n    replacement: 政务服务\n    reason: 注入\n    reviewer: 审核组\n    date: 2026-11-27\n`;
      writeFileSync(join(dir, 'corrections.yaml'), review);
      const kb = loadKnowledge(dir).kb;
      expect(kb.documents[0]!.sentences.map((x) => x.text)).toContain('持续深化政务服务改革,全年办件12345件。');
    }
  });

  it('invalid UTF-8', () => {
    const dir = temp(false);
    writeFileSync(join(dir, 'spam-lexicon.txt'), LEXICON);
    writeFileSync(join(dir, 'r.txt'), Buffer.concat([Buffer.from(REPORT), Buffer.from([0xff, 0xfe, 0xc3])]));
    expect(problemsOf(dir).join('\n')).toMatch(/r\.txt: not valid UTF-8/u);
  });

  it('empty directory and missing lexicon', () => {
    const dir = temp(false);
    const problems = problemsOf(dir).join('\n');
    expect(problems).toMatch(/spam-lexicon\.txt is missing/u);
    expect(problems).toMatch(/no reports/u);
  });

  it('missing directory', () => {
    expect(() => loadKnowledge(join(BAD_FIXTURES, 'does-not-exist'))).toThrow(KnowledgeError);
  });

  it('the bad fixtures each fail with a clear message', () => {
    mkdirSync(BAD_FIXTURES, { recursive: true });
    expect(problemsOf(join(BAD_FIXTURES, 'unresolved-spam')).join('\n')).toMatch(/report\.txt.*皇冠体育.*corrections\.yaml/u);
  });
});
