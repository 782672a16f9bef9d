// Lark v2 card JSON → DOM: a faithful preview of the elements the bot's cards use (header with template colour,
// markdown, hr, notes, buttons, column sets). Every string is placed with text nodes; class names come from fixed
// lists, never from the card; links are http/https only. Unknown elements show as a labelled placeholder so a gap in
// the preview is visible rather than silent.
import { FONT_COLORS, parseMarkdown, type Block, type Inline } from './lark-md.js';
import { h } from './dom.js';
import { isObj, type JsonObject } from '../../src/lark/json.js';

const TEMPLATES = ['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default'] as const;
const BUTTON_TYPES = ['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser'] as const;
const MAX_ELEMENTS = 400;
const MAX_NESTING = 6;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T => ((list as readonly unknown[]).includes(v) ? (v as T) : fallback);

/** What a click on a preview button does: the page shows what Lark would send back. */
export type ButtonHandler = (label: string, value: unknown) => void;

function inlineDom(nodes: Inline[]): Node[] {
  return nodes.map((n): Node => {
    switch (n.t) {
      case 'text':
        return document.createTextNode(n.v);
      case 'br':
        return h('br');
      case 'bold':
        return h('strong', {}, inlineDom(n.c));
      case 'italic':
        return h('em', {}, inlineDom(n.c));
      case 'strike':
        return h('s', {}, inlineDom(n.c));
      case 'font':
        return h('span', { class: `md-font md-c-${oneOf(FONT_COLORS, n.color, 'default')}` }, inlineDom(n.c));
      case 'link': {
        const a = h('a', { href: n.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, inlineDom(n.c));
        return a;
      }
    }
  });
}

function blocksDom(blocks: Block[]): Node[] {
  return blocks.map((b): Node => {
    switch (b.t) {
      case 'p':
        return h('p', {}, inlineDom(b.c));
      case 'heading':
        return h('div', { class: `md-h md-h${Math.min(6, Math.max(1, b.level))}` }, inlineDom(b.c));
      case 'quote':
        return h('blockquote', {}, blocksDom(b.c));
      case 'hr':
        return h('hr');
      case 'list':
        return h(
          b.ordered ? 'ol' : 'ul',
          {},
          b.items.map((item) => h('li', {}, inlineDom(item))),
        );
      case 'table':
        return h('div', { class: 'md-table-wrap' }, [
          h('table', { class: 'md-table' }, [
            h('thead', {}, [h('tr', {}, b.head.map((c) => h('th', {}, inlineDom(c))))]),
            h(
              'tbody',
              {},
              b.rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, inlineDom(c))))),
            ),
          ]),
        ]);
    }
  });
}

/** Renders one markdown string as Lark would (the subset in lark-md.ts). */
export function markdownDom(content: string): HTMLElement {
  return h('div', { class: 'md' }, blocksDom(parseMarkdown(content)));
}

function textObject(v: unknown): HTMLElement {
  // `plain_text` shows as is; `lark_md` (v1 text objects) as markdown.
  if (isObj(v) && v.tag === 'lark_md') return markdownDom(str(v.content));
  return h('span', {}, [str(isObj(v) ? v.content : v)]);
}

