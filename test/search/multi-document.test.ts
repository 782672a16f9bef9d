// Two reports side by side (test/fixtures/knowledge-multi: the real 清远 2021 report and a fictional 韶关 2022 one).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { MULTI_KNOWLEDGE_DIR } from '../helpers/paths.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(loadKnowledge(MULTI_KNOWLEDGE_DIR).kb);
});

const top = (q: string) => {
  const r = engine.ask(q);
  if (r.kind !== 'answer') throw new Error(`expected an answer to ${q}, got no_answer`);
  return r.citations[0]!;
};

describe('several reports', () => {
  it('loads both documents', () => {
    expect(engine.kb.documents.map((d) => [d.meta.id, d.meta.year, d.meta.region])).toEqual([
      ['qingyuan-2021', 2021, '清远市'],
      ['shaoguan-2022', 2022, '韶关市'],
    ]);
  });

  it('names its document in every citation', () => {
    const r = engine.ask('调解成功率是多少');
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    const ids = r.citations.map((c) => c.document.id);
    expect(ids).toEqual(expect.arrayContaining(['qingyuan-2021', 'shaoguan-2022']));
    for (const c of r.citations) {
      const doc = engine.kb.documents.find((d) => d.meta.id === c.document.id)!;
      expect(c.document).toEqual({ id: doc.meta.id, title: doc.meta.title, region: doc.meta.region, year: doc.meta.year });
      expect(doc.paragraphs.find((p) => p.id === c.paragraphId)?.text).toContain(c.quote);
    }
  });

  it.each([
    ['2022年调解成功率是多少', 'shaoguan-2022', '98.1%'],
    ['2021年调解成功率是多少', 'qingyuan-2021', '97.2%'],
    ['韶关的调解成功率', 'shaoguan-2022', '98.1%'],
    ['清远市调解成功率多少', 'qingyuan-2021', '97.2%'],
    ['韶关市行政执法人员培训了多少人次', 'shaoguan-2022', '3120人次'],
    ['2021年执法人员培训人次', 'qingyuan-2021', '2551人次'],
    ['韶关设了几个基层立法联系点', 'shaoguan-2022', '6个县'],
    ['清远2021年基层立法联系点有几个', 'qingyuan-2021', '8个县'],
  ])('a year or region in %s picks its document', (q, docId, expected) => {
    const c = top(q);
    expect(c.document.id).toBe(docId);
    expect(c.quote).toContain(expected);
  });

  it('keeps the other report out of the answer when the question names one', () => {
    const r = engine.ask('2022年庭审网络直播场次');
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.citations.every((c) => c.document.id === 'shaoguan-2022')).toBe(true);
    expect(r.figures.every((f) => f.document.id === 'shaoguan-2022')).toBe(true);
  });

  it('refuses a year or a region-and-year pair that no report covers', () => {
    expect(engine.ask('2023年调解成功率是多少').kind).toBe('no_answer');
    expect(engine.ask('韶关2021年调解成功率').kind).toBe('no_answer');
    expect(engine.ask('深圳的调解成功率').kind).toBe('no_answer');
  });
});
