// Years as staff type them: 21年 and 二〇二二年 are 2021 and 2022; 两年前, 大前年, 最新 count back from the newest
// report of the region asked. The figure always comes from that year's report.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { toAskJson } from '../../src/reply/to-json.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-districts')).kb, { homeRegion: '清远市' });
});
const ask = (q: string) => toAskJson(q, engine.ask(q));

describe('years written short, in characters, or counted back', () => {
  it.each([
    ['澄湖区21年法律援助案件多少件', 'qingfeng-chenghu-2021', '1126件'],
    ['澄湖区二〇二二年调解成功率', 'qingfeng-chenghu-2022', '97.4%'],
    ['澄湖区两年前调解成功率', 'qingfeng-chenghu-2021', '96.1%'],
    ['澄湖区一年前普法活动多少场', 'qingfeng-chenghu-2022', '560场次'],
    ['澄湖区最新的调解成功率', 'qingfeng-chenghu-2023', '98.2%'],
  ])('%s is answered from %s', (q, docId, figure) => {
    const r = ask(q);
    expect(r.kind).toBe('answer');
    expect(r.citations[0]?.document.id).toBe(docId);
    expect(r.citations[0]?.quote).toContain(figure);
  });

  it('says when the year counted back has no report (大前年 of 2023 is 2020)', () => {
    const r = ask('澄湖区大前年调解成功率');
    expect(r.kind).toBe('none');
  });

  it('leaves a two-digit number that is no report\'s year alone (用了15年)', () => {
    const r = engine.ask('澄湖区调解成功率15年来变化', { explain: true });
    expect(r.retrieval?.reason ?? '').not.toContain('2015');
    expect(r.kind === 'answer' ? r.scope?.label : '').not.toContain('2015');
  });

  it('reads a two-digit year said as a year (20年的时候) though no report is about it, and says no report covers it', () => {
    const r = engine.ask('20年的时候澄湖区调解成功率多少', { explain: true });
    // (No report is about 2020; the reports only mention it, and no sentence about 调解 says it.)
    expect(r.kind).toBe('no_answer');
  });
});
