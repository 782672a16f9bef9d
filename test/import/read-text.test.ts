import { describe, expect, it } from 'vitest';
import { normalizeParagraph } from '../../src/import/blocks.js';
import { readText } from '../../src/import/read-text.js';

describe('a text report', () => {
  it('with front matter: the maintainer fields are given, the body is the paragraphs', () => {
    const r = readText('---\ntitle: 示例市2022年法治政府建设年度报告\nyear: 2022\n---\n　　第一段。\n\n二、标题\n', 'a.txt');
    expect(r.given).toMatchObject({ title: '示例市2022年法治政府建设年度报告', year: 2022 });
    expect(r.blocks.map((b) => b.text)).toEqual(['第一段。', '二、标题']);
  });

  it('with incomplete front matter: what it gives is kept and the rest is left to detection', () => {
    const r = readText('---\ntitle: 法治政府建设情况报告\n---\n2021年,我市坚持依法行政。\n', 'b.txt');
    expect(r.given).toEqual({ title: '法治政府建设情况报告' });
    expect(r.blocks.map((b) => b.text)).toEqual(['2021年,我市坚持依法行政。']);
  });

  it('without front matter: every non-empty line is a paragraph, trimmed of full-width indents', () => {
    expect(readText('\r\n　　2021年,我市坚持依法行政。\r\n\r\n一、主要做法\r\n', 'c.txt').blocks.map((b) => b.text)).toEqual(['2021年,我市坚持依法行政。', '一、主要做法']);
  });

  it('copied out of a PDF: broken lines are joined into paragraphs, page numbers and running headers left out', () => {
    const wrapped = [
      '一、深化放管服改革',
      '（一）精简审批事项。动态调整市级权责清单，市级行政许可事项精',
      '简至286项，全面推行高效办成一件事，上线企业开办、不动产登',
      '记等集成服务，平均减少跑动次数2.4次，企业群众办事更加便利。',
      '（二）推行包容审慎监管。修订首违不罚和轻微免罚两张清单，覆',
      '盖市场监管、交通运输、生态环境等领域，全年对1689件轻微违',
      '',
      '— 1 —',
      '',
      '示例市人民政府关于2024年法治政府建设情况的报告',
      '法行为依法不予行政处罚，惠及经营主体一千余家，执法效果良好。',
      '二、发挥行政复议主渠道作用',
      '全市各级行政复议机关共收到行政复议申请1846件，审结1702件，',
      '综合纠错率12.3%，行政复议案件量与一审行政诉讼案件量之比达',
      '到1.78:1。',
      '— 2 —',
      '示例市人民政府关于2024年法治政府建设情况的报告',
      '三、存在的不足',
    ].join('\n');
    const r = readText(wrapped, 'copied.txt');
    expect(r.blocks.map((b) => b.text)).toEqual([
      '一、深化放管服改革',
      '（一）精简审批事项。动态调整市级权责清单，市级行政许可事项精简至286项，全面推行高效办成一件事，上线企业开办、不动产登记等集成服务，平均减少跑动次数2.4次，企业群众办事更加便利。',
      '（二）推行包容审慎监管。修订首违不罚和轻微免罚两张清单，覆盖市场监管、交通运输、生态环境等领域，全年对1689件轻微违法行为依法不予行政处罚，惠及经营主体一千余家，执法效果良好。',
      '二、发挥行政复议主渠道作用',
      '全市各级行政复议机关共收到行政复议申请1846件，审结1702件，综合纠错率12.3%，行政复议案件量与一审行政诉讼案件量之比达到1.78:1。',
      '三、存在的不足',
    ].map((t) => normalizeParagraph(t)));
    expect(r.dropped).toContain('— 2 —');
    expect(r.joined).toBe(6);
  });
});
