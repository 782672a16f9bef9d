import { describe, expect, it } from 'vitest';
import { isChromeLine, normalizeDate, stripChrome } from '../../src/knowledge/page-chrome.js';

describe('the furniture of government web pages', () => {
  it.each([
    '今天是:2019年10月31日 星期三 农历十月初七',
    '今天是2024年3月28日 星期四',
    '无障碍 简体| 繁体',
    '无障碍',
    '简体 | 繁體',
    '您所在的位置:政务公开 > 工作报告',
    '您现在所在的位置：首页 > 政务公开 > 法治政府建设',
    '当前位置：首页 > 信息公开',
    '【字体:大 中 小】',
    '【字体：大 中 小】【打印】【关闭】',
    '字号：[大] [中] [小]',
    '打印本页',
    '【打印本页】 【关闭窗口】',
    '关闭窗口',
    '扫一扫在手机打开当前页',
    '分享到：',
    '分享到: 微信 微博 QQ空间',
    '微信 微博 QQ空间',
    '上一篇：关于2022年法治政府建设情况的报告',
    '主办单位：某市人民政府办公室 版权所有 网站标识码：0000000000',
  ])('drops %s', (line) => {
    expect(isChromeLine(line)).toBe(true);
    expect(stripChrome([line]).lines).toEqual([]);
  });

  it.each([
    '一、主要工作和成效',
    '全区政务服务事项网上可办率达到98.6%，办理时限平均压缩52%。',
    // Report prose that mentions a marker word is still prose.
    '推进政务公开标准化规范化建设，在政府网站设置无障碍浏览功能，方便老年人和残疾人获取政府信息，全年更新信息3000余条。',
    '建立信息来源核查机制，确保每条数据来源可追溯。',
    '当前，我区法治建设仍存在一些短板。',
  ])('keeps %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([line]);
  });

  it('reads 来源 and 发布时间 as source and published', () => {
    const { lines, meta } = stripChrome(['来源:静海区人民政府办公室 发布时间:2024-03-28', '正文第一段。']);
    expect(lines).toEqual(['正文第一段。']);
    expect(meta).toMatchObject({ source: '静海区人民政府办公室', published: '2024-03-28' });
    expect(meta.reasons.published).toContain('发布时间');
  });

  it('reads the 索引号 table: 发布日期 is the published date, ahead of 成文日期', () => {
    const { lines, meta } = stripChrome(['索引号 11120223MB0000000X/2024-00001 发文字号 津静政报〔2024〕3号', '成文日期 2024-03-20 发布日期 2024-03-28', '发布机构 天津市静海区人民政府']);
    expect(lines).toEqual([]);
    expect(meta).toMatchObject({ published: '2024-03-28', issuer: '天津市静海区人民政府' });
  });

  it('reads 更新时间 when that is all the page gives', () => {
    expect(stripChrome(['更新时间：2021/03/29 浏览次数：1024']).meta.published).toBe('2021-03-29');
  });

  it('normalizes the dates pages write', () => {
    expect(normalizeDate('2021/03/29')).toBe('2021-03-29');
    expect(normalizeDate('2024年3月8日')).toBe('2024-03-08');
    expect(normalizeDate('2024-13-01')).toBeNull();
    expect(normalizeDate('无日期')).toBeNull();
  });
});

describe('furniture of the 繁體 version of a page, and a site name before the 来源 line', () => {
  it.each(['當前位置: 首頁 > 政務公開 > 政府公報', '【字體:', '【字體:大 中 小】', '打印本頁 關閉窗口', '掃一掃在手機打開當前頁', '無障礙 簡體 | 繁體'])('drops %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([]);
  });

  it('reads 來源 and the date after the site name', () => {
    const { lines, meta } = stripChrome(['中國示例市政府門戶網站      2015-04-17 02:28:11  來源: 本網', '正文第一段。']);
    expect(lines).toEqual(['正文第一段。']);
    expect(meta).toMatchObject({ source: '本网', published: '2015-04-17' });
  });

  it('keeps prose that mentions 来源 after a clause', () => {
    const line = '建立健全信息发布审核机制,来源:各部门报送的信息须经审核。';
    expect(stripChrome([line]).lines).toEqual([line]);
  });
});

describe('more furniture seen on district sites', () => {
  it.each(['分享：', '语音播报', '视力保护色： 默认', 'English', '手机版 | 登录', '【我要打印】【关闭】', '网站支持IPv6', '责任编辑：张三', '（责任编辑：李四）'])('drops %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([]);
  });
});

describe('report lines whose words end in a furniture key', () => {
  // 名称 and 标题 head an index table's rows; ending a longer word they are a table header or a report's own line.
  it.each(['指标名称 数值', '项目名称 完成情况', '序号 项目名称 完成时间', '案件名称：某某公司诉某局行政处罚案'])('keeps %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([line]);
  });
});

describe('furniture of other page kinds', () => {
  it.each(['附件：', '1.示例县2023年度法治政府建设情况报告（正式文本）.doc', '附件2：主要指标完成情况表.xlsx', '一图读懂｜示例县2023年法治政府建设情况', '点击蓝字 关注我们', '审核：陈某', '编辑：林某', '首页 上一页 第1页 第2页 下一页 尾页', '共2页'])('drops %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([]);
  });
});

describe('report headings that use furniture words', () => {
  it.each(['（三）推进无障碍环境建设', '推进适老化改造', '无障碍环境建设', '当前位置信息服务', '推进IPv6规模部署应用', '4.加强网站地图和政务新媒体管理'])('keeps %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([line]);
  });
});