function buttonDom(e: JsonObject, onButton: ButtonHandler): HTMLElement {
  const label = str(isObj(e.text) ? e.text.content : '');
  const type = oneOf(BUTTON_TYPES, e.type, 'default');
  const behaviors = Array.isArray(e.behaviors) ? e.behaviors.filter(isObj) : [];
  const callback = behaviors.find((b) => b.type === 'callback');
  const openUrl = behaviors.find((b) => b.type === 'open_url');
  const btn = h('button', { class: `card-btn card-btn-${type}`, type: 'button', 'data-testid': 'card-button' }, [label]);
  btn.addEventListener('click', () => {
    if (openUrl) {
      const url = str(openUrl.default_url);
      onButton(label, { open_url: /^https?:\/\//iu.test(url) ? url : '(非 http/https 链接,已忽略)' });
    } else onButton(label, callback ? callback.value : e.value);
  });
  return btn;
}

interface Ctx {
  onButton: ButtonHandler;
  count: number;
}

function elementDom(e: unknown, ctx: Ctx, depth: number): HTMLElement {
  if (++ctx.count > MAX_ELEMENTS || depth > MAX_NESTING) return h('div', { class: 'card-unknown' }, ['(元素过多,预览省略)']);
  if (!isObj(e)) return h('div', { class: 'card-unknown' }, ['(无效元素)']);
  const tag = str(e.tag);
  switch (tag) {
    case 'markdown': {
      const el = markdownDom(str(e.content));
      el.classList.add('card-md');
      if (e.text_size === 'notation') el.classList.add('card-notation');
      if (e.text_align === 'center' || e.text_align === 'right') el.classList.add(`align-${e.text_align}`);
      return el;
    }
    case 'div': {
      const parts: Node[] = [];
      if (e.text) parts.push(textObject(e.text));
      if (Array.isArray(e.fields)) for (const f of e.fields) if (isObj(f)) parts.push(textObject(f.text));
      return h('div', { class: 'card-div' }, parts);
    }
    case 'plain_text':
      return h('div', { class: 'card-div' }, [str(e.content)]);
    case 'hr':
      return h('hr', { class: 'card-hr' });
    case 'note':
      // v1 note: small grey text objects in a row.
      return h(
        'div',
        { class: 'card-notation card-note' },
        (Array.isArray(e.elements) ? e.elements : []).map((x) => textObject(x)),
      );
    case 'button':
      return buttonDom(e, ctx.onButton);
    case 'action':
      return h(
        'div',
        { class: 'card-actions' },
        (Array.isArray(e.actions) ? e.actions : []).map((x) => elementDom(x, ctx, depth + 1)),
      );
    case 'column_set': {
      const cols = Array.isArray(e.columns) ? e.columns : [];
      return h(
        'div',
        { class: `card-columns${e.flex_mode === 'none' ? ' card-columns-none' : ''}` },
        cols.map((c) => {
          const col = isObj(c) ? c : {};
          const weighted = col.width === 'weighted';
          const el = h(
            'div',
            { class: `card-column${weighted ? ' card-column-weighted' : ''}` },
            (Array.isArray(col.elements) ? col.elements : []).map((x) => elementDom(x, ctx, depth + 1)),
          );
          if (weighted && typeof col.weight === 'number') el.style.flexGrow = String(Math.max(1, Math.min(5, Math.trunc(col.weight))));
          return el;
        }),
      );
    }
    default:
      return h('div', { class: 'card-unknown' }, [`(预览不支持的元素:${tag || '?'})`]);
  }
}

/** Renders a v2 card (`schema: "2.0"`, header, body.elements) or a v1 card (`elements`). */
export function cardDom(card: unknown, onButton: ButtonHandler = () => {}): HTMLElement {
  const c = isObj(card) ? card : {};
  const header = isObj(c.header) ? c.header : null;
  const body = isObj(c.body) ? c.body : null;
  const elements: unknown[] = Array.isArray(body?.elements) ? body.elements : Array.isArray(c.elements) ? c.elements : [];
  const ctx: Ctx = { onButton, count: 0 };
  const parts: HTMLElement[] = [];
  if (header) {
    const template = oneOf(TEMPLATES, header.template, 'default');
    const title = str(isObj(header.title) ? header.title.content : '');
    const subtitle = str(isObj(header.subtitle) ? header.subtitle.content : '');
    parts.push(
      h('div', { class: `card-header tpl-${template}`, 'data-testid': 'card-header', 'data-template': template }, [
        h('div', { class: 'card-title' }, [title]),
        ...(subtitle ? [h('div', { class: 'card-subtitle' }, [subtitle])] : []),
      ]),
    );
  }
  parts.push(h('div', { class: 'card-body' }, elements.map((e) => elementDom(e, ctx, 0))));
  return h('div', { class: 'lark-card', 'data-testid': 'card' }, parts);
}
