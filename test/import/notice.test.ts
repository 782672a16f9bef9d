import { describe, expect, it } from 'vitest';
import { unwrapNotice } from '../../src/import/notice.js';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));

describe('a report published as a notice\'s attachment', () => {
  const title = '示例县人民政府办公室关于印发《示例县2023年度法治政府建设情况报告》的通知';

  it('is the attachment, under its own title: the notice\'s number, addressees and signature are left out', () => {
    const blocks = lines('示政办发〔2024〕9号', '各乡镇人民政府，县政府各部门：', '现将《示例县2023年度法治政府建设情况报告》印发给你们，请认真贯彻落实。', '示例县人民政府办公室', '2024年3月14日', '示例县2023年度法治政府建设情况报告', '2023年，示例县深入推进依法行政。', '一、主要成效');
    expect(unwrapNotice(title, blocks)).toEqual({ title: '示例县2023年度法治政府建设情况报告', blocks: lines('2023年，示例县深入推进依法行政。', '一、主要成效') });
  });

  it('starts after the 附件 mark when the attachment repeats no title, and keeps everything when it has neither', () => {
    expect(unwrapNotice(title, lines('各乡镇人民政府：', '附件', '2023年，示例县深入推进依法行政。'))?.blocks).toEqual(lines('2023年，示例县深入推进依法行政。'));
    expect(unwrapNotice(title, lines('2023年，示例县深入推进依法行政。'))?.blocks).toEqual(lines('2023年，示例县深入推进依法行政。'));
  });

  it('leaves a report that is no notice alone', () => {
    expect(unwrapNotice('示例县2023年度法治政府建设情况报告', lines('2023年，示例县深入推进依法行政。'))).toBeNull();
    expect(unwrapNotice(undefined, [])).toBeNull();
  });
});
