// What a rough number in a question is worth (听说有两百多个 → 200, 五十家左右 → 50, 破千 → 1000, 1.5万 → 15000):
// only its magnitude matters, to prefer the figure near it among figures of the kind asked.
import nzh from 'nzh/cn';

const MULTIPLIER: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };

/** A figure's size: its value times the multiplier its unit starts with (1.2 万条 → 12000). */
export function magnitude(value: number, unit: string): number {
  let v = value;
  for (const ch of /^[十百千万亿]*/u.exec(unit)![0]) v *= MULTIPLIER[ch]!;
  return v;
}

/** The number a rough phrase says, or null: digits with an optional multiplier, or Chinese numerals. */
export function roughValue(phrase: string): number | null {
  const digits = /([0-9]+(?:\.[0-9]+)?)([十百千万亿]*)/u.exec(phrase);
  if (digits) return magnitude(Number(digits[1]), digits[2]!);
  const han = /[一二两三四五六七八九十百千万亿]+/u.exec(phrase)?.[0];
  if (!han) return null;
  // (nzh reads 二 but not the spoken 两, and a bare 千 of 破千 as nothing.)
  const text = han.replace(/两/gu, '二');
  const v = Number(nzh.decodeS(/^[十百千万亿]/u.test(text) && !text.startsWith('十') ? `一${text}` : text));
  if (!Number.isFinite(v) || v <= 0) return null;
  // 八成 is 80%.
  return /成/u.test(phrase.slice(phrase.indexOf(han) + han.length)) ? v * 10 : v;
}

/** How near a figure's size is to a rough number: 1 when equal, down to 0 at a factor of two either way. */
export const nearness = (size: number, rough: number): number => (size > 0 && rough > 0 ? Math.max(0, 1 - Math.abs(Math.log(size / rough)) / Math.LN2) : 0);
