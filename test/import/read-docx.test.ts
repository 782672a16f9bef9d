import { AlignmentType, Document, FootnoteReferenceRun, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../src/import/read-docx.js';
import { DOCX_REPORT, makeDocx } from '../helpers/report-files.js';

describe('a Word file', () => {
  it('gives the Title-style title, and bold unnumbered lines as headings', async () => {
    const read = await readDocx(await makeDocx(), 'r.docx');
    expect(read.docTitle).toBe(DOCX_REPORT.title);
    expect(read.blocks.find((b) => b.text === '存在问题')).toEqual({ text: '存在问题', heading: 1 });
    // A bold lead (一是) inside a paragraph is not a heading by itself.
    expect(read.blocks.find((b) => b.text.startsWith('一是'))?.heading).toBeUndefined();
  });

  it('keeps heading styles as levels; bold lines sit one level below the deepest style used', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('工作开展情况')] }),
            new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('执法监督')] }),
            new Paragraph({ children: [new TextRun({ text: '案卷评查', bold: true })] }),
            new Paragraph({ children: [new TextRun('全年评查行政执法案卷1500余卷。')] }),
          ],
        },
      ],
    });
    const read = await readDocx(await Packer.toBuffer(doc), 'h.docx');
    expect(read.blocks).toEqual([
      { text: '工作开展情况', heading: 1 },
      { text: '执法监督', heading: 2 },
      { text: '案卷评查', heading: 3 },
      { text: '全年评查行政执法案卷1500余卷。' },
    ]);
  });

  it('reads automatically numbered headings (一、 （一） from Word numbering) as headings, one level per list level', async () => {
    const numbering = {
      config: [
        {
          reference: 'cn',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
          ],
        },
      ],
    };
    const item = (text: string, level: number) => new Paragraph({ numbering: { reference: 'cn', level }, children: [new TextRun(text)] });
    const doc = new Document({
      numbering,
      sections: [{ children: [item('加强党的领导', 0), item('落实第一责任人职责', 1), new Paragraph('市政府常务会议专题研究法治政府建设6次。'), item('提升行政执法质量', 0)] }],
    });
    const read = await readDocx(await Packer.toBuffer(doc), 'n.docx');
    expect(read.blocks).toEqual([
      { text: '加强党的领导', heading: 1 },
      { text: '落实第一责任人职责', heading: 2 },
      { text: '市政府常务会议专题研究法治政府建设6次。' },
      { text: '提升行政执法质量', heading: 1 },
    ]);
  });

  it('reads a table row as one line, and leaves footnote marks out of the text', async () => {
    const cell = (text: string) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text })] })] });
    const doc = new Document({
      footnotes: { 1: { children: [new Paragraph('数据来源：县司法局统计。')] } },
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('行政复议直接纠错率为11.1%'), new FootnoteReferenceRun(1), new TextRun('。')] }),
            new Table({ rows: [new TableRow({ children: [cell('指标名称'), cell('数值')] }), new TableRow({ children: [cell('行政诉讼案件败诉率'), cell('3.8%')] })] }),
          ],
        },
      ],
    });
    const texts = (await readDocx(await Packer.toBuffer(doc), 't.docx')).blocks.map((b) => b.text);
    expect(texts).toContain('行政复议直接纠错率为11.1%。');
    expect(texts).toContain('行政诉讼案件败诉率 3.8%');
    expect(texts.join('\n')).not.toMatch(/\[1\]|↑/u);
  });

  it('refuses a file that is not a Word file', async () => {
    await expect(readDocx(new TextEncoder().encode('not a zip'), 'x.docx')).rejects.toThrow(/x\.docx: not a readable Word \(\.docx\) file/u);
  });
});

describe('bold lead sentences', () => {
  it('an unnumbered bold lead sentence is the heading of the paragraph it opens; the body stays verbatim', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: '加强组织领导。', bold: true }), new TextRun('全年召开专题会议8次，研究部署重点任务12项。')] }),
            new Paragraph({ children: [new TextRun({ text: '一是', bold: true }), new TextRun('开展执法培训，全年培训860人次。')] }),
          ],
        },
      ],
    });
    const read = await readDocx(await Packer.toBuffer(doc), 'b.docx');
    expect(read.blocks).toEqual([{ text: '加强组织领导。', heading: 1 }, { text: '全年召开专题会议8次，研究部署重点任务12项。' }, { text: '一是开展执法培训，全年培训860人次。' }]);
  });
});
