// Structural checks for Lark v2 cards (docs/DESIGN.md, "Lark facts": cards): what a rendered card must satisfy to be accepted.
import { isObj, type JsonObject as Obj } from '../../src/lark/json.js';

const TAGS = new Set(['markdown', 'hr', 'button', 'column_set', 'column', 'div', 'note', 'img']);
const TEMPLATES = new Set(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey']);
export const CARD_MAX_BYTES = 30 * 1024;

/** Every problem with a card; empty when it is a valid v2 card under 30 KB. */
export function cardProblems(card: unknown): string[] {
  const p: string[] = [];
  if (!isObj(card)) return ['card is not an object'];
  const json = JSON.stringify(card);
  if (Buffer.byteLength(json) > CARD_MAX_BYTES) p.push(`card is ${Buffer.byteLength(json)} bytes`);
  if (card.schema !== '2.0') p.push('schema is not 2.0');
  if (!isObj(card.config) || card.config.update_multi !== true) p.push('config.update_multi must be true');
  const h = card.header;
  if (!isObj(h) || !isObj(h.title) || h.title.tag !== 'plain_text' || typeof h.title.content !== 'string' || h.title.content === '') p.push('header.title missing');
  if (isObj(h) && !TEMPLATES.has(String(h.template))) p.push(`header.template ${String(isObj(h) ? h.template : '')} unknown`);
  const body = card.body;
  if (!isObj(body) || !Array.isArray(body.elements) || body.elements.length === 0) return [...p, 'body.elements missing'];
  let count = 0;
  const ids = new Set<string>();
  const walk = (e: unknown) => {
    count++;
    if (!isObj(e) || typeof e.tag !== 'string' || !TAGS.has(e.tag)) return void p.push(`bad element ${JSON.stringify(e).slice(0, 80)}`);
    if (e.element_id !== undefined) {
      const id = String(e.element_id);
      if (!/^[A-Za-z][A-Za-z0-9_]{0,19}$/u.test(id) || ids.has(id)) p.push(`bad element_id ${id}`);
      ids.add(id);
    }
    if (e.tag === 'markdown' && typeof e.content !== 'string') p.push('markdown without content');
    if (e.tag === 'button') {
      const b = e.behaviors;
      if (!Array.isArray(b) || !b.every((x) => isObj(x) && (x.type === 'callback' || x.type === 'open_url'))) p.push('button without behaviors');
    }
    if (e.tag === 'column_set') for (const c of Array.isArray(e.columns) ? e.columns : []) walk(c);
    if (e.tag === 'column') for (const c of Array.isArray(e.elements) ? e.elements : []) walk(c);
  };
  for (const e of body.elements) walk(e);
  if (count > 200) p.push(`${count} elements (max 200)`);
  return p;
}

/** All markdown text of a card, concatenated (for content assertions). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      if (v.tag === 'markdown' && typeof v.content === 'string') out.push(v.content);
      if (v.tag === 'plain_text' && typeof v.content === 'string') out.push(v.content);
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** Markdown entities back to characters, tags removed: roughly what the user reads. */
export function readable(markdown: string): string {
  return markdown
    .replace(/<[^>]+>/gu, '')
    .replace(/\*\*/gu, '')
    .replace(/&#(\d+);/gu, (_m, n: string) => String.fromCodePoint(Number(n)));
}
