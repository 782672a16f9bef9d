// How staff word questions the reports' sentences do not: comparisons said as 比去年多了还是少了 or 跟前年比, broad
// questions said as …管得怎么样, colloquial words the thesaurus knows, and weak evidence that still holds the
// question's most specific noun (a partial, not a refusal), while a noun the reports never use keeps it none.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { askKind } from '../../src/reply/model.js';
import { shippedKb } from '../helpers/knowledge.js';

let bundled: SearchEngine;
let districts: SearchEngine;
beforeAll(() => {
  bundled = createAnswerEngine(shippedKb(), { homeRegion: '清远市' });
  districts = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-districts').kb, { homeRegion: '清远市' });
});

describe('comparisons in staff words', () => {
  it.each([
    ['澄湖区调解成功率比去年高了还是低了', [2022, 2023]],
    ['澄湖区行政复议申请比去年多了还是少了', [2022, 2023]],
    ['澄湖区普法活动场次跟前年比怎么样', [2021, 2023]],
    ['澄湖区行政许可事项这几年有啥变化', [2021, 2022, 2023]],
    ['澄湖区法援案子一年比一年多吗', [2021, 2022, 2023]],
    ['澄湖区普法活动场次这三年怎么变的', [2021, 2022, 2023]],
    ['澄湖区法援案件2023年比2021年多了多少', [2021, 2023]],
    ['澄湖区调解工作这几年有啥变化', [2021, 2022, 2023]],
  ])('%s gets a table of the years compared, each cited', (q, years) => {
    const r = districts.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.comparison?.rows.map((row) => row.year)).toEqual(years);
    for (const row of r.comparison!.rows) expect(row.citation?.document.region).toBe('青枫市澄湖区');
  });
});

describe('broad questions in staff words', () => {
  it.each([
    ['西岭区今年法治政府建设主要举措有哪些', '主要举措和成效'],
    ['白石县放管服改革怎么样', '放管服'],
  ])('%s gets the overview of its section', (q, section) => {
    const r = districts.ask(q);
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toContain(section);
  });

  it('a broad question no single sentence answers gets the section its best sentence is in (公共法律服务有啥亮点)', () => {
    const r = districts.ask('白石县公共法律服务有啥亮点');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.citations.every((c) => c.document.region === '鹿鸣市白石县')).toBe(true);
  });

  it('a field asked broadly gets the section naming the whole field, not one sub-section under it', () => {
    const r = districts.ask('澄湖区2021年执法这块干了啥');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toContain('坚持严格规范公正文明执法');
  });

  it('调解成功率怎么样 asks a figure, not a broad question', () => {
    expect(askKind(bundled.ask('调解成功率怎么样'))).toBe('answer');
  });

  it.each(['老赖这块管得怎么样', '法律援助这块抓得怎么样', '红头文件管理是啥情况'])('%s is answered, not refused', (q) => {
    expect(askKind(bundled.ask(q))).not.toBe('none');
  });
});

describe('colloquial words the field uses', () => {
  it.each([
    ['老赖这块管得怎么样', '联合惩戒'],
    ['法律援助这块抓得怎么样', '法律援助'],
  ])('%s finds the report\'s own wording', (q, want) => {
    const r = bundled.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations.map((c) => c.quote).join('\n')).toContain(want);
  });

  it('公务员考试 is its own topic, not the staff\'s 学法考试', () => {
    expect(askKind(bundled.ask('公务员考试什么时候报名'))).toBe('none');
  });
});

describe('weak evidence holding the question\'s most specific noun', () => {
  it('is a reply quoting that sentence, not a refusal (普法 in 咱们普法有啥新花样)', () => {
    const r = bundled.ask('咱们普法有啥新花样');
    expect(askKind(r)).not.toBe('none');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('普法');
  });

  it('for a broad question, is the overview of the section that evidence is in', () => {
    const r = districts.ask('白石县依法治县有啥亮点');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.citations.every((c) => c.document.region === '鹿鸣市白石县')).toBe(true);
  });

  it('a question asking no figure, in the staff\'s own words, gets the sentence sharing them (partial)', () => {
    const r = bundled.ask('政府拍板大事之前有没有先过法律这关');
    expect(askKind(r)).toBe('partial');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('重大行政决策');
  });

  it.each(['人民监督员有多少名', '律师执业证发了多少本', '护照办了多少本'])('%s stays none: it asks a number of something no report counts', (q) => {
    expect(askKind(bundled.ask(q))).toBe('none');
  });

  it.each(['会议纪要帮我润色一下', '推荐一部好看的电影'])('%s is chat: none, however near a sentence is', (q) => {
    expect(askKind(bundled.ask(q))).toBe('none');
  });
});

describe('words that look like a figure or a year but are not', () => {
  it('效率 asks no share: 复议…效率有没有提 gets the sentence on 行政复议效能, not a refusal', () => {
    const r = bundled.ask('复议案子是不是收归一家统一办、效率有没有提');
    expect(askKind(r)).not.toBe('none');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('行政复议效能');
  });

  it('去年, when the only report is this year\'s, is answered only by a quote saying that year; the question is not out of scope', () => {
    const r = bundled.ask('去年那轮党政主要负责人述职搞完了没', { explain: true });
    expect(askKind(r)).not.toBe('none');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('2020年度');
    // Without a quote saying 2020, nothing answers.
    expect(askKind(bundled.ask('请问一下,咱们市去年调解案件的成功率是多少啊?'))).toBe('none');
  });
});

describe('figures with a multiplier', () => {
  it('6.2万人次 answers 多少人次', () => {
    const r = districts.ask('澄湖区前年普法覆盖了多少人次');
    expect(askKind(r)).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('6.2万人次');
  });
});
