// ICU cuts words with a general dictionary, and at an overlap ambiguity it can pick the general word over the two
// domain words around it: 复|议案|件 for 复议|案件, 复|议案|子 for 复议|案子. This repair re-cuts such a spot when the
// domain lexicon (the thesaurus's terms, the reports' names) reads it as two adjacent words that start and end where
// ICU's own words do. It never splits a word the lexicon does not make whole on both sides (调解员 stays, though
// 调解 is a term). Pure.
import type { WordSegmenter } from './tokenize.js';

const HAN = /^\p{Script=Han}+$/u;
/** Domain words looked for at a cut: longer ones are names, which ICU does not split this way. */
const MAX_TERM = 4;

interface Piece {
  segment: string;
  index: number;
  isWordLike?: boolean;
}

/** `base` with overlap ambiguities re-cut by `lexicon`. */
export function repairedSegmenter(base: WordSegmenter, lexicon: Iterable<string>): WordSegmenter {
  const terms = new Set<string>();
  for (const t of lexicon) if (t.length >= 2 && t.length <= MAX_TERM && HAN.test(t)) terms.add(t);
  return (text) => repair([...base(text)], text, terms);
}

function repair(pieces: Piece[], text: string, terms: ReadonlySet<string>): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const next = twoWordsAcross(pieces, i, text, terms);
    if (next) {
      out.push(...next.words);
      i = next.last;
      continue;
    }
    out.push(pieces[i]!);
  }
  return out;
}

/**
 * At piece `i`, the cut X|YZ|W (up to a few pieces on each side) that the lexicon reads as XY|ZW: two terms, meeting
 * inside a piece, whose outer edges are ICU edges. The first such reading, longest left word first.
 */
function twoWordsAcross(pieces: Piece[], i: number, text: string, terms: ReadonlySet<string>): { words: Piece[]; last: number } | null {
  const start = pieces[i]!.index;
  if (!HAN.test(pieces[i]!.segment)) return null;
  // Han pieces from i on, contiguous, up to MAX_TERM * 2 characters.
  let end = start;
  const edges = new Map<number, number>(); // character offset after piece k → k
  for (let k = i; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (p.index !== end || !HAN.test(p.segment) || end + p.segment.length - start > MAX_TERM * 2) break;
    end += p.segment.length;
    edges.set(end, k);
  }
  for (let leftLen = Math.min(MAX_TERM, end - start - 1); leftLen >= 2; leftLen--) {
    const mid = start + leftLen;
    // The two words must meet inside a piece: where ICU has an edge, it already agrees.
    if (edges.has(mid)) continue;
    const left = text.slice(start, mid);
    if (!terms.has(left)) continue;
    for (let rightLen = Math.min(MAX_TERM, end - mid); rightLen >= 2; rightLen--) {
      const last = edges.get(mid + rightLen);
      if (last === undefined) continue;
      const right = text.slice(mid, mid + rightLen);
      if (!terms.has(right)) continue;
      return { words: [{ segment: left, index: start, isWordLike: true }, { segment: right, index: mid, isWordLike: true }], last };
    }
  }
  return null;
}
