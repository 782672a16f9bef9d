// The evaluator's line format and what it counts, through the real engine on the bundled report.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { evaluate, parseQuestions } from '../../src/search/evaluate.js';

const engine = createAnswerEngine(loadKnowledge('knowledge').kb, { homeRegion: '清远市' });

describe('parseQuestions', () => {
  it('defaults want to answer when expect is set and none when it is null; reads section and expectAll', () => {
    const qs = parseQuestions(
      ['{"q":"a","expect":"x"}', '{"q":"b","expect":null,"kind":"chat"}', '{"q":"c","expect":null,"want":"overview","section":"普法"}', '{"q":"d","expect":null,"expectAll":["1","2"]}', '// a comment', ''].join('\n'),
    );
    expect(qs.map((q) => [q.q, q.want])).toEqual([['a', 'answer'], ['b', 'none'], ['c', 'overview'], ['d', 'answer']]);
    expect(qs[2]!.section).toBe('普法');
    expect(qs[3]!.expectAll).toEqual(['1', '2']);
  });

  it('names the line of a bad one', () => {
    expect(() => parseQuestions('{"q":"a","expect":"x"}\nnot json')).toThrow('line 2');
    expect(() => parseQuestions('{"q":"a","expect":"x","want":"maybe"}')).toThrow('line 1: "want"');
  });
});

describe('evaluate', () => {
  it('counts top-1, refusals, grades and unanswerable questions answered anyway', () => {
    const r = evaluate(engine, parseQuestions(
      [
        '{"q":"调解成功率多少","expect":"97.2%","kind":"figure"}',
        '{"q":"明天会下雨吗","expect":null,"kind":"chat"}',
        '{"q":"普法这块今年干了啥","expect":null,"want":"overview","section":"法治宣传教育","kind":"broad"}',
        '{"q":"调解成功率多少","expect":"2551人次","kind":"figure"}',
      ].join('\n'),
    ));
    expect(r).toMatchObject({ total: 4, answerable: 3, unanswerable: 1, top1: 2, refusedAnswerable: 0, answeredUnanswerable: 0, noAnswer: 1, wrongScope: 0 });
    expect(r.failures.map((f) => [f.q, f.problem])).toEqual([['调解成功率多少', 'not_in_top3']]);
    expect(r.byPattern.broad).toMatchObject({ total: 1, top1: 1, kindRight: 1 });
  });

  it('matches a section piece written as its heading line (二、法治宣传…) against the path, which spaces number and title', () => {
    const line = '{"q":"普法这块今年干了啥","expect":null,"want":"overview","section":"(四)1.充分发挥法治宣传教育基础作用","kind":"broad"}';
    const r = evaluate(engine, parseQuestions(line));
    expect(r.top1).toBe(1);
  });
});
