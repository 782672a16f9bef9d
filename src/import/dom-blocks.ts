// An HTML element tree → blocks: block-level elements make paragraphs, <br> breaks one, a table row is one line
// (so the 索引号/发文字号 table reads as key/value lines), <h1>–<h6> and paragraphs that are bold throughout are
// headings. Shared by the web page and Word readers (mammoth turns a .docx into HTML).
import { matchHeading } from '../knowledge/parse-report.js';
import { normalizeParagraph, type Block } from './blocks.js';

const BLOCK_TAGS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'NAV', 'ASIDE', 'UL', 'OL', 'LI', 'TABLE', 'TBODY',
  'THEAD', 'TFOOT', 'TR', 'BLOCKQUOTE', 'PRE', 'CENTER', 'DL', 'DT', 'DD', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'FIGURE', 'FIGCAPTION', 'ADDRESS', 'HR',
]);
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'SELECT', 'BUTTON', 'INPUT', 'TEXTAREA', 'HEAD']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const BOLD_TAGS = new Set(['STRONG', 'B']);

interface Run {
  text: string;
  /** Visible characters that are not bold. */
  plain: number;
  /** The bold text the paragraph opens with (a lead line), until the first plain character. */
  lead: string;
}

/** Visible text of a node, how much of it is not bold, and its bold lead. */
function inlineText(node: DomNode, bold: boolean, out: Run): void {
  if (node.nodeType === 3) {
    const t = node.textContent ?? '';
    out.text += t;
    const visible = t.replace(/\s+/gu, '').length;
    if (bold && out.plain === 0) out.lead += t;
    if (!bold) out.plain += visible;
    return;
  }
  if (node.nodeType !== 1 || SKIP_TAGS.has(node.nodeName)) return;
  if (node.nodeName === 'BR') {
    out.text += '\n\u0000';
    return;
  }
  const b = bold || BOLD_TAGS.has(node.nodeName);
  for (const child of Array.from(node.childNodes)) inlineText(child, b, out);
}

/** Whether a node holds line or block structure (<br>, <p>, a nested table…), not only a line of text. */
function hasStructure(node: DomNode): boolean {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== 1 || SKIP_TAGS.has(child.nodeName)) continue;
    if (child.nodeName === 'BR' || BLOCK_TAGS.has(child.nodeName) || hasStructure(child)) return true;
  }
  return false;
}

/**
 * A cell that lays out a page (a nested table, lines parted by <br>, or paragraphs of text), not a cell of data
 * (行政诉讼案件败诉率 | 3.8%, which a Word table gives as one short paragraph per cell).
 */
const LAYOUT_LINES = 60;
const LAYOUT_TEXT = 200;
function isLayoutCell(cell: DomNode): boolean {
  const has = (node: DomNode, tag: string): boolean => Array.from(node.childNodes).some((c) => c.nodeType === 1 && (c.nodeName === tag || has(c, tag)));
  const chars = (cell.textContent ?? '').replace(/\s+/gu, '').length;
  return has(cell, 'TABLE') || (has(cell, 'BR') && chars > LAYOUT_LINES) || (hasStructure(cell) && chars > LAYOUT_TEXT);
}

/** Indentation opening a paragraph: full-width spaces, em spaces, non-breaking spaces or a tab. */
const INDENT = /^\n?[\u3000\u2003\u00a0\t ]{2,}|^\n?[\u3000\u2003]/u;

/**
 * Lines parted by <br> (or a <pre>'s line ends) that are one paragraph wrapped at a width: where paragraphs are
 * parted by blank lines, or open with an indent, a line in between that starts none is the previous one's
 * continuation (…持续深化法治政<br>府建设…). A numbered line always starts its own.
 */
function rejoinWrapped(parts: string[]): string[] {
  const filled = parts.filter((p) => p.trim() !== '');
  if (filled.length < 2) return parts;
  const blankParted = parts.some((p, i) => p.trim() === '' && i > 0 && i < parts.length - 1);
  const indented = filled.filter((p) => INDENT.test(p)).length;
  if (!blankParted && indented < 2) return parts;
  const out: string[] = [];
  let open = false; // whether the last part in `out` may take a continuation
  for (const part of parts) {
    const line = part.trim();
    if (line === '') {
      out.push(part);
      open = false;
      continue;
    }
    const continues = open && matchHeading(normalizeParagraph(line)) === null && (blankParted || !INDENT.test(part));
    if (continues) {
      const prev = out[out.length - 1]!.replace(/\s+$/u, '');
      // (Latin words keep a space between them; Chinese and numbers join: 问题34|个 is 34个.)
      out[out.length - 1] = /[A-Za-z]$/u.test(prev) && /^[A-Za-z]/u.test(line) ? `${prev} ${line}` : `${prev}${line}`;
    } else out.push(part);
    // (A heading alone on its line, （一）加强制度建设<br>全年…, takes no continuation: its section's text follows.)
    const heading = matchHeading(normalizeParagraph(out[out.length - 1]!));
    open = !(heading && heading.bodyStart === -1 && !/[。；]$/u.test(line));
  }
  return out;
}