describe('layout leftovers', () => {
  it.each(['】', '.', '【纠错】', 'Copyright © 1999-2024 某某网站', '【责任编辑:赵某', '时间:2024-04-26 04:42:57 浏览: 1024'])('drops %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([]);
  });
});

describe('furniture of more site layouts', () => {
  it.each([
    '字体大小:【',
    '文字大小：[ ] 背景色：',
    '【 扫一扫 】',
    '【 打印 】 【 扫一扫 】',
    '[ 大 中 小 ]',
    '首页 > 政务公开 > 法治政府建设',
    '网站首页 >> 信息公开 >> 正文',
    '首页 | 政务公开 | 政务服务 | 互动交流 | 走进虚构区',
    '政务公开  >  政策文件  >  虚构区文件  >  区政府文件',
    '示例市虚构区2024年度法治政府建设情况报告_工作报告_示例市虚构区人民政府',
    '頭部',
    '政务公开 政务服务 互动交流',
    '今天是2025年3月28日',
    '农历乙巳年二月廿九',
    '2025-03-28 星期五',
    '上一篇 示例市虚构区2023年度法治政府建设情况报告',
    '下一篇 暂无',
    '【相关文件】',
    '主办：示例市虚构区人民政府办公室 维护：虚构区大数据中心',
    '发布时间：2025-03-28 信息来源：虚构区司法局 浏览量：321',
    '日期：2025-03-28 阅读量：88',
    '【打印文章】 【关闭窗口】',
    '[收藏本文]',
    '地址：示例市虚构区某某路1号 邮编：000000 电话：0000-0000000',
    '您是第 12345 位访客',
    '发布者：虚构区司法局 点击：1024',
  ])('drops %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([]);
  });

  it.each([
    '政务公开',
    '全面清理相关文件',
    '农历春节前走访慰问困难群众。',
    '（二）落实主办单位责任',
    '首页改版后新增法治政府建设专栏，全年发布信息320条。',
    '责任单位：县司法局',
    '群众满意度>95%，较上年提高2个百分点。',
    '活动主题：弘扬宪法精神 建设法治虚构区',
    '活动时间：3月1日至3月31日',
    '法制审核：全年审核规范性文件12件',
  ])('keeps %s', (line) => {
    expect(stripChrome([line]).lines).toEqual([line]);
  });

  it('reads the 索引号 table copied with its cell borders and spaced-out keys, 标题 included', () => {
    const { lines, meta } = stripChrome(['索 引 号 | 000000000XX/2025-00001 | 主题分类 | 法治政府 |', '发文字号 | 虚政报〔2025〕1号 | 制发机构 | 示例市虚构区人民政府 |', '成文日期 | 2025-03-20 | 发布日期 | 2025-03-26 |', '标 题 | 示例市虚构区2024年度法治政府建设情况报告 |', '正文第一段。']);
    expect(lines).toEqual(['正文第一段。']);
    expect(meta).toMatchObject({ published: '2025-03-26', issuer: '示例市虚构区人民政府', title: '示例市虚构区2024年度法治政府建设情况报告' });
  });

  it('reads a key alone on its line with the value on the line below, and keeps a heading below an empty key', () => {
    const r = stripChrome(['• 索引号:', '000000000XX/2025-00002', '• 来源:', '', '• 发布日期:', '2025年03月27日 10:20', '• 发文机构:', '虚构县人民政府', '• 信息来源：', '虚构县2024年法治政府建设工作报告', '正文第一段。']);
    expect(r.lines).toEqual(['虚构县2024年法治政府建设工作报告', '正文第一段。']);
    expect(r.kept).toEqual([9, 10]);
    expect(r.meta).toMatchObject({ published: '2025-03-27', issuer: '虚构县人民政府' });
    expect(r.meta.source).toBeUndefined();
  });
});

it('reads 【发布单位：…】【发布时间：…】 as the issuing office and the date', () => {
  const { lines, meta } = stripChrome(['【发布单位：虚构区司法局】【发布时间：2025-03-28】', '正文第一段。']);
  expect(lines).toEqual(['正文第一段。']);
  expect(meta).toMatchObject({ issuer: '虚构区司法局', published: '2025-03-28' });
});

it('reads spaced-out keys alone on their line (名    称 :, 主    题 :) with the value below', () => {
  const r = stripChrome(['名    称 :', '虚构区人民政府2022年法治政府建设情况报告', '发 布 机 构 :', '示例市虚构区人民政府', '主    题 :', '司法行政\\政府法治', '成 文 日 期 :', '有   效  性 :', '有效', '正文第一段。']);
  expect(r.lines).toEqual(['正文第一段。']);
  expect(r.meta).toMatchObject({ title: '虚构区人民政府2022年法治政府建设情况报告', issuer: '示例市虚构区人民政府' });
});

it('reads a bare numeric date under the title as the publication date, and keeps a signature date', () => {
  const r = stripChrome(['虚构区2024年度法治政府建设情况报告', '2025-03-28 09:18', '正文第一段。', '示例市虚构区人民政府', '2025年3月20日']);
  expect(r.lines).toEqual(['虚构区2024年度法治政府建设情况报告', '正文第一段。', '示例市虚构区人民政府', '2025年3月20日']);
  expect(r.meta.published).toBe('2025-03-28');
  expect(stripChrome(['发布时间：2025-03-27', '[2025-03-28]']).meta.published).toBe('2025-03-27');
});
