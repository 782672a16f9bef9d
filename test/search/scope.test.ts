// A library of several reports (test/fixtures/knowledge-districts: the bundled 清远市 2021 report beside fictional
// district reports, three years of 澄湖区): a region or year the question names, or implies (去年, 我市), restricts
// the answer to those reports; another region's or year's figure is never the answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { toAskJson } from '../../src/reply/to-json.js';
import { toText } from '../../src/reply/to-text.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-districts').kb, { homeRegion: '清远市' });
});
const ask = (q: string) => toAskJson(q, engine.ask(q));

describe('scope', () => {
  it.each([
    ['澄湖区2022年调解成功率多少', 'qingfeng-chenghu-2022', '97.4%'],
    ['2023年澄湖区调解成功率', 'qingfeng-chenghu-2023', '98.2%'],
    ['澄湖区去年法律援助案件多少件', 'qingfeng-chenghu-2022', '1284件'],
    ['我市调解成功率多少', 'qingyuan-2021', '97.2%'],
    ['白石县调解成功率多少', 'luming-baishi-2023', '97.9%'],
  ])('%s is answered from its own report', (q, docId, figure) => {
    const r = ask(q);
    expect(r.kind).toBe('answer');
    expect(r.citations[0]?.document.id).toBe(docId);
    expect(r.citations[0]?.quote).toContain(figure);
    expect(r.citations.every((c) => c.document.id === docId)).toBe(true);
    expect(r.figures.every((f) => f.document.id === docId)).toBe(true);
  });

  it('a region whose reports lack the topic: none, said for that region, with one labelled pointer elsewhere', () => {
    const r = ask('西岭区社区矫正对象多少人');
    expect(r).toMatchObject({ kind: 'none', answered: false, citations: [], figures: [], scope: { label: '青枫市西岭区' } });
    expect(r.message).toBe('青枫市西岭区的报告中没有找到这个问题的答案。');
    expect(r.elsewhere?.citation.document.region).toBe('鹿鸣市白石县');
    expect(r.elsewhere?.label).toContain('不是所问报告的数据');
    const text = toText(engine.ask('西岭区社区矫正对象多少人'));
    expect(text.indexOf('青枫市西岭区的报告中没有找到')).toBe(0);
  });

  it('a year with no report of the region: says so, and points to the same region first', () => {
    const r = ask('白石县去年调解成功率');
    expect(r.kind).toBe('none');
    expect(r.message).toBe('知识库中没有鹿鸣市白石县2022年的报告。');
    expect(r.elsewhere?.citation.document.id).toBe('luming-baishi-2023');
  });

  it('comparisons across a region’s years: one cited row per year, the years named or all of them', () => {
    const all = ask('澄湖区行政许可事项历年变化');
    expect(all.comparison?.rows.map((x) => [x.year, x.figure?.text, x.citation?.document.id])).toEqual([
      [2021, '203项', 'qingfeng-chenghu-2021'],
      [2022, '186项', 'qingfeng-chenghu-2022'],
      [2023, '172项', 'qingfeng-chenghu-2023'],
    ]);
    const two = ask('澄湖区今年调解成功率比去年高多少');
    expect(two.comparison?.rows.map((x) => [x.year, x.figure?.text])).toEqual([
      [2022, '97.4%'],
      [2023, '98.2%'],
    ]);
  });

  it('a broad question gets an overview of the right section of the right report', () => {
    const r = ask('白石县普法这块干了啥');
    expect(r.kind).toBe('overview');
    expect(r.overview?.section).toContain('深入开展普法宣传');
    expect(r.overview?.document.id).toBe('luming-baishi-2023');
    expect(r.citations.length).toBeGreaterThan(0);
    expect(r.citations.length).toBeLessThanOrEqual(4);
  });
});
