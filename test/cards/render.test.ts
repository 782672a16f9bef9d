import { createScrubber } from '../../src/knowledge/redact.js';
import { describe, expect, it } from 'vitest';
import { renderCard, renderText, type FeedbackValue } from '../../src/cards/render.js';
import type { Citation, Reply } from '../../src/reply/model.js';
import { createRouter } from '../../src/router/router.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { cardProblems, cardText, readable } from '../helpers/card-check.js';
import { citationFixture, figureFixture, fixtureDoc } from '../helpers/reply-fixtures.js';
import { shippedKb } from '../helpers/knowledge.js';

const doc = fixtureDoc('qy');
const citation = (over: Partial<Citation> = {}): Citation => citationFixture(doc, over);
const figure = figureFixture(doc);

const md = (r: Reply) => cardText(renderCard(r));

describe('renderCard', () => {
  it('answer: quote with the key figure bold and terms highlighted, section, document and year, feedback buttons', () => {
    const r: Reply = { kind: 'answer', grade: 'answer', question: '调解成功率是多少?', citations: [citation(), citation({ quote: '第二句。' }), citation({ quote: '第三句。' }), citation({ quote: '第四句不显示。' })], figures: [figure], confidence: 0.9 };
    const card = renderCard(r, { questionMessageId: 'om_q1' });
    expect(cardProblems(card)).toEqual([]);
    const text = md(r);
    expect(text).toContain('**97.2%**');
    expect(text).toContain("<font color='blue'>调解</font>");
    expect(text).toContain('深化预防与化解社会矛盾纠纷工作');
    expect(readable(text)).toContain('清远市2021年全面依法治市工作情况报告(2021)');
    expect(text).toContain('第三句');
    expect(text).not.toContain('第四句');
    const values = JSON.stringify(card).match(/"value":(\{[^}]*\})/gu) ?? [];
    const parsed = values.map((v) => JSON.parse(v.slice(8)) as FeedbackValue);
    expect(parsed.map((v) => v.vote)).toEqual(['up', 'down']);
    expect(parsed[0]).toMatchObject({ action: 'feedback', mid: 'om_q1', q: '调解成功率是多少?', sid: 'qy/s2.4.2/p1/t3' });
  });

  it('answer through a reviewed correction: says so, and never shows the injected text', () => {
    const c = citation({ quote: '推进政务服务“一网通办”。', corrected: true, corrections: [{ original: '沙巴体育', replacement: '政务服务', reason: 'Injected gambling brand (沙巴体育)' }] });
    // As the reply leaves the core (src/knowledge/redact.ts): the renderer itself never sees the term.
    const r = createScrubber(['沙巴体育']).value<Reply>({ kind: 'answer', grade: 'answer', question: '沙巴体育', citations: [c], figures: [], confidence: 1 });
    const json = JSON.stringify(renderCard(r));
    expect(json).toContain('审核校正');
    expect(json).not.toContain('沙巴体育');
    expect(renderText(r)).not.toContain('沙巴体育');
  });

  it('escapes markdown in user text', () => {
    const r: Reply = { kind: 'no_answer', question: '**bold** [link](http://x) <at id=all></at>', suggestions: [] };
    const text = md(r);
    expect(text).not.toContain('**bold**');
    expect(text).not.toContain('[link]');
    expect(text).not.toContain('<at');
    expect(readable(text)).toContain('**bold** [link](http://x) <at id=all></at>');
  });

  it('text fallback cannot carry an @all mention', () => {
    const text = renderText({ kind: 'unknown_command', command: '<at user_id="all">所有人</at>', suggestion: null, commands: [] });
    expect(text).not.toContain('<at');
  });

  it('no_answer: says it is not in the reports, lists nearest sections and /help', () => {
    const r: Reply = { kind: 'no_answer', question: '明天天气怎么样?', suggestions: [{ section: '一、加强党的领导', sectionId: 's1', document: doc }] };
    const card = renderCard(r);
    expect(card.header.title.content).toContain('没有找到');
    expect(readable(md(r))).toContain('一、加强党的领导');
    expect(md(r)).toContain('/help');
  });

  it('cuts oversized content with "…more" and stays under 30 KB', () => {
    const sections = Array.from({ length: 3000 }, (_, i) => ({ sectionId: `s${i}`, number: `${i}.`, title: `章节标题${'很长'.repeat(20)}${i}`, path: '', depth: 1 + (i % 3) }));
    const r: Reply = { kind: 'outline', documents: Array.from({ length: 5 }, () => ({ document: doc, sections })) };
    const card = renderCard(r);
    expect(cardProblems(card)).toEqual([]);
    expect(md(r)).toContain('…more');
  });

  it('renders every command reply of the real router as a valid card', async () => {
    const engine = createAnswerEngine(shippedKb());
    const router = createRouter({ engine, today: () => '2026-11-27' });
    for (const text of ['/help', '/metric', '/metric 调解', '/search 行政复议', '/outline', '/source', '/digest', '/subscribe', '/nosuch', '/serch 调解', '全市调解组织调解案件成功率是多少?', '今天天气如何']) {
      const reply = await router.route({ text });
      const card = renderCard(reply);
      expect(cardProblems(card), text).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('沙巴体育');
      expect(renderText(reply).length, text).toBeGreaterThan(0);
    }
    const unknown = await router.route({ text: '/serch 调解' });
    expect(readable(cardText(renderCard(unknown)))).toContain('/search');
    const sources = renderCard(await router.route({ text: '/source' }));
    expect(readable(cardText(sources))).toContain('政务服务');
  });
});
