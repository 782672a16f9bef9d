// A partial, like an answer, rests on a word of the question that the quote holds as a word: weak evidence made of
// the edges of two words (所在 across 律师事务所|在) is nothing related.
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { jiebaSegmenter } from '../../src/search/jieba-segmenter.js';
import { holdsAsWords } from '../../src/search/word-match.js';
import { shippedKb } from '../helpers/knowledge.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(shippedKb());
});

describe('holdsAsWords', () => {
  const segment = jiebaSegmenter(['律师事务所', '珠三角']);
  it.each([
    ['律师', true],
    ['律师事务所', true],
    ['事务所', true],
    ['所在', false],
    ['在珠', false],
    ['珠三角', true],
    ['法院', false],
  ])('香港律师事务所在珠三角九市以外 holds %s as words: %s', (term, held) => {
    expect(holdsAsWords('香港律师事务所在珠三角九市以外', term, segment)).toBe(held);
  });
});

describe('a weak match on pieces of words', () => {
  it('is none, not partial', () => {
    const r = engine.ask('您所在的位置', { explain: true });
    expect(r.kind).toBe('no_answer');
    if (r.kind === 'no_answer') expect(r.retrieval?.reason).toMatch(/pieces of other words/u);
  });

  it('leaves a weak match on a real word partial (the topic is there, the figure is not)', () => {
    const r = engine.ask('联通杯知识竞赛多少人参加');
    expect(r.kind === 'answer' && r.grade).toBe('partial');
  });
});
