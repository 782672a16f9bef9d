import { describe, expect, it } from 'vitest';
import { repairedSegmenter } from '../../src/search/segment-repair.js';
import { icuSegmenter } from '../../src/search/tokenize.js';

const words = (text: string, lexicon: string[]) => [...repairedSegmenter(icuSegmenter, lexicon)(text)].map((p) => p.segment);

describe('re-cutting ICU words with the domain lexicon', () => {
  const lexicon = ['复议', '案件', '案子', '调解'];

  it('reads an overlap ambiguity as the two domain words (复|议案|件 → 复议|案件)', () => {
    expect([...icuSegmenter('复议案件多少件')].map((p) => p.segment)).toContain('议案');
    expect(words('复议案件多少件', lexicon)).toEqual(['复议', '案件', '多少', '件']);
    expect(words('行政复议案子有几个', lexicon).slice(0, 3)).toEqual(['行政', '复议', '案子']);
  });

  it('leaves ICU words alone where the lexicon does not make both sides whole', () => {
    const plain = (text: string) => [...icuSegmenter(text)].map((p) => p.segment);
    for (const text of ['人民调解员有多少名', '议案办理情况', '全市调解组织调解案件成功率']) expect(words(text, lexicon)).toEqual(plain(text));
  });

  it('keeps every character once, in order, with its offset', () => {
    const text = '星渚市2024年复议案子一共来了多少';
    const pieces = [...repairedSegmenter(icuSegmenter, lexicon)(text)];
    expect(pieces.map((p) => p.segment).join('')).toBe(text);
    for (const p of pieces) expect(text.slice(p.index, p.index + p.segment.length)).toBe(p.segment);
  });
});
