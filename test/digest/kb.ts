// Knowledge bases for the digest tests: the shipped one, and a copy with a second report added.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';

export const KNOWLEDGE_DIR = join(import.meta.dirname, '../../knowledge');

export function shippedKb(): KnowledgeBase {
  return loadKnowledge(KNOWLEDGE_DIR).kb;
}

/** Every term of the spam lexicon (the shipped injection 沙巴体育 among them). */
export function lexiconTerms(): string[] {
  const terms = readFileSync(join(KNOWLEDGE_DIR, 'spam-lexicon.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return [...new Set([...terms, '沙巴体育'])];
}

const SECOND_REPORT = `---
title: 示例市2022年法治政府建设年度报告
region: 示例市
year: 2022
---
2022年,我市持续推进法治政府建设。
一、完善依法行政制度体系
(一)加强行政规范性文件管理。全年审核规范性文件42件,备案审查率达到100%。清理规章和规范性文件共计310件。
(二)推进严格规范公正文明执法。开展行政执法人员培训12期,培训执法人员1800人次。行政复议案件纠错率为8.5%。
`;

/** A temporary knowledge directory: the shipped report plus a second one. Returns its path and a cleanup. */
export function kbWithSecondReport(): { dir: string; kb: KnowledgeBase; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'digest-kb-'));
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'shili-2022.md'), SECOND_REPORT);
  return { dir, kb: loadKnowledge(dir).kb, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
