import { describe, expect, it } from 'vitest';
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
});
