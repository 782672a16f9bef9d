// The shipped thesaurus: abbreviations, colloquial words and other names staff use find the report's own wording.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { expandSynonyms, tokenizeQuery } from '../../src/search/tokenize.js';
import { shippedThesaurus } from '../../src/search/thesaurus.js';
import { shippedKb } from '../helpers/knowledge.js';
import { KNOWLEDGE_DIR } from '../helpers/paths.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(shippedKb());
});

/** What a question's words expand to through the shipped thesaurus. */
const expanded = (q: string) => expandSynonyms(q, tokenizeQuery(q), shippedThesaurus()).phrases.map((p) => p.term);

describe('shipped thesaurus', () => {
  it('holds at least 300 groups of clean terms', () => {
    const t = shippedThesaurus();
    expect(t.groups.length).toBeGreaterThanOrEqual(300);
    for (const term of t.groups.flat()) expect(term, term).toMatch(/^[\p{Script=Han}a-z0-9]{2,}$/u);
  });

  it('holds no term of the bundled spam lexicon: a synonym shown in an explanation must never be one', () => {
    const lexicon = readFileSync(join(KNOWLEDGE_DIR, 'spam-lexicon.txt'), 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/u, '').replace(/\s+/gu, '').toLowerCase())
      .filter((l) => l.length > 0);
    const t = shippedThesaurus();
    const terms: string[] = [...t.groups.flat(), ...t.collective.flat(2), ...t.questionWords, ...t.scopeWords.flat()];
    expect(terms.filter((term) => lexicon.some((x) => term.toLowerCase().includes(x)))).toEqual([]);
  });

  it.each([
    ['两院有什么改革', ['法院', '检察院']],
    ['放管服改革', ['行政审批制度改革']],
    ['合法性审查', ['法律论证']],
    ['网上送文书', ['送达']],
    ['远程公证', ['远程办证']],
    ['单亲妈妈', ['单亲母亲']],
    ['知识竞赛', ['法律法规知识竞赛']],
    ['评上几个', ['被命名为']],
    ['弄完了没', ['完成']],
    ['多元解纷', ['人民调解', '行政调解', '司法调解']],
    ['免费律师', ['法律援助']],
    ['公众号推送', ['微信公众号']],
    ['诉调对接', ['诉前调解', '司法确认']],
    ['免费打官司', ['法律援助']],
    ['非诉中心有几个', ['非诉讼纠纷解决中心']],
    ['一把手出庭', ['行政机关负责人出庭应诉']],
    ['法审', ['合法性审核', '法制审核']],
    ['开罚单', ['行政处罚']],
    ['新就业群体', ['快递员', '外卖骑手', '网约车司机']],
    ['外卖小哥', ['外卖骑手']],
    ['行专调委会', ['行业性和专业性人民调解组织']],
    ['卷宗评查', ['案卷评查']],
    ['工单', ['诉求件']],
    ['政务热线', ['12345']],
    ['公法中心', ['公共法律服务中心']],
    ['首次轻微违法', ['首违不罚']],
    ['信访法治化', ['信访工作法治化']],
    ['万人起诉率', ['万人成讼率']],
  ])('%s also finds %j', (q, want) => {
    const got = expanded(q);
    for (const w of want) expect(got).toContain(w);
  });

  it('widens a set to its members, never a member to the others (法院 is not 检察院)', () => {
    expect(expanded('法院怎么审')).not.toContain('检察院');
    expect(expanded('两院')).toContain('检察院');
    expect(expanded('人民调解')).not.toContain('多元解纷');
    expect(expanded('外卖骑手')).not.toContain('快递员');
    expect(expanded('合法性审核')).not.toContain('法制审核');
    expect(expanded('行政复议')).not.toContain('行政诉讼');
  });

  it.each([
    ['放管服这块干了啥', '全面推进行政审批制度改革'],
    ['行政审批制度改革情况怎么样', '全面推进行政审批制度改革'],
  ])('%s gets the overview of the section under the report\'s own name', (q, section) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.overview?.section ?? r.citations[0]!.section).toContain(section);
  });

  it.each([
    ['法律法规知识竞赛叫啥', '联通杯'],
    ['驻清远的律所代表处全称是什么', '香港律师事务所驻清远代表处'],
  ])('%s asks a name: 叫啥 and 全称 frame the question, they are not its topic', (q, expected) => {
    const r = engine.ask(q);
    expect(r.kind === 'answer' && r.grade).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain(expected);
  });

  it.each([
    ['重大项目合法性审查做了没', '进行法律论证'],
    ['困难单亲妈妈有啥公益项目', '困难单亲母亲公益项目'],
    ['监管事项清单弄完了吗', '完成监管事项目录清单'],
    ['行专调委会有多少个', '行业性和专业性人民调解组织'],
    ['法治政府示范创建入围了几个项目', '示范创建活动评审阶段'],
  ])('%s is answered from the sentence in the report\'s words', (q, expected) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations.slice(0, 3).map((c) => c.quote).join('\n')).toContain(expected);
  });
});
