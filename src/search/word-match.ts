// Whether a quote holds a question's word as a word, not as the edges of two words: the quote 香港律师事务所在珠三角
// "holds" 所在 only across 事务所|在. Pure; the segmenter (jieba with the domain dictionary) is passed in.
import type { WordSegmenter } from './tokenize.js';

/**
 * Whether `text` holds `term` as words do: inside one word, or as whole words (律师事务所在珠三角 holds 律师 and
 * 事务所, not 所在, which only straddles two words).
 */
export function holdsAsWords(text: string, term: string, segment: WordSegmenter): boolean {
  let at = text.indexOf(term);
  if (at < 0) return false;
  const words = [...segment(text)].map((s) => [s.index, s.index + s.segment.length] as const);
  const aligned = (from: number, to: number) =>
    words.some(([s, e]) => s <= from && to <= e) || (words.some(([s]) => s === from) && words.some(([, e]) => e === to));
  for (; at >= 0; at = text.indexOf(term, at + 1)) if (aligned(at, at + term.length)) return true;
  return false;
}
