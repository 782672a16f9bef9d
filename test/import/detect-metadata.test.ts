import { describe, expect, it } from 'vitest';
import { detectMetadata, regionAtStart, yearInOpening, yearInTitle } from '../../src/import/detect-metadata.js';

const blocks = (...texts: string[]) => texts.map((text) => ({ text }));

describe('region', () => {
  it.each([
    ['天津市静海区人民政府', '静海区'],
    ['清远市2021年全面依法治市工作情况报告', '清远市'],
    ['2021年清远市法治政府建设年度报告', '清远市'],
    ['关于2024年广东省清远市清城区法治政府建设情况的报告', '清城区'],
    ['中共示例市委全面依法治市委员会办公室', '示例市'],
    // The unit word may hold a character that names no place elsewhere (治).
    ['示例自治区人民政府关于2023年法治政府建设工作的报告', '示例自治区'],
    ['示例土家族苗族自治州人民政府', '示例土家族苗族自治州'],
    // A page's bracketed label before the report's name.
    ['【文字解读】《中共示例市虚构区委虚构区人民政府关于2024年法治政府建设情况的报告》文件解读', '虚构区'],
    // A name ending in 州 followed by 市 or 区 is one name: 虚构州市, not 虚构州 and 市….
    ['虚构州市示例区人民政府办公室关于印发 示例区2020年依法行政工作要点的通知', '示例区'],
    ['虚构州市2023年法治政府建设年度报告', '虚构州市'],
    ['虚构州区2023年法治政府建设年度报告', '虚构州区'],
    // 繁體 unit words.
    ['虛構區人民政府2022年法治政府建設情況報告', '虛構區'],
    // Towns and sub-districts report too.
    ['虚构镇人民政府关于2022年度法治政府建设情况的报告', '虚构镇'],
    ['示例市虚构区示范街道办事处2023年法治政府建设工作报告', '示范街道'],
  ])('%s → %s', (text, region) => {
    expect(regionAtStart(text)).toBe(region);
  });

  it.each(['全面依法治市工作情况报告', '自治区法治政府建设情况报告', '城市管理综合执法情况报告', '关于2024年乡镇法治建设情况的报告', '城乡规划执法情况报告', '关于2023年度法治政府建设情况的报告', '我市法治建设'])('finds none in %s', (text) => {
    expect(regionAtStart(text)).toBeNull();
  });

  it('comes from the issuing office when the title names none', () => {
    const d = detectMetadata({ blocks: blocks('关于2023年度法治政府建设情况的报告', '2023年，我区坚持依法行政，各项工作取得积极成效，现报告如下。'), meta: { issuer: '天津市静海区人民政府', reasons: {} } });
    expect(d.region).toEqual({ value: '静海区', reason: 'the issuing office: "天津市静海区人民政府"' });
  });

  it('comes from the office line above a 关于… title, which joins it', () => {
    const d = detectMetadata({ blocks: blocks('天津市静海区人民政府', '关于2024年法治政府建设工作情况的报告', '2024年，全区法治政府建设扎实推进，现将有关情况报告如下。') });
    expect(d.title?.value).toBe('天津市静海区人民政府关于2024年法治政府建设工作情况的报告');
    expect(d.region?.value).toBe('静海区');
    expect(d.year).toMatchObject({ value: 2024 });
    expect(d.titleBlocks).toEqual([0, 1]);
  });
});

describe('year', () => {
  it.each([
    ['示例市2020年法治政府建设工作报告', 2020],
    ['关于2024年全面依法治区工作情况的报告', 2024],
    ['虚构区2023年度法治政府建设情况报告', 2023],
    // Full-width digits, as some pages set them.
    ['示例县２０２３年度法治政府建设情况报告', 2023],
  ])('from the title %s', (title, year) => {
    expect(yearInTitle(title)?.value).toBe(year);
  });

  it('from an opening "2021年,…" when the title has none', () => {
    expect(yearInOpening('2021年,我市坚持以习近平法治思想为指导。')).toMatchObject({ value: 2021 });
    expect(yearInOpening('２０２２年，县人民政府全面推进依法行政。')).toMatchObject({ value: 2022 });
    const d = detectMetadata({ blocks: blocks('法治政府建设情况报告', '2021年,我市坚持以习近平法治思想为指导,法治政府建设取得新成效。') });
    expect(d.year).toEqual({ value: 2021, reason: 'the opening paragraph starts with "2021年,"' });
  });

  it('is not guessed from a date elsewhere', () => {
    const d = detectMetadata({ blocks: blocks('法治政府建设情况报告', '今年以来，我市法治政府建设取得新成效，3月28日召开推进会。'), meta: { published: '2024-03-28', reasons: {} } });
    expect(d.year).toBeUndefined();
  });
});

