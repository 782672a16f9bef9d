import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
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
