// The numbering styles real reports use, each giving the right sections.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/knowledge/parse-report.js';

const sectionsOf = (...lines: string[]) => parseReport('d', lines.map((text) => ({ text, corrections: [], correctedRanges: [] })));
const pathOf = (lines: string[], needle: string) => {
  const { sentences, sections } = sectionsOf(...lines);
  const s = sentences.find((x) => x.text.includes(needle));
  return sections.find((x) => x.id === s?.sectionId)?.path;
};

describe('numbering variants', () => {
  it('一、 (一) （一） 1. 1、 （1） nest in that order', () => {
    const lines = ['一、总体情况', '(一)加强领导。成立领导小组。', '1.健全机制。出台制度5项。', '（1）完善规则。修订规则3项。', '（二）强化保障。投入经费200万元。', '1、培训干部。培训干部300人次。', '二、存在问题', '基层力量薄弱。'];
    expect(pathOf(lines, '修订规则3项')).toBe('一、(一)1.（1） 完善规则');
    expect(pathOf(lines, '培训干部300人次')).toBe('一、（二）1、 培训干部');
    expect(pathOf(lines, '基层力量薄弱')).toBe('二、 存在问题');
    const { sections } = sectionsOf(...lines);
    expect(sections.find((s) => s.title === '完善规则')).toMatchObject({ depth: 4, id: 'd/s1.1.1.1' });
  });

  it('a report that skips a level nests by order, not by a fixed depth', () => {
    const { sections } = sectionsOf('一、主要做法', '1.抓学习。组织学习12次。', '2.抓落实。督办事项8件。');
    expect(sections.find((s) => s.title === '抓落实')).toMatchObject({ depth: 2, path: '一、2. 抓落实', parentId: 'd/s1' });
  });

  it('inline 一是…二是… lead lines are sections under their heading', () => {
    const lines = ['(二)推进严格执法', '一是开展执法培训，全年培训行政执法人员860人次。', '二是推行“三项制度”，公示执法决定4321条。'];
    expect(pathOf(lines, '860人次')).toBe('(二)一是 开展执法培训');
    expect(pathOf(lines, '4321条')).toBe('(二)二是 推行“三项制度”');
  });

  it('第一部分 is above 一、', () => {
    const lines = ['第一部分 2023年工作回顾', '一、法治政府建设', '全年办理复议案件57件。', '第二部分 2024年工作安排', '一、重点任务', '推进综合执法改革。'];
    expect(pathOf(lines, '57件')).toBe('第一部分一、 法治政府建设');
    expect(pathOf(lines, '综合执法改革')).toBe('第二部分一、 重点任务');
  });

  it('unnumbered headings marked with # (Word bold headings) are sections; after numbered ones they are their siblings', () => {
    const lines = ['# 工作开展情况', '一、加强领导', '召开会议8次。', '二、规范执法', '公示决定4321条。', '# 存在问题', '基层力量薄弱。'];
    expect(pathOf(lines, '8次')).toBe('工作开展情况 一、 加强领导');
    expect(pathOf(lines, '基层力量薄弱')).toBe('存在问题');
    const numbered = ['一、加强领导', '召开会议8次。', '# 存在问题', '基层力量薄弱。', '# 下一步工作打算', '持续推进。'];
    const { sections } = sectionsOf(...numbered);
    expect(sections.filter((s) => s.depth === 1).map((s) => s.title)).toEqual(['加强领导', '存在问题', '下一步工作打算']);
    // The heading sentence is the title without its mark.
    expect(sectionsOf(...numbered).sentences.find((s) => s.heading && s.text.includes('存在问题'))?.text).toBe('存在问题');
  });
});

describe('inline enumerations', () => {
  it('一是…；二是… inside one paragraph stays in its section', () => {
    const lines = ['二、存在的问题', '一是执法队伍年龄结构偏大，专业人才不足；二是基层法治宣传形式较为单一，群众参与度不高。'];
    expect(pathOf(lines, '专业人才不足')).toBe('二、 存在的问题');
  });
});

describe('Markdown headings over numbering', () => {
  it('## 一、 is the numbered heading', () => {
    const { sections } = sectionsOf('## 一、主要工作', '### （一）加强领导。召开会议8次。');
    expect(sections.map((s) => s.path)).toEqual(['一、 主要工作', '一、（一） 加强领导']);
  });
});
