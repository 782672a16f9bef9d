// Lark card markdown helpers. Everything that came from a user or a report goes through `escapeMd` before it
// is placed in a `markdown` element: Lark renders `* _ ~ [ ] ( ) < > # |` … as syntax, and documents HTML
// entities (`&#42;`) as the way to show them literally (docs/DESIGN.md, "Lark facts": cards).

const SPECIAL = /[\\`*_~[\]()<>&#|!:{}]/gu;

/** Escapes Lark markdown syntax characters as numeric entities; newlines become spaces (a quote is one line). */
export function escapeMd(text: string): string {
  return text.replace(/\r?\n|\r/gu, ' ').replace(SPECIAL, (c) => `&#${c.codePointAt(0)};`);
}

/** Cuts `text` to at most `max` characters (code points), marking the cut with "…". */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

const HIGHLIGHT_COLOR = 'blue';

/**
 * Escapes `text` and marks spans: `bold` spans (key figures) as `**…**`, `highlight` spans (the question's
 * terms) in colour. Overlaps are resolved per character, so the output is always well nested.
 */
export function emphasise(text: string, bold: readonly string[], highlight: readonly string[]): string {
  const chars = [...text];
  const style = new Array<number>(chars.length).fill(0); // bit 1 = bold, bit 2 = highlight
  const mark = (needle: string, bit: number) => {
    const n = [...needle];
    if (n.length === 0) return;
    for (let i = 0; i + n.length <= chars.length; i++) {
      let match = true;
      for (let j = 0; j < n.length; j++) {
        if (chars[i + j] !== n[j]) {
          match = false;
          break;
        }
      }
      if (match) for (let j = 0; j < n.length; j++) style[i + j] = (style[i + j] ?? 0) | bit;
    }
  };
  for (const b of bold) mark(b, 1);
  for (const h of highlight) mark(h, 2);
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const s = style[i] ?? 0;
    let j = i;
    while (j < chars.length && (style[j] ?? 0) === s) j++;
    let piece = escapeMd(chars.slice(i, j).join(''));
    if (s & 2) piece = `<font color='${HIGHLIGHT_COLOR}'>${piece}</font>`;
    if (s & 1) piece = `**${piece}**`;
    out += piece;
    i = j;
  }
  return out;
}
