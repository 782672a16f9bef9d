import { describe, expect, it } from 'vitest';
import { linesToBlocks, type PdfLine } from '../../src/import/pdf-lines.js';
import { itemsToLines } from '../../src/import/read-pdf.js';

const line = (text: string, y: number, o: Partial<PdfLine> = {}): PdfLine => ({ text, x: 72, right: 72 + text.length * 12, y, fontSize: 12, ...o });
const FULL = '一'.repeat(30);

describe('PDF lines → paragraphs', () => {
  it('joins a sentence broken across lines and pages, and drops the running header and page numbers', () => {
    const pages = [
      [line('示例市人民政府文件', 800, { fontSize: 9 }), line('第一段开头，这一行排满了整个版心的宽度所以会折到下一行继', 700, { x: 96 }), line('续。', 685), line('第二段的开头也排满了整个版心宽度的一行文字然后在页底断', 100, { x: 96 }), line('- 1 -', 40, { fontSize: 9 })],
      [line('示例市人民政府文件', 800, { fontSize: 9 }), line('开，到下一页才结束。', 700), line('- 2 -', 40, { fontSize: 9 })],
    ];
    // Make the full lines reach the right edge.
    for (const p of pages) for (const l of p) if (l.text.length > 20) l.right = 72 + FULL.length * 12;
    expect(linesToBlocks(pages).map((b) => b.text)).toEqual(['第一段开头，这一行排满了整个版心的宽度所以会折到下一行继续。', '第二段的开头也排满了整个版心宽度的一行文字然后在页底断开，到下一页才结束。']);
  });

  it('starts a paragraph at a heading, an indent or after a short line that ends a sentence', () => {
    const full = { right: 72 + FULL.length * 12 };
    const blocks = linesToBlocks([[line('一、加强组织领导', 700), line('全年召开会议8次，研究部署法治建设重点任务十二项，听取工', 680, { x: 96, ...full }), line('作汇报3次。', 665), line('同时加强督察。', 650)]]);
    expect(blocks.map((b) => b.text)).toEqual(['一、加强组织领导', '全年召开会议8次，研究部署法治建设重点任务十二项，听取工作汇报3次。', '同时加强督察。']);
  });

  it('joins Latin words with a space and Chinese without', () => {
    const full = { right: 72 + FULL.length * 12 };
    expect(linesToBlocks([[line('建设“互联网+政务服务”平台，接入 Open', 700, { x: 96, ...full }), line('Data 平台。', 685)]])[0]?.text).toBe('建设“互联网+政务服务”平台，接入 Open Data 平台。');
  });
});

describe('a table of figures set in columns', () => {
  it('reads each row as a line of its own, its cells spaced apart, not run into the next row', () => {
    const item = (str: string, x: number, y: number, width: number) => ({ str, x, y, width, fontSize: 12, hasEOL: false });
    const lines = itemsToLines([
      item('指标名称', 80, 512, 48), item('2022年', 280, 512, 36), item('2023年', 350, 512, 36),
      // PDF.js may fill a column gap with one wide space item.
      item('行政复议申请数（件）', 80, 489, 120), item(' ', 200, 489, 80), item('128', 280, 489, 20), item(' ', 300, 489, 50), item('156', 350, 489, 20),
      item('行政诉讼一审案件数（件）', 80, 466, 144), item('64', 280, 466, 14), item('57', 350, 466, 14),
    ]);
    expect(lines.map((l) => [l.text, l.cells])).toEqual([
      ['指标名称 2022年 2023年', true],
      ['行政复议申请数（件） 128 156', true],
      ['行政诉讼一审案件数（件） 64 57', true],
    ]);
    expect(linesToBlocks([lines]).map((b) => b.text)).toEqual(['指标名称 2022年 2023年', '行政复议申请数（件） 128 156', '行政诉讼一审案件数（件） 64 57']);
  });
});

describe('a title set over two centred lines', () => {
  it('is one paragraph, and the body after it starts anew', () => {
    const full = { right: 72 + FULL.length * 12 };
    const title1 = '示例市人民政府关于2023年法治政府';
    const title2 = '建设情况的报告';
    // 18-point title lines centred on the 360-point measure.
    const centre = (t: string, y: number) => line(t, y, { x: 72 + (360 - t.length * 18) / 2, right: 72 + (360 + t.length * 18) / 2, fontSize: 18 });
    const blocks = linesToBlocks([
      [centre(title1, 760), centre(title2, 735), line('2023年，示例市坚持依法行政，法治政府建设取得新成效，全年审查', 700, { x: 96, ...full }), line('规范性文件18件。', 685), line('全年办理行政复议案件57件，依法纠错9件，纠错率为百分之十五点八，同比', 670, { x: 96, ...full }), line('下降。', 655)],
    ]);
    expect(blocks.map((b) => b.text)).toEqual([`${title1}${title2}`, '2023年，示例市坚持依法行政，法治政府建设取得新成效，全年审查规范性文件18件。', '全年办理行政复议案件57件，依法纠错9件，纠错率为百分之十五点八，同比下降。']);
    expect(blocks[0]?.heading).toBe(1);
  });
});

describe('PDF text items → lines', () => {
  it('sets Chinese items with letter spacing without spaces, Latin words with one', async () => {
    const { itemsToLines } = await import('../../src/import/read-pdf.js');
    const item = (str: string, x: number, width: number) => ({ str, x, y: 700, width, fontSize: 12, hasEOL: false });
    const lines = itemsToLines([item('法', 72, 12), item('治', 90, 12), item('建', 108, 12), item('设', 126, 12), item('Open', 150, 24), item('Data', 180, 24)]);
    expect(lines.map((l) => l.text)).toEqual(['法治建设Open Data']);
  });
});
