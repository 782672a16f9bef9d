// A report as the readers hand it over: its paragraphs and headings in order, text only.

export interface Block {
  text: string;
  /**
   * Set for a heading the file marks by style rather than by numbering (a Word heading or bold line, a larger PDF
   * font, an HTML <h2>): its level, 1 = top.
   */
  heading?: number;
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
const BREAK_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[ \\t]*\\n[\\s]*(?=[${CJK}])`, 'gu');

/**
 * Line-level whitespace only: a line break inside a paragraph between Chinese characters (source wrapping) goes,
 * every other run of white space becomes one space, and the ends are trimmed. The characters are left as published.
 */
export function normalizeParagraph(text: string): string {
  return text
    .replace(BREAK_BETWEEN_CJK, '')
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ')
    .trim();
}
