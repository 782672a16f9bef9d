// The playground's Lark-markdown parser: what the card preview shows for the markdown the card renderer writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emphasise, escapeMd } from '../../src/cards/markdown.js';
import { FONT_COLORS, blocksText, parseInline, parseMarkdown, type Block, type Inline } from '../../web/src/lark-md.js';

function allInline(blocks: Block[]): Inline[] {
  const out: Inline[] = [];
  const walk = (ns: Inline[]) => {
    for (const n of ns) {
      out.push(n);
      if ('c' in n) walk(n.c);
    }
  };
  for (const b of blocks) {
    if (b.t === 'p' || b.t === 'heading') walk(b.c);
    else if (b.t === 'quote') out.push(...allInline(b.c));
    else if (b.t === 'list') b.items.forEach(walk);
    else if (b.t === 'table') [b.head, ...b.rows].forEach((r) => r.forEach(walk));
  }
  return out;
}

const mdish = fc.string({
  unit: fc.oneof(
    fc.constantFrom('*', '**', '~~', '_', '[', ']', '(', ')', '<', '>', '&', '#', ';', '|', '-', '\n', ' ', '>', '1.', '---', '&#42;', '&amp;', '<br>', '</font>', "<font color='red'>", '<a href="javascript:alert(1)">x</a>', '[a](javascript:x)', '[a](https://ok.example/)', '调解', '97.2%'),
    fc.string({ unit: 'binary', maxLength: 3 }),
  ),
  maxLength: 60,
});

describe('parseMarkdown (the card preview)', () => {
  it('renders the elements the bot writes: quote, bold, coloured highlight, cite line, list, table', () => {
    const content =
      "> 全市<font color='blue'>调解</font>组织调解案件成功率**97&#46;2%**。\n\n<font color='grey'>—— 二、(四)2&#46; 深化预防 · 清远市报告(2021)</font>";
    const blocks = parseMarkdown(content);
    expect(blocks.map((b) => b.t)).toEqual(['quote', 'p']);
    const quote = blocks[0] as Extract<Block, { t: 'quote' }>;
    const para = quote.c[0] as Extract<Block, { t: 'p' }>;
    expect(para.c).toEqual([
      { t: 'text', v: '全市' },
      { t: 'font', color: 'blue', c: [{ t: 'text', v: '调解' }] },
      { t: 'text', v: '组织调解案件成功率' },
      { t: 'bold', c: [{ t: 'text', v: '97.2%' }] },
      { t: 'text', v: '。' },
    ]);
    expect(blocksText(blocks)).toBe('全市调解组织调解案件成功率97.2%。\n—— 二、(四)2. 深化预防 · 清远市报告(2021)');

    const table = parseMarkdown('| 指标 | 数值 |\n|---|---|\n| 成功率 | **97.2%** |')[0];
    expect(table?.t).toBe('table');
    expect(blocksText([table as Block])).toBe('指标\t数值\n成功率\t97.2%');

    const list = parseMarkdown('**相关数据**\n- 甲:**1个**\n- 乙:**2个**');
    expect(list.map((b) => b.t)).toEqual(['p', 'list']);
  });

  it('keeps escaped syntax literal and leaves unbalanced markers as text', () => {
    expect(blocksText(parseMarkdown(escapeMd('**不是粗体** <b>x</b> [a](b) 1. #'))) ).toBe('**不是粗体** <b>x</b> [a](b) 1. #');
    expect(parseInline('a * b')).toEqual([{ t: 'text', v: 'a * b' }]);
    expect(parseInline('<script>alert(1)</script>')).toEqual([{ t: 'text', v: '<script>alert(1)</script>' }]);
  });

  it('makes links of http/https URLs only', () => {
    expect(parseInline('[官网](https://www.gdqy.gov.cn/)')).toEqual([{ t: 'link', href: 'https://www.gdqy.gov.cn/', c: [{ t: 'text', v: '官网' }] }]);
    expect(parseInline('[x](javascript:alert(1))')).not.toContainEqual(expect.objectContaining({ t: 'link' }));
    expect(parseInline("<a href='data:text/html,hi'>y</a>")).toEqual([{ t: 'text', v: 'y' }]);
  });

  it('never throws, and yields only http(s) links and known colours, for any input', () => {
    fc.assert(
      fc.property(mdish, (s) => {
        const nodes = allInline(parseMarkdown(s));
        for (const n of nodes) {
          if (n.t === 'link') expect(n.href).toMatch(/^https?:\/\//u);
          if (n.t === 'font') expect(FONT_COLORS).toContain(n.color);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('shows exactly the text the card renderer escaped and emphasised', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        (s, bold, highlight) => {
          const flat = s.replace(/\r?\n|\r/gu, ' ');
          // A leading letter keeps the line a paragraph (a line starting "- " is a list in Lark too).
          expect(blocksText(parseMarkdown(`x${escapeMd(s)}`))).toBe(`x${flat}`);
          expect(blocksText(parseMarkdown(`x${emphasise(s, bold, highlight)}`))).toBe(`x${flat}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