describe('title, published and source', () => {
  it('takes the heading at the top, else the page title, never a numbered section heading', () => {
    expect(detectMetadata({ blocks: blocks('示例市2022年法治政府建设年度报告', '正文。') }).title?.value).toBe('示例市2022年法治政府建设年度报告');
    expect(detectMetadata({ blocks: blocks('一、主要工作情况', '正文。'), docTitle: '示例市2022年法治政府建设年度报告' }).title?.reason).toContain("the document's own title");
    expect(detectMetadata({ blocks: blocks('一、主要工作情况', '正文。') }).title).toBeUndefined();
  });

  it('takes published and source from the page, and a signature date when the page has none', () => {
    const page = detectMetadata({ blocks: blocks('示例市2022年法治政府建设年度报告'), meta: { published: '2024-03-28', source: '静海区人民政府办公室', reasons: { published: 'x', source: 'y' } } });
    expect(page.published?.value).toBe('2024-03-28');
    expect(page.source?.value).toBe('静海区人民政府办公室');
    const signed = detectMetadata({ blocks: blocks('示例市2022年法治政府建设年度报告', '正文。', '示例市人民政府', '2023年1月10日') });
    expect(signed.published).toEqual({ value: '2023-01-10', reason: 'the date under the signature: "2023年1月10日"' });
  });
});

describe('titles set over two lines', () => {
  it('an office line over a title that names no place: one title, the office gives the place', () => {
    const d = detectMetadata({ blocks: blocks('虚构县人民政府', '2023年度法治政府建设情况报告', '2023年，县政府全面落实法治政府建设各项任务。') });
    expect(d.title?.value).toBe('虚构县人民政府2023年度法治政府建设情况报告');
    expect(d.region?.value).toBe('虚构县');
    expect(d.titleBlocks).toEqual([0, 1]);
  });

  it('a title broken before its last words, also on a 繁體 page', () => {
    expect(detectMetadata({ blocks: blocks('示例市2022年度法治政府建设', '工作情况的报告', '2022年，我市坚持依法行政。') }).title?.value).toBe('示例市2022年度法治政府建设工作情况的报告');
    expect(detectMetadata({ blocks: blocks('示例市2022年度法治政府建設', '工作情況的報告', '2022年，我市堅持依法行政。') }).title?.value).toBe('示例市2022年度法治政府建設工作情況的報告');
  });

  it('never joins the site name or an office over a title that names its own place', () => {
    expect(detectMetadata({ blocks: blocks('示例市虚构区人民政府门户网站', '关于2024年度法治政府建设情况的报告', '正文。') }).title?.value).toBe('关于2024年度法治政府建设情况的报告');
    expect(detectMetadata({ blocks: blocks('示例市人民政府', '虚构区2024年度法治政府建设情况报告', '正文。') }).title?.value).toBe('虚构区2024年度法治政府建设情况报告');
  });

  it('takes the 标题 row of the 索引号 table when no heading is at the top', () => {
    const d = detectMetadata({ blocks: blocks('2024年，虚构区坚持依法行政，现将有关情况报告如下。'), meta: { title: '示例市虚构区2024年度法治政府建设情况报告', reasons: { title: 'the table' } } });
    expect(d.title).toEqual({ value: '示例市虚构区2024年度法治政府建设情况报告', reason: 'the table' });
    expect(d.region?.value).toBe('虚构区');
  });
});

describe('years in Chinese numerals and a column name above the title', () => {
  it.each([
    ['二〇二三年示例市法治政府建设情况报告', 2023],
    ['关于二○二四年度法治政府建设情况的报告', 2024],
  ])('the title %s gives %i', (title, year) => {
    expect(yearInTitle(title)?.value).toBe(year);
  });

  it('an opening in Chinese numerals gives the year', () => {
    expect(yearInOpening('二〇二一年，全县坚持依法行政。')?.value).toBe(2021);
  });

  it('the column name above the article is masthead; the heading below it is the title', () => {
    const d = detectMetadata({ blocks: blocks('法治政府建设年度报告', '虚构区2024年度法治政府建设情况报告', '2024年，虚构区坚持依法行政，现将有关情况报告如下。') });
    expect(d.title?.value).toBe('虚构区2024年度法治政府建设情况报告');
    expect(d.titleBlocks).toEqual([0, 1]);
  });
});

describe('a title read from the 索引号 table or the page title', () => {
  it('marks the top of the body where its line stands, spacing aside; the column headers above are masthead', () => {
    const d = detectMetadata({
      // A header line too long to pass for masthead: the heading at the top is not found, the table's title is.
      blocks: blocks('示例市虚构区人民政府办公室、示例市虚构区某某管理委员会办公室、示例市虚构区某某中心政府信息公开专栏', '政府信息公开 规章库', '示例市虚构区人民政府办公室关于印发虚构区2020年依法行政工作要点的通知', '各街道，区政府各部门：', '现印发给你们，请认真组织实施。'),
      meta: { title: '示例市虚构区人民政府办公室关于印发 虚构区2020年依法行政工作要点的通知', reasons: { title: 'the table' } },
    });
    expect(d.title?.value).toBe('示例市虚构区人民政府办公室关于印发 虚构区2020年依法行政工作要点的通知');
    expect(d.titleBlocks).toEqual([0, 1, 2]);
    expect(d.region?.value).toBe('虚构区');
  });
});

it('skips the short, sentence-less lines of a masthead to reach the title', () => {
  const d = detectMetadata({ blocks: blocks('示例市虚构区人民政府门户网站欢迎您', '政务公开 法定主动公开内容 工作报告', '虚构区2024年度法治政府建设情况报告', '2024年，虚构区坚持依法行政。') });
  expect(d.title?.value).toBe('虚构区2024年度法治政府建设情况报告');
  expect(d.titleBlocks).toEqual([0, 1, 2]);
  expect(detectMetadata({ blocks: blocks('2024年，虚构区坚持依法行政，现报告如下。', '法治政府建设工作情况') }).title).toBeUndefined();
});
