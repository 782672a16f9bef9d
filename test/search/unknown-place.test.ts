// A county or district the gazetteer does not list (英德市, 佛冈县) is still a place: a question about it is
// about another region, and the home city's figure on the same topic is not its answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { toAskJson } from '../../src/reply/to-json.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(shippedKb());
});

describe('a place the reports never mention', () => {
  it.each(['英德市法律援助活动搞了几场', '连州市调解成功率多少', '佛冈县公证巡回办证几件', '清城区调解成功率多少', '连南瑶族自治县立法联络员设了几个'])('%s gets none, naming the place', (q) => {
    const r = engine.ask(q, { explain: true });
    expect(r.kind).toBe('no_answer');
    if (r.kind === 'no_answer') expect(r.retrieval?.reason).toMatch(/about .+(?:市|县|区)/u);
  });

  it.each([
    ['清远市法律援助活动搞了几场', '开展活动81场次'],
    ['各县区调解成功率多少', '调解案件成功率97.2%'],
    ['香港律师事务所在清远设了代表处吗', '香港律师事务所驻清远代表处'],
    ['珠三角九市以外的第一家驻粤代表处是哪个', '珠三角九市以外'],
    // 只算县 is 只 + 算 + 县, no place.
    ['网格排查的事件办结率是只算县一级吗', '网格排查事件调处办结率为99.3%'],
  ])('%s names the report\'s own region or a place it mentions, and is answered', (q, expected) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain(expected);
  });
});

describe('a noun ending in a level character', () => {
  it('一千来个社区 counts communities: 社区 is no place', () => {
    const r = engine.ask('社区法律顾问是不是覆盖了一千来个社区', { explain: true });
    expect(r.kind).toBe('answer');
    expect(r.kind === 'answer' ? r.scope : undefined).toBeUndefined();
  });
});

describe('a place named as a partner or a location, not as the place asked', () => {
  it.each([
    ['我市营商环境一体化是跟广州一起搞的吗', '广清营商环境一体化工作专班'],
    ['香港律所的代表处是设在广州的吧', '香港律师事务所驻清远代表处'],
  ])('%s is answered from the reports', (q, expected) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain(expected);
  });

  it('two places asked side by side are both asked (深圳和广州): none', () => {
    expect(engine.ask('深圳和广州的调解成功率').kind).toBe('no_answer');
  });
});

describe('a district or county name the tagger does not know as a place', () => {
  it.each([
    ['澄湖区去年调解成功率', '澄湖区'],
    ['白石县普法活动多少场', '白石县'],
    ['鹿鸣市调解成功率多少', '鹿鸣市'],
    ['连南县法律援助活动几场', '连南县'],
  ])('%s: the reply says the library has no report of %s (not of a year)', (q, place) => {
    const r = toAskJson(q, engine.ask(q));
    expect(r.kind).toBe('none');
    expect(r.message).toContain(place);
    expect(r.message).not.toMatch(/20\d\d/u);
  });

  it.each([
    ['法治政府年报市委审议过没有', '专题审议我市2020年法治政府建设年度报告'],
    ['审批事项委托园区的大概一百五十多项?', '梳理调整158项'],
    ['调解成功率是全市的还是市本级的', '全市调解组织调解案件成功率'],
  ])('%s holds a level character but names no place', (q, expected) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations.map((c) => c.quote).join('\n')).toContain(expected);
  });
});

describe('a city from the gazetteer', () => {
  it('is named in the reply, and the nearest sections are still offered', () => {
    const r = toAskJson('广州的调解成功率是多少', engine.ask('广州的调解成功率是多少'));
    expect(r.kind).toBe('none');
    expect(r.message).toContain('广州');
    const raw = engine.ask('广州的调解成功率是多少');
    expect(raw.kind === 'no_answer' && raw.suggestions.length).toBeGreaterThan(0);
  });
});
