// The graded replies to a question (partial, overview, a comparison, none scoped to one region with a pointer
// elsewhere) and /metric over several reports: what each says, as cards and as text, and reviewable snapshots.
import { describe, expect, it } from 'vitest';
import { renderCard, renderText } from '../../src/cards/render.js';
import type { Citation, FigureView, Reply } from '../../src/reply/model.js';
import { toAskJson } from '../../src/reply/to-json.js';
import { cardProblems } from '../helpers/card-check.js';
import { citationFixture, figureFixture, fixtureDoc, MEDIATION_SECTION } from '../helpers/reply-fixtures.js';

const qy = fixtureDoc('qingyuan-2021');
const other = { id: 'jinghai-2022', title: '静海区2022年法治政府建设情况报告', region: '静海区', year: 2022 };
const older = { id: 'jinghai-2021', title: '静海区2021年法治政府建设情况报告', region: '静海区', year: 2021 };
const cite = (quote: string, over: Partial<Citation> = {}): Citation => citationFixture(qy, { quote, ...over });
const fig = (doc: Citation['document'], text: string, value: number): FigureView => ({ ...figureFixture(doc), text, value, unit: '项', label: '行政许可事项', quote: `行政许可事项${text}。`, section: '一、(二)深化放管服改革' });

const replies: Record<string, Reply> = {
  partial: {
    kind: 'answer',
    grade: 'partial',
    question: '全市有多少家律师事务所?',
    citations: [cite('成立首家香港律师事务所驻清远代表处。', { highlights: ['律师事务所'] })],
    figures: [],
    confidence: 0.79,
    missing: { topic: '律师事务所', what: 'figure' },
  },
  overview: {
    kind: 'answer',
    grade: 'overview',
    question: '调解这块今年干了啥',
    citations: [cite('全市调解组织调解案件成功率97.2%。'), cite('推动人民调解、行政调解、司法调解有效衔接。')],
    figures: [figureFixture(qy)],
    confidence: 0.6,
    overview: { section: MEDIATION_SECTION, sectionId: 'qingyuan-2021/s2.4.2', document: qy },
  },
  comparison: {
    kind: 'answer',
    grade: 'answer',
    question: '静海区行政许可事项比去年多了多少',
    citations: [citationFixture(older, { quote: '行政许可事项200项。', section: '一、(二)深化放管服改革' }), citationFixture(other, { quote: '行政许可事项218项。', section: '一、(二)深化放管服改革' })],
    figures: [fig(older, '200项', 200), fig(other, '218项', 218)],
    confidence: 0.8,
    scope: { label: '静海区', documentIds: [older.id, other.id] },
    comparison: {
      region: '静海区',
      rows: [
        { year: 2021, document: older, figure: fig(older, '200项', 200), citation: citationFixture(older, { quote: '行政许可事项200项。', section: '一、(二)深化放管服改革' }) },
        { year: 2022, document: other, figure: fig(other, '218项', 218), citation: citationFixture(other, { quote: '行政许可事项218项。', section: '一、(二)深化放管服改革' }) },
      ],
    },
  },
  scopedNone: {
    kind: 'no_answer',
    question: '静海区调解成功率是多少',
    suggestions: [{ section: '二、(一)化解矛盾纠纷', sectionId: 'x', document: other }],
    scope: { label: '静海区', documentIds: [other.id] },
    elsewhere: cite('全市调解组织调解案件成功率97.2%。'),
  },
  metricSeveral: { kind: 'metric', keyword: '行政许可', figures: [fig(other, '218项', 218), fig(older, '200项', 200)], categories: [] },
};

describe('graded replies', () => {
  it('partial: says plainly what is missing before the related quote, and is not an answer', () => {
    const r = replies.partial!;
    const text = renderText(r);
    expect(text.startsWith('报告提到了“律师事务所”,但没有给出“律师事务所”的具体数字。')).toBe(true);
    const card = renderCard(r);
    expect(cardProblems(card)).toEqual([]);
    expect(card.header.template).toBe('yellow');
    expect(JSON.stringify(card)).toContain('但没有给出');
    expect(toAskJson(r.kind === 'answer' ? r.question : '', r)).toMatchObject({ kind: 'partial', answered: true, missing: { what: 'figure' } });
  });

  it('overview: the section path, the key sentences in order, and the section figures', () => {
    const r = replies.overview!;
    const text = renderText(r);
    expect(text).toContain(MEDIATION_SECTION);
    expect(text.indexOf('97.2%')).toBeLessThan(text.indexOf('有效衔接'));
    expect(toAskJson('q', r)).toMatchObject({ kind: 'overview', answered: true, overview: { section: MEDIATION_SECTION } });
    expect(cardProblems(renderCard(r))).toEqual([]);
  });

  it('comparison: one row per year, each with its figure and citation', () => {
    const r = replies.comparison!;
    const text = renderText(r);
    expect(text).toMatch(/2021年:行政许可事项 200项[\s\S]*2022年:行政许可事项 218项/u);
    const json = toAskJson('q', r);
    expect(json.comparison?.rows.map((x) => [x.year, x.figure?.text, x.citation?.document.id])).toEqual([
      [2021, '200项', 'jinghai-2021'],
      [2022, '218项', 'jinghai-2022'],
    ]);
    expect(cardProblems(renderCard(r))).toEqual([]);
  });

  it('none in the scoped reports: says which reports, and labels the pointer to another report as such', () => {
    const r = replies.scopedNone!;
    const text = renderText(r);
    expect(text.startsWith('静海区的报告中没有找到这个问题的答案。')).toBe(true);
    expect(text).toContain('其他报告中(清远市2021年,仅供参考,不是所问报告的数据):');
    const json = toAskJson('q', r);
    expect(json).toMatchObject({ kind: 'none', answered: false, scope: { label: '静海区' }, elsewhere: { citation: { document: { id: 'qingyuan-2021' } } } });
    expect(json.citations).toEqual([]);
    const card = renderCard(r);
    expect(card.header.title.content).toBe('静海区的报告中没有找到答案');
    expect(cardProblems(card)).toEqual([]);
  });

  it('/metric over several reports groups its figures by report', () => {
    const r = replies.metricSeveral!;
    const text = renderText(r);
    expect(text.indexOf('【静海区2022年')).toBeLessThan(text.indexOf('218项'));
    expect(text.indexOf('【静海区2021年')).toBeLessThan(text.indexOf('200项'));
    expect(text.indexOf('218项')).toBeLessThan(text.indexOf('【静海区2021年'));
    expect(cardProblems(renderCard(r))).toEqual([]);
  });

  for (const [name, reply] of Object.entries(replies)) {
    it(`snapshot: ${name}`, () => {
      expect(renderCard(reply, { questionMessageId: 'om_question_1' })).toMatchSnapshot();
      expect(renderText(reply)).toMatchSnapshot();
    });
  }
});
