// The subset of Lark card markdown the bot's cards use, parsed into a small tree (pure: no DOM, so it is unit- and
// property-tested in Node). The DOM is built from the tree with text nodes only (see card-dom.ts), so no input can
// become markup: syntax the parser does not know stays literal text, exactly as characters.
//
// Supported (docs/DESIGN.md, "Lark facts": cards): paragraphs with line breaks, `> ` quotes, `- ` / `1. ` lists, `---` rules,
// `#` headings, tables, `**bold**`, `*italic*`, `~~strike~~`, `<font color='…'>`, `[text](url)` and
// `<a href='url'>` (http/https only), `<br>`, and HTML entities (`&#42;`, `&amp;` …) which the renderer uses to
// show syntax characters literally.

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'bold' | 'italic' | 'strike'; c: Inline[] }
  | { t: 'font'; color: FontColor; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'heading'; level: number; c: Inline[] }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { t: 'hr' };

/** Colours Lark documents for `<font color>`; anything else renders in the default colour. */
export const FONT_COLORS = ['default', 'red', 'green', 'grey', 'blue', 'wathet', 'turquoise', 'yellow', 'orange', 'carmine', 'violet', 'purple', 'indigo'] as const;
export type FontColor = (typeof FONT_COLORS)[number];

const MAX_DEPTH = 8;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes one entity at the start of `s` (`&#42;`, `&#x2a;`, `&amp;`), or returns null. */
function entityAt(s: string, i: number): { text: string; length: number } | null {
  const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));/u.exec(s.slice(i, i + 12));
  if (!m) return null;
  if (m[3] !== undefined) {
    const named = NAMED[m[3].toLowerCase()];
    return named === undefined ? null : { text: named, length: m[0].length };
  }
  const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2] ?? '', 16);
  // Lone surrogates and out-of-range code points cannot be shown; keep the entity as written.
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return { text: String.fromCodePoint(code), length: m[0].length };
}

