// Question segmentation with jieba (@node-rs/jieba) and a user dictionary: the thesaurus's terms and the
// reports' own names (what they put in quotation marks), so 放管服, 双随机 and 两法衔接 stay whole. Measured
// against ICU words on the dev sets (README, "Segmenting questions"); the engine takes a segmenter as an option.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { WordSegmenter } from './tokenize.js';

const WORDLIKE = /[\p{L}\p{N}]/u;
/** A user-dictionary word's frequency: high enough to win over splitting it. */
const USER_FREQ = 2000;

let base: Jieba | null = null;

/** Names the reports quote (“双公示”, “一网通办”): 2–8 characters, no punctuation. */
export function reportTerms(kb: KnowledgeBase): string[] {
  const out = new Set<string>();
  for (const d of kb.documents) {
    for (const p of d.paragraphs) for (const m of p.text.matchAll(/[“"‘'《]([^”"’'》]{2,8})[”"’'》]/gu)) if (/^[\p{Script=Han}\p{N}]+$/u.test(m[1]!)) out.add(m[1]!);
  }
  return [...out];
}

/** jieba with `terms` added to its dictionary (the dictionary is loaded once per process; user terms add to it). */
function jiebaWith(terms: readonly string[]): Jieba {
  base ??= Jieba.withDict(dict);
  const words = terms.filter((t) => /^[\p{Script=Han}\p{L}\p{N}]{2,}$/u.test(t) && !/\s/u.test(t));
  if (words.length > 0) base.loadDict(new TextEncoder().encode(words.map((w) => `${w} ${USER_FREQ} n`).join('\n')));
  return base;
}

/** A word and its part of speech (jieba's tag set: n… nouns, v verbs, vn verbal nouns, j abbreviations …). */
export type Tagger = (text: string) => { word: string; tag: string }[];

/** Parts of speech of `text`'s words, with the thesaurus and report terms known as nouns. */
export function jiebaTagger(terms: readonly string[]): Tagger {
  const jieba = jiebaWith(terms);
  return (text) => jieba.tag(text, true).map((w) => ({ word: w.word, tag: w.tag }));
}

/** A jieba segmenter knowing `terms`. */
export function jiebaSegmenter(terms: readonly string[]): WordSegmenter {
  const jieba = jiebaWith(terms);
  return (text) => {
    const out: { segment: string; index: number; isWordLike: boolean }[] = [];
    let at = 0;
    for (const w of jieba.cut(text, true)) {
      // jieba returns the text in order, every character once.
      const index = text.indexOf(w, at);
      if (index < 0) continue;
      out.push({ segment: w, index, isWordLike: WORDLIKE.test(w) });
      at = index + w.length;
    }
    return out;
  };
}
