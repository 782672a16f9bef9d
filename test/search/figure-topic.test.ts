// When a number is asked, a figure about something that only shares words with the question is not its answer:
// 个人调解品牌工作室增至10个 does not say how many 律师调解工作室 there are. Said as partial, never as the answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(shippedKb());
});

describe('a figure of something else', () => {
  it.each(['律师调解工作室有几个', '检察官调解工作室有几个', '法官调解工作室有几个'])('%s is not answered by the 个人调解工作室 count', (q) => {
    const r = engine.ask(q, { explain: true });
    if (r.kind === 'answer') {
      expect(r.grade).not.toBe('answer');
      if (r.grade === 'partial') expect(r.retrieval?.reason).toMatch(/not of/u);
    }
  });

  it('does not borrow a count from the neighbouring sentence about something else', () => {
    // 全市调解组织调解案件成功率97.2%。全市个人调解品牌工作室增至10个…: a share, and a count of 工作室.
    const r = engine.ask('调解案件多少件');
    expect(r.kind === 'answer' && r.grade).not.toBe('answer');
  });

  it('counts nothing the reports never name (多少条意见): partial, saying so', () => {
    const r = engine.ask('基层立法联系点收到多少条意见', { explain: true });
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.grade).toBe('partial');
    expect(r.retrieval?.reason).toContain('意见');
  });

  it('asks a time of 开业时间: a sentence without one does not answer', () => {
    const r = engine.ask('香港律师事务所驻清远代表处开业时间');
    expect(r.kind === 'answer' && r.grade).not.toBe('answer');
  });

  it('asks people of 多少人: 81场次 of legal-aid events is no count of people helped', () => {
    const r = engine.ask('法援帮了多少人');
    expect(r.kind === 'answer' && r.grade).toBe('partial');
    const trained = engine.ask('执法人员培训了多少人');
    expect(trained.kind === 'answer' && trained.citations[0]!.quote).toContain('2551人次');
  });

  it('asks money of a sum of money: 3个项目 is no amount', () => {
    for (const q of ['示范创建投入多少钱', '法治政府示范创建经费多少']) {
      const r = engine.ask(q);
      expect(r.kind === 'answer' && r.grade, q).not.toBe('answer');
    }
  });

  it.each([
    ['法援活动搞了多少场', '开展活动81场次'],
    ['个人调解工作室有几个', '个人调解品牌工作室增至10个'],
    ['市中院网上公开判决书多少份', '网上公开裁判文书14969份'],
    ['镇街执法队员培训了多少人次', '培训乡镇街道执法人员2551人次'],
    ['检察院监督公安立案多少件', '监督公安机关立案54件'],
  ])('%s, in other words than the report, is still answered', (q, expected) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.grade).toBe('answer');
    expect(r.citations[0]!.quote).toContain(expected);
  });
});