export function safeHref(raw: string): string | null {
  const decoded = decodeEntities(raw.trim());
  if (!/^https?:\/\//iu.test(decoded)) return null;
  try {
    const url = new URL(decoded);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function decodeEntities(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const e = s[i] === '&' ? entityAt(s, i) : null;
    if (e) {
      out += e.text;
      i += e.length;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

type Container = { node: Inline & { c: Inline[] }; delim: string };

const FONT_OPEN = /^<font\s+color\s*=\s*(?:'([^'<>]*)'|"([^"<>]*)"|([^\s'"<>]+))\s*>/iu;
const FONT_CLOSE = /^<\/font\s*>/iu;
const BR = /^<br\s*\/?>/iu;
const A_OPEN = /^<a\s+href\s*=\s*(?:'([^'<>]*)'|"([^"<>]*)"|([^\s'"<>]+))\s*>([\s\S]*?)<\/a\s*>/iu;
const MD_LINK = /^\[([^\]\n]*)\]\(([^()\s]*)\)/u;

/** Parses inline markdown; unknown or unbalanced syntax stays literal. */
export function parseInline(s: string, depth = 0): Inline[] {
  const root: Inline[] = [];
  const stack: Container[] = [];
  const top = (): Inline[] => stack.at(-1)?.node.c ?? root;
  const pushText = (v: string) => {
    const into = top();
    const last = into.at(-1);
    if (last && last.t === 'text') last.v += v;
    else into.push({ t: 'text', v });
  };
  const open = (node: Container['node'], delim: string) => {
    top().push(node);
    stack.push({ node, delim });
  };
  const closeTo = (delim: string): boolean => {
    const at = stack.map((x) => x.delim).lastIndexOf(delim);
    if (at < 0) return false;
    stack.length = at;
    return true;
  };
  const toggles: [string, 'bold' | 'strike' | 'italic'][] = [
    ['**', 'bold'],
    ['__', 'bold'],
    ['~~', 'strike'],
    ['*', 'italic'],
  ];

  let i = 0;
  outer: while (i < s.length) {
    const ch = s[i];
    // Tags and links are matched on a bounded window, so parsing stays linear in the content length.
    const rest = ch === '<' || ch === '[' ? s.slice(i, i + 400) : '';
    if (ch === '&') {
      const e = entityAt(s, i);
      if (e) {
        pushText(e.text);
        i += e.length;
        continue;
      }
    } else if (ch === '<') {
      let m = FONT_OPEN.exec(rest);
      if (m) {
        const name = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase().replace('gray', 'grey');
        const color = (FONT_COLORS as readonly string[]).includes(name) ? (name as FontColor) : 'default';
        open({ t: 'font', color, c: [] }, 'font');
        i += m[0].length;
        continue;
      }
      m = FONT_CLOSE.exec(rest);
      if (m && closeTo('font')) {
        i += m[0].length;
        continue;
      }
      m = BR.exec(rest);
      if (m) {
        top().push({ t: 'br' });
        i += m[0].length;
        continue;
      }
      m = A_OPEN.exec(s.slice(i, i + 2400));
      if (m && depth < MAX_DEPTH) {
        const href = safeHref(m[1] ?? m[2] ?? m[3] ?? '');
        const inner = parseInline(m[4] ?? '', depth + 1);
        if (href) top().push({ t: 'link', href, c: inner });
        else top().push(...inner);
        i += m[0].length;
        continue;
      }
    } else if (ch === '[') {
      const m = MD_LINK.exec(rest);
      if (m && depth < MAX_DEPTH) {
        const href = safeHref(m[2] ?? '');
        const inner = parseInline(m[1] ?? '', depth + 1);
        // A link Lark would not open (javascript:, relative …) shows its text only.
        if (href) top().push({ t: 'link', href, c: inner });
        else top().push(...inner);
        i += m[0].length;
        continue;
      }
    } else if (ch === '*' || ch === '_' || ch === '~') {
      for (const [delim, kind] of toggles) {
        if (!s.startsWith(delim, i)) continue;
        if (stack.some((x) => x.delim === delim)) {
          closeTo(delim);
          i += delim.length;
          continue outer;
        }
        // Open only when the delimiter closes later in the same text, so a lone `*` stays a star.
        if (stack.length < MAX_DEPTH && s.indexOf(delim, i + delim.length + 1) > 0) {
          open({ t: kind, c: [] }, delim);
          i += delim.length;
          continue outer;
        }
      }
    }
    const cp = s.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(cp);
    pushText(char);
    i += char.length;
  }
  return root;
}

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/u;
const HR = /^\s{0,3}(?:-{3,}|\*{3,}|_{3,}|<hr\s*\/?>)\s*$/iu;
const HEADING = /^(#{1,6})\s+(.*)$/u;
const TABLE_SEP = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/u;

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((c) => c.trim());
}

/** Parses block markdown: the card renderer's content strings. */
export function parseMarkdown(content: string, depth = 0): Block[] {
  const lines = content.replace(/\r\n?/gu, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) {
      const c: Inline[] = [];
      para.forEach((l, k) => {
        if (k > 0) c.push({ t: 'br' });
        c.push(...parseInline(l, depth));
      });
      blocks.push({ t: 'p', c });
    }
    para = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^\s{0,3}>/u.test(line) && depth < MAX_DEPTH) {
      flush();
      const inner: string[] = [];
      while (i < lines.length && /^\s{0,3}>/u.test(lines[i] ?? '')) {
        inner.push((lines[i] ?? '').replace(/^\s{0,3}> ?/u, ''));
        i++;
      }
      i--;
      blocks.push({ t: 'quote', c: parseMarkdown(inner.join('\n'), depth + 1) });
      continue;
    }
    if (HR.test(line)) {
      flush();
      blocks.push({ t: 'hr' });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flush();
      blocks.push({ t: 'heading', level: (h[1] ?? '#').length, c: parseInline(h[2] ?? '', depth) });
      continue;
    }
    if (line.trimStart().startsWith('|') && TABLE_SEP.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      flush();
      const head = splitRow(line).map((c) => parseInline(c, depth));
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && (lines[i] ?? '').trimStart().startsWith('|')) {
        rows.push(splitRow(lines[i] ?? '').map((c) => parseInline(c, depth)));
        i++;
      }
      i--;
      blocks.push({ t: 'table', head, rows });
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li) {
      flush();
      const ordered = li[2] !== undefined;
      const items: Inline[][] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i] ?? '');
        if (!m || (m[2] !== undefined) !== ordered) break;
        items.push(parseInline(m[3] ?? '', depth));
        i++;
      }
      i--;
      blocks.push({ t: 'list', ordered, items });
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

/** The visible text of inline nodes (for tests and for the card's plain-text length). */
export function inlineText(nodes: Inline[]): string {
  return nodes.map((n) => (n.t === 'text' ? n.v : n.t === 'br' ? '\n' : inlineText(n.c))).join('');
}

export function blocksText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.t) {
        case 'p':
        case 'heading':
          return inlineText(b.c);
        case 'quote':
          return blocksText(b.c);
        case 'list':
          return b.items.map(inlineText).join('\n');
        case 'table':
          return [b.head, ...b.rows].map((r) => r.map(inlineText).join('\t')).join('\n');
        case 'hr':
          return '';
      }
    })
    .join('\n');
}
