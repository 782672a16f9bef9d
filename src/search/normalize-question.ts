// What a question looks like before anything reads it: the same question typed on a phone with a full-width
// keyboard, pasted from a web page with zero-width joiners in it, or written in traditional characters (a
// colleague in Hong Kong, an IME left on 繁體) must be the same question. Pure; every entry (router, engine)
// passes questions through here first.
import * as OpenCC from 'opencc-js';

// Hong Kong and Taiwan forms differ in a few characters (裏/裡, 着/著): both are folded to mainland forms.
const fromHongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTaiwan = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Format characters (zero-width space/joiners, BOM, bidi marks, soft hyphen) and variation selectors. */
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;
const SPACES = /\s+/gu;

/**
 * NFKC (full-width digits, letters and punctuation to their ASCII forms), invisible characters removed,
 * traditional characters to simplified, runs of white space to one space, trimmed.
 */
export function normalizeQuestion(text: string): string {
  const visible = text.normalize('NFKC').replace(INVISIBLE, '');
  return fromHongKong(fromTaiwan(visible)).replace(SPACES, ' ').trim();
}
