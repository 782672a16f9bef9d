// A report imported with its web page keeps the page's banner, breadcrumb and buttons; the engine never quotes
// them, while the report's own sentences (dates and all) are still found.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { isPageChrome } from '../../src/search/chrome.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

let districts: SearchEngine;
beforeAll(() => {
  districts = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-districts')).kb, { homeRegion: '清远市' });
});

describe('page chrome', () => {
  it.each([
    '今天是:2024年3月28日 星期四 农历二月十九',
    '无障碍 简体 | 繁体',
    '您所在的位置:首页 > 政务公开 > 工作报告',
    '【字体:大 中 小】 打印本页 关闭窗口',
    '来源:青枫市西岭区人民政府办公室 发布时间:2024-03-28',
    '扫一扫在手机打开当前页',
  ])('%s is chrome', (line) => expect(isPageChrome(line)).toBe(true));

  it('finds no chrome in a report without a page', () => {
    const lines = shippedKb().documents.flatMap((d) => d.sentences.map((s) => s.text));
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.filter(isPageChrome)).toEqual([]);
  });

  it('never quotes a chrome line, whatever the question takes from it', () => {
    for (const q of ['农历二月十九是什么', '政务公开 工作报告在哪', '打印本页 关闭窗口', '西岭区2023年报告来源是哪个办公室', '在手机打开当前页']) {
      const r = districts.ask(q);
      const quotes = r.kind === 'answer' ? r.citations.map((c) => c.quote) : [];
      expect(quotes.filter(isPageChrome), q).toEqual([]);
    }
    const listed = districts.search('星期四 农历 打印 字体 无障碍', 10).map((c) => c.quote);
    expect(listed.filter(isPageChrome)).toEqual([]);
  });

  it('still answers from the same report', () => {
    const r = districts.ask('西岭区2023年调解成功率多少');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('调解成功率95.6%');
  });
});
