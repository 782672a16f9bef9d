// Knowledge files made by hand from text copied off a web page: the furniture is never served.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { tempKnowledge } from '../helpers/knowledge.js';
import { HTML_REPORT } from '../helpers/report-files.js';

let kb: { dir: string; cleanup: () => void };
beforeEach(() => {
  kb = tempKnowledge(true);
});
afterEach(() => kb.cleanup());

describe('knowledge files made by hand from a web page', () => {
  it('never serve the page furniture', () => {
    writeFileSync(
      join(kb.dir, 'hand-made.txt'),
      ['---', 'title: 示例市虚构区2024年全面依法治区工作情况报告', 'year: 2024', '---', '今天是:2019年10月31日 星期三 农历十月初七', '无障碍 简体| 繁体', '您所在的位置:政务公开 > 工作报告', '来源:静海区人民政府办公室 发布时间:2024-03-28', ...HTML_REPORT.paragraphs, '打印本页 关闭窗口'].join('\n'),
    );
    const { kb: loaded, warnings } = loadKnowledge(kb.dir);
    const doc = loaded.documents.find((d) => d.meta.file === 'hand-made.txt');
    expect(doc?.paragraphs.map((p) => p.text)).toEqual([...HTML_REPORT.paragraphs]);
    expect(warnings.some((w) => w.startsWith('hand-made.txt: 5 line(s) of web page furniture left out'))).toBe(true);
  });
});

describe('the multi-report fixture', () => {
  it('serves no sentence of page furniture from any report', async () => {
    const { REPO_ROOT } = await import('../helpers/paths.js');
    const { isChromeLine } = await import('../../src/knowledge/page-chrome.js');
    const { kb: loaded } = loadKnowledge(join(REPO_ROOT, 'test/fixtures/knowledge-districts'));
    const sentences = loaded.documents.flatMap((d) => d.sentences.map((s) => s.text));
    expect(sentences.length).toBeGreaterThan(100);
    expect(sentences.filter((s) => isChromeLine(s) || /今天是|无障碍|您所在的位置|来源:|发布时间|打印本页|扫一扫/u.test(s))).toEqual([]);
  });
});
