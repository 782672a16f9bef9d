// Sentence splitting for Chinese report prose. Quotes must stay verbatim, so a sentence is always an exact
// substring of its paragraph, identified by its start offset.

export const MAX_QUOTE_CHARS = 200;

export interface TextSpan {
  start: number;
  text: string;
}

// A sentence ends at 。！？!? (plus any closing quote or bracket right after it).
const SENTENCE_END = /[。！？!?][”’」』)）]*/gu;
// Clause boundaries used only to cut sentences longer than a quote may be.
const CLAUSE_ENDS = [/[；;][”’」』)）]*/gu, /[，,][”’」』)）]*/gu];

function splitAt(text: string, start: number, pattern: RegExp): TextSpan[] {
  const spans: TextSpan[] = [];
  let from = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    spans.push({ start: start + from, text: text.slice(from, end) });
    from = end;
  }
  if (from < text.length) spans.push({ start: start + from, text: text.slice(from) });
  return spans;
}

/** Cuts an over-long span at clause boundaries, merging clauses back up to the limit. */
function fitToLimit(span: TextSpan, level: number): TextSpan[] {
  // Lengths are UTF-16 units (JavaScript's `length`): a quote within the limit by that measure is within it
  // by code points too, whichever way a consumer counts.
  if (span.text.length <= MAX_QUOTE_CHARS) return [span];
  const pattern = CLAUSE_ENDS[level];
  if (!pattern) {
    // No boundary left: cut hard (never splitting a surrogate pair).
    const out: TextSpan[] = [];
    let i = 0;
    while (i < span.text.length) {
      let end = Math.min(i + MAX_QUOTE_CHARS, span.text.length);
      if (end < span.text.length && /[\uD800-\uDBFF]/u.test(span.text[end - 1] ?? '')) end--;
      out.push({ start: span.start + i, text: span.text.slice(i, end) });
      i = end;
    }
    return out;
  }
  const pieces = splitAt(span.text, span.start, pattern).flatMap((p) => fitToLimit(p, level + 1));
  const merged: TextSpan[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.text.length + piece.text.length <= MAX_QUOTE_CHARS) {
      last.text += piece.text;
    } else {
      merged.push({ ...piece });
    }
  }
  return merged;
}

/** Splits paragraph text into sentences of at most MAX_QUOTE_CHARS characters; blank spans are dropped. */
export function splitSentences(text: string, offset = 0): TextSpan[] {
  return splitAt(text, offset, SENTENCE_END)
    .flatMap((s) => fitToLimit(s, 0))
    .map((s) => trimSpan(s))
    .filter((s) => s.text.length > 0);
}

function trimSpan(span: TextSpan): TextSpan {
  const lead = span.text.length - span.text.trimStart().length;
  return { start: span.start + lead, text: span.text.trim() };
}
