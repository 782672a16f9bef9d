import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORY_NAMES } from '../../src/metrics/categories.js';
import { figureCategories, findFigures } from '../../src/metrics/find-figures.js';
import { toFigureView } from '../../src/metrics/figure-view.js';
import { figuresOf, firstNumberIn, shippedDoc, shippedKb } from '../helpers/knowledge.js';

describe('figures of the shipped report', () => {
  const doc = shippedDoc();
  const byText = (text: string) => doc.figures.find((f) => f.text === text);

  it.each([
    ['2551人次', 2551, '人次', '培训乡镇街道执法人员', {}],
    ['177817次', 177817, '次', '公示行政执法决定', {}],
    ['97.2%', 97.2, '%', '全市调解组织调解案件成功率', {}],
    ['30余个', 30, '个', '行业性和专业性人民调解组织', { approximate: true, change: '扩至' }],
    ['10个', 10, '个', '全市个人调解品牌工作室', { change: '增至' }],
    ['同比上升200%', 200, '%', '检察机关监督公安机关立案', { change: '同比上升', period: '上半年' }],
    ['54件', 54, '件', '检察机关监督公安机关立案', { period: '上半年' }],
    ['全省排名第1', 1, '名', '行政许可、行政处罚信息“双公示”工作', { rank: 1, period: '连续6个月' }],
    ['8个县(市、区)', 8, '个', '基层立法联系点(县)', {}],
    ['85个乡镇(街道)', 85, '个', '基层立法联络员(乡镇)', {}],
    ['158项', 158, '项', '梳理调整市级行政审批事项', {}],
    ['19060场次', 19060, '场次', '市中级人民法院开展庭审网络视频直播', { period: '截至8月' }],
    ['14969份', 14969, '份', '网上公开裁判文书', { period: '截至8月' }],
  ])('%s', (text, value, unit, label, qualifiers) => {
    expect(byText(text)).toMatchObject({ value, unit, label });
    expect(byText(text)?.qualifiers).toEqual(qualifiers);
  });

  it('extracts every counted number and nothing else', () => {
    expect(doc.figures).toHaveLength(27);
    const texts = doc.figures.map((f) => f.text).join('|');
    for (const notFigure of ['2021年', '2020年', '2018年', '截至8月', '连续6个月', '十四五', '七一', '两法衔接', '第八批']) expect(texts).not.toContain(notFigure);
    for (const f of doc.figures) expect([2018, 2020, 2021]).not.toContain(f.value);
  });

  it('quotes each figure with its sentence, from which its value parses back', () => {
    for (const f of doc.figures) {
      const view = toFigureView(doc, f);
      expect(view.quote).toContain(f.text);
      expect(firstNumberIn(f.text)).toBe(f.value);
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.label).not.toMatch(/沙巴体育/u);
      expect(CATEGORY_NAMES).toContain(f.category);
    }
    expect(new Set(doc.figures.map((f) => f.id)).size).toBe(doc.figures.length);
  });

  it('derives categories from label and section words', () => {
    expect(byText('2551人次')?.category).toBe('执法');
    expect(byText('97.2%')?.category).toBe('调解');
    expect(byText('158项')?.category).toBe('行政审批');
    expect(byText('8个县(市、区)')?.category).toBe('立法');
    expect(byText('19060场次')?.category).toBe('司法');
    expect(byText('174件')?.category).toBe('法律服务');
  });
});

describe('extractFigures on sentences', () => {
  it.each([
    ['第3批试点单位名单公布。', []],
    ['“12345”热线受理诉求300件。', [[300, '件']]],
    ['2021年全市办理案件300余件。', [[300, '件']]],
    ['约1.5万人次参加培训。', [[1.5, '万人次']]],
    ['1-8月,受理案件1,234件。', [[1234, '件']]],
    ['全市排名第一。', [[1, '名']]],
    ['连续3年全省排名第2。', [[2, '名']]],
    ['2021年12月31日前完成。', []],
  ] as const)('%s', (line, expected) => {
    expect(figuresOf(line).map((f) => [f.value, f.unit])).toEqual(expected);
  });

  it('keeps figures as written, with their value, inside any generated sentence', () => {
    const noun = fc.constantFrom('办理案件', '培训执法人员', '公示决定', '调解纠纷', '开展活动');
    const unit = fc.constantFrom<string>('件', '人次', '次', '个', '%', '场次', '份', '项');
    const figure = fc.tuple(noun, fc.integer({ min: 1, max: 999999 }), fc.option(fc.integer({ min: 0, max: 9 })), unit).map(([n, v, d, u]) => ({ text: `${n}${v}${d === null ? '' : `.${d}`}${u}`, value: Number(`${v}${d === null ? '' : `.${d}`}`), unit: u }));
    const filler = fc.constantFrom('2021年', '截至8月', '十四五时期', '“两法衔接”', '连续6个月', '第八批').map((text): { text: string; value?: number; unit?: string } => ({ text }));
    fc.assert(
      fc.property(fc.array(fc.oneof(figure, filler), { minLength: 1, maxLength: 8 }), (parts) => {
        const sentence = `${parts.map((p) => p.text).join(',')}。`;
        const figures = figuresOf(sentence);
        const expected = parts.filter((p) => p.value !== undefined);
        expect(figures.map((f) => [f.value, f.unit])).toEqual(expected.map((p) => [p.value, p.unit]));
        for (const f of figures) {
          expect(sentence).toContain(f.text);
          expect(firstNumberIn(f.text)).toBe(f.value);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('/metric lookup', () => {
  const kb = shippedKb();

  it.each([
    ['调解', '97.2%'],
    ['培训', '2551人次'],
    ['公证', '174件'],
    ['直播', '19060场次'],
    ['成功率', '97.2%'],
    ['执法', '2551人次'],
    ['调解成功率', '97.2%'],
  ])('%s finds %s first', (keyword, text) => {
    expect(findFigures(kb, keyword)[0]?.text).toBe(text);
  });

  it('ranks label hits first, is deterministic and bounded', () => {
    const results = findFigures(kb, '调解');
    expect(results.slice(0, 3).every((f) => f.label.includes('调解'))).toBe(true);
    expect(findFigures(kb, '调解')).toEqual(results);
    expect(findFigures(kb, '执法', 2)).toHaveLength(2);
    expect(findFigures(kb, '')).toEqual([]);
    expect(findFigures(kb, '天气预报')).toEqual([]);
  });

  it('never throws on any keyword', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), fc.integer({ min: -2, max: 20 }), (k, limit) => {
      expect(findFigures(kb, k, limit).length).toBeLessThanOrEqual(Math.max(0, limit));
    }), { numRuns: 100 });
  });

  it('lists categories with counts when there is no keyword', () => {
    const categories = figureCategories(kb);
    expect(categories.reduce((n, c) => n + c.count, 0)).toBe(kb.documents.reduce((n, d) => n + d.figures.length, 0));
    for (let i = 1; i < categories.length; i++) expect(categories[i - 1]!.count).toBeGreaterThanOrEqual(categories[i]!.count);
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['执法', '调解', '司法', '法律服务']));
  });
});
