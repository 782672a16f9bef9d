// Broad questions get an overview of the section about their topic; the nouns that only frame them (工作, 方面,
// 这块, 领域, 情况) do not make a long title that happens to say 工作 look like the topic.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(shippedKb());
});

describe('broad questions', () => {
  it.each([
    ['立法工作做了哪些', '持续提升立法质量效率'],
    ['立法这块干了啥', '持续提升立法质量效率'],
    ['普法工作干了啥', '法治宣传教育基础作用'],
    ['执法方面做了啥', '严格规范公正文明执法'],
    ['司法改革领域有什么进展', '着力深化司法体制改革'],
    ['营商环境这块有啥亮点', '着力营造法治化营商环境'],
    ['普法推进得怎么样', '法治宣传教育基础作用'],
    ['公共法律服务有哪些做法', '持续优化公共法律服务体系'],
  ])('%s gets the overview of its own section', (q, section) => {
    const r = engine.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.grade).toBe('overview');
    expect(r.overview?.section).toContain(section);
    expect(r.overview?.section).not.toContain('全链条共同发力');
  });

  it('finds a topic named only by a thesaurus phrase of common words (党的领导)', () => {
    const r = engine.ask('党的领导这块做了啥');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.overview?.section).toContain('党领导法治建设');
  });

  it('keeps 工作 when it is part of a name (调解工作室)', () => {
    const r = engine.ask('个人调解品牌工作室情况怎么样');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations[0]!.quote).toContain('个人调解品牌工作室增至10个');
  });
});

describe('broad questions about a report\'s own subject', () => {
  it('get the section giving the report\'s main work, not the first sub-section naming the subject', () => {
    const districts = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-districts')).kb, { homeRegion: '清远市' });
    const r = districts.ask('西岭区2023年法治政府建设做了哪些');
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.grade).toBe('overview');
    expect(r.overview?.section).toContain('主要举措和成效');
    expect(r.citations.every((c) => c.document.id === 'qingfeng-xiling-2023')).toBe(true);
    // A narrower topic still gets its own section.
    const narrow = districts.ask('西岭区2023年普法做了啥');
    expect(narrow.kind === 'answer' && narrow.overview?.section).toContain('普法');
  });
});
