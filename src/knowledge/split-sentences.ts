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
  if ([...span.text].length <= MAX_QUOTE_CHARS) return [span];
  const pattern = CLAUSE_ENDS[level];
  if (!pattern) {
    // No boundary left: cut hard by characters (never splitting a surrogate pair).
    const chars = [...span.text];
    const out: TextSpan[] = [];
    let offset = span.start;
    for (let i = 0; i < chars.length; i += MAX_QUOTE_CHARS) {
      const text = chars.slice(i, i + MAX_QUOTE_CHARS).join('');
      out.push({ start: offset, text });
      offset += text.length;
    }
    return out;
  }
  const pieces = splitAt(span.text, span.start, pattern).flatMap((p) => fitToLimit(p, level + 1));
  const merged: TextSpan[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && [...last.text].length + [...piece.text].length <= MAX_QUOTE_CHARS) {
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
