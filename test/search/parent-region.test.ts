// A city named alone, when the library holds only its districts' reports (青枫市 over 澄湖区 and 西岭区), is asked
// as a whole: a district's figure is not the city's. Named with a district, it only places the district.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { toAskJson } from '../../src/reply/to-json.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { tempKnowledge } from '../helpers/knowledge.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-districts')).kb, { homeRegion: '清远市' });
});
const ask = (q: string) => toAskJson(q, engine.ask(q));

describe('a city above the reports\' districts', () => {
  it.each([
    ['青枫市调解成功率多少', '青枫市'],
    ['青枫行政复议申请多少件', '青枫市'],
    ['鹿鸣市普法活动多少场', '鹿鸣市'],
  ])('%s gets none for %s, with a labelled pointer to a district within it first', (q, city) => {
    const r = ask(q);
    expect(r.kind).toBe('none');
    expect(r.answered).toBe(false);
    expect(r.message).toContain(city);
    if (r.elsewhere) {
      expect(r.elsewhere.label).toContain('不是所问报告的数据');
      expect(r.elsewhere.citation.document.region?.startsWith(city)).toBe(true);
    }
  });

  it.each([
    ['青枫市澄湖区2022年调解成功率多少', 'qingfeng-chenghu-2022', '97.4%'],
    ['青枫澄湖区2023年调解成功率', 'qingfeng-chenghu-2023', '98.2%'],
    ['鹿鸣市白石县调解成功率多少', 'luming-baishi-2023', '97.9%'],
  ])('%s names the district and is answered from its report', (q, docId, figure) => {
    const r = ask(q);
    expect(r.kind).toBe('answer');
    expect(r.citations[0]?.document.id).toBe(docId);
    expect(r.citations[0]?.quote).toContain(figure);
  });

  it('leaves a single-level region alone', () => {
    const r = ask('清远市调解成功率多少');
    expect(r.kind).toBe('answer');
    expect(r.citations[0]?.document.id).toBe('qingyuan-2021');
  });
});

describe('a scope word of another level than the home region', () => {
  it.each(['我区法律援助案件多少件', '本区调解成功率多少', '全县普法活动多少场'])('%s, with a city as home, guesses no district: none', (q) => {
    const r = engine.ask(q, { explain: true });
    expect(r.kind).toBe('no_answer');
    if (r.kind === 'no_answer') expect(r.retrieval?.reason).toMatch(/home region/u);
  });

  it('is only context when the question names the place (澄湖区全区…)', () => {
    const r = ask('澄湖区2023年全区网格事件办结率');
    expect(r.kind).toBe('answer');
    expect(r.citations[0]?.document.id).toBe('qingfeng-chenghu-2023');
  });
});

describe('a region its report writes in traditional characters', () => {
  it('is the region a question names in simplified ones', () => {
    const { dir, cleanup } = tempKnowledge();
    try {
      writeFileSync(join(dir, 'yunao-2023.txt'), ['---', 'title: 雲澳區2023年度法治政府建設情況報告', 'year: 2023', 'region: 雲澳區', '---', '2023年，雲澳區紮實推進法治政府建設。', '一、主要工作', '全区行政复议机构收到行政复议申请215件。'].join('\n'));
      const e = createAnswerEngine(loadKnowledge(dir).kb, { homeRegion: '清远市' });
      const r = toAskJson('云澳区2023年行政复议申请多少件', e.ask('云澳区2023年行政复议申请多少件'));
      expect(r.scope?.documents).toEqual(['yunao-2023']);
      expect(r.citations[0]?.quote).toContain('215件');
    } finally {
      cleanup();
    }
  });
});