/** A list item short enough to be a title, and no sentence: Word's automatically numbered headings (一、, （一）). */
const ITEM_TITLE_MAX = 40;

/**
 * Blocks of an element tree; `boldLevel` is the heading level given to paragraphs that are bold throughout. With
 * `listHeadings`, items of numbered lists that read as titles are headings, one level per list nesting from
 * `boldLevel` on (a Word file's automatic numbering is not in its text; mammoth gives nested <ol>).
 */
export function domBlocks(root: DomNode, opts: { boldLevel?: number; listHeadings?: boolean } = {}): Block[] {
  const blocks: Block[] = [];
  let run: Run = { text: '', plain: 0, lead: '' };
  let runHeading: number | undefined;

  const flush = () => {
    const parts = rejoinWrapped(run.text.split('\n\u0000'));
    const wholeBold = run.plain === 0 && parts.length === 1;
    // A bold, unnumbered lead sentence opening a paragraph (`加强组织领导。全年…`) is the heading of what follows.
    const lead = normalizeParagraph(run.lead);
    if (opts.boldLevel !== undefined && runHeading === undefined && parts.length === 1 && run.plain > 0 && lead.length >= 2 && lead.length <= 30 && /[。：:]$/u.test(lead) && matchHeading(lead) === null) {
      const text = normalizeParagraph(run.text);
      if (text.startsWith(lead)) {
        blocks.push({ text: lead, heading: opts.boldLevel });
        blocks.push({ text: text.slice(lead.length).trim() });
        run = { text: '', plain: 0, lead: '' };
        runHeading = undefined;
        return;
      }
    }
    for (const part of parts) {
      const text = normalizeParagraph(part);
      if (!text) continue;
      let heading = runHeading;
      // A short line that is bold throughout is a heading in a Word file or an article page.
      if (heading === undefined && wholeBold && opts.boldLevel !== undefined && text.length <= 40 && !/[。；]$/u.test(text)) heading = opts.boldLevel;
      blocks.push(heading === undefined ? { text } : { text, heading });
    }
    run = { text: '', plain: 0, lead: '' };
    runHeading = undefined;
  };

  let listDepth = 0;
  // A list item's own text, up to its first nested list: a heading when it reads as a title.
  const flushItem = () => {
    const text = normalizeParagraph(run.text.replace(/\n\u0000/gu, ' '));
    if (opts.boldLevel !== undefined && text.length > 0 && text.length <= ITEM_TITLE_MAX && !/[。；;！？]$/u.test(text) && matchHeading(text) === null) runHeading = opts.boldLevel + listDepth - 1;
    flush();
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      inlineText(node, false, run);
      return;
    }
    if (node.nodeType !== 1 || SKIP_TAGS.has(node.nodeName)) return;
    const tag = node.nodeName;
    if (opts.listHeadings && (tag === 'OL' || tag === 'UL')) {
      flush();
      listDepth++;
      for (const child of Array.from(node.childNodes)) walk(child);
      listDepth--;
      return;
    }
    if (opts.listHeadings && tag === 'LI' && listDepth > 0) {
      flush();
      for (const child of Array.from(node.childNodes)) {
        if (child.nodeName === 'OL' || child.nodeName === 'UL') {
          flushItem();
          walk(child);
        } else if (child.nodeName === 'P') for (const c of Array.from(child.childNodes)) walk(c);
        else walk(child);
      }
      flushItem();
      return;
    }
    if (tag === 'TR') {
      flush();
      const cellNodes = Array.from(node.childNodes).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
      // A layout table (older CMS pages put the whole article in one cell, its paragraphs parted by <br>) is read
      // as blocks; a data row (索引号 | 发文字号) as one line.
      if (cellNodes.some(isLayoutCell)) {
        for (const cell of cellNodes) {
          for (const child of Array.from(cell.childNodes)) walk(child);
          flush();
        }
        return;
      }
      const cells = cellNodes
        .map((c) => normalizeParagraph(c.textContent ?? ''))
        .filter((t) => t.length > 0);
      if (cells.length > 0) blocks.push({ text: cells.join(' ') });
      return;
    }
    if (!BLOCK_TAGS.has(tag)) {
      if (BOLD_TAGS.has(tag) || tag === 'BR') inlineText(node, false, run);
      else for (const child of Array.from(node.childNodes)) walk(child);
      return;
    }
    flush();
    // A <pre> keeps its line ends: they part lines as <br> does.
    if (tag === 'PRE') {
      const text = (node.textContent ?? '').replace(/\r\n?/gu, '\n');
      run = { text: text.split('\n').join('\n\u0000'), plain: text.replace(/\s+/gu, '').length, lead: '' };
      flush();
      return;
    }
    const h = /^H([1-6])$/u.exec(tag);
    if (h) {
      inlineText(node, true, run);
      runHeading = Number(h[1]);
      flush();
      return;
    }
    for (const child of Array.from(node.childNodes)) walk(child);
    flush();
  };
  walk(root);
  flush();
  return blocks;
}
