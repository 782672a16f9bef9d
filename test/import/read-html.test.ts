import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/import-files.js';
import { readHtml } from '../../src/import/read-html.js';
import { splitFrontMatter } from '../../src/knowledge/front-matter.js';
import { tempKnowledge } from '../helpers/knowledge.js';
import { HTML_CHROME, HTML_REPORT, LIST_PAGE_CHROME, LIST_PAGE_REPORT, makeHtml, makeListPageHtml } from '../helpers/report-files.js';

describe('a saved web page', () => {
  it('gives the article paragraphs, the title and site from the page, and the metadata from its furniture', () => {
    const page = readHtml(makeHtml());
    expect(page.blocks.map((b) => b.text)).toEqual([...HTML_REPORT.paragraphs]);
    expect(page.docTitle).toBe(HTML_REPORT.title);
    expect(page.siteName).toBe('示例市虚构区人民政府');
    expect(page.meta).toMatchObject({ published: '2025-03-28', source: '虚构区人民政府办公室', issuer: '示例市虚构区人民政府' });
    for (const chrome of HTML_CHROME) expect(page.blocks.map((b) => b.text).join('\n')).not.toContain(chrome);
  });

  it('finds the title in the article when the page <title> is only the site name, and splits "title-site"', () => {
    const generic = makeHtml().replace(/<title>[^<]*<\/title>/u, '<title>示例市虚构区人民政府</title>').replace(/<meta name="SiteName"[^>]*>/u, '');
    expect(readHtml(generic).docTitle).toBe(HTML_REPORT.title);
    const dashed = makeHtml().replace(/<title>[^<]*<\/title>/u, `<title>${HTML_REPORT.title}-示例市虚构区人民政府</title>`).replace(/<h1[^>]*>[^<]*<\/h1>/u, '').replace(/<meta name="SiteName"[^>]*>/u, '');
    const read = readHtml(dashed);
    expect(read.docTitle).toBe(HTML_REPORT.title);
    expect(read.siteName).toBe('示例市虚构区人民政府');
  });

  it('reads an article laid out with <br> and full-width indents as paragraphs', () => {
    const html = `<html><head><title>示例市2022年法治政府建设年度报告</title></head><body><div id="zoom">　　2022年，示例市坚持依法行政，各项工作取得新成效。<br/>一、加强组织领导<br>　　市政府常务会议专题研究法治政府建设工作8次。<br>　　全市开展行政执法案卷评查1500余卷，纠正执法不规范问题231个。</div></body></html>`;
    expect(readHtml(html).blocks.map((b) => b.text)).toEqual(['2022年，示例市坚持依法行政，各项工作取得新成效。', '一、加强组织领导', '市政府常务会议专题研究法治政府建设工作8次。', '全市开展行政执法案卷评查1500余卷，纠正执法不规范问题231个。']);
  });
});

describe('an older page laid out in tables', () => {
  // The whole page is one table; the article sits in one cell, its paragraphs parted by <br>, under a row of
  // metadata and over a list of attached files and an infographic's caption.
  const html = `<html><head><title>示例县人民政府</title></head><body><table width="1000"><tr><td><font size="6"><b>示例县人民政府</b></font><br>示例县人民政府门户网站</td></tr>
<tr><td>当前位置：<a href="/">首页</a>&nbsp;&gt;&gt;&nbsp;<a href="/zwgk/">政务公开</a></td></tr>
<tr><td><table><tr><td align="center"><b>示例县人民政府关于2023年度法治政府建设情况的报告</b></td></tr>
<tr><td>发布日期：2024-03-19&nbsp;&nbsp;来源：县司法局&nbsp;&nbsp;点击数：<span>1386</span>&nbsp;【字体：<a>大</a> <a>中</a> <a>小</a>】</td></tr>
<tr><td class="content"><font face="宋体">&nbsp;&nbsp;&nbsp;&nbsp;２０２３年，县人民政府全面推进依法行政，法治政府建设取得新进展。</font><br><br>
<b>一、主要工作及成效</b><br><br>
&nbsp;&nbsp;&nbsp;&nbsp;（一）压实法治建设责任。县政府常务会议全年开展会前学法１２次。<br><br>
&nbsp;&nbsp;&nbsp;&nbsp;<span style="font-size:16px">全县行政复议机构收到行政复议申请１２３件，同比增长8.8%。</span><br><br>
一图读懂｜示例县2023年法治政府建设情况<br><br>
附件：<br><a href="/a.doc">1.示例县2023年度法治政府建设情况报告（正式文本）.doc</a><br><a href="/b.pdf">2.主要指标完成情况表.pdf</a></td></tr>
<tr><td align="center">【打印】 【关闭】</td></tr></table></td></tr>
<tr><td>主办单位：示例县人民政府办公室 备案号：某ICP备00000000号</td></tr></table></body></html>`;

  it('gives the paragraphs of the article cell, with the metadata row read and the attachments left out', () => {
    const page = readHtml(html);
    const texts = page.blocks.map((b) => b.text);
    expect(texts).toContain('一、主要工作及成效');
    expect(texts).toContain('（一）压实法治建设责任。县政府常务会议全年开展会前学法１２次。');
    expect(texts).toContain('全县行政复议机构收到行政复议申请１２３件，同比增长8.8%。');
    expect(page.meta).toMatchObject({ published: '2024-03-19', source: '县司法局' });
    for (const chrome of ['点击数', '附件', '.doc', '.pdf', '一图读懂', '【打印】', '备案号']) expect(texts.join('\n')).not.toContain(chrome);
  });
});

describe('pages in other shapes that sites publish', () => {
  const texts = (html: string) => readHtml(html).blocks.map((b) => b.text);

  it('rejoins paragraphs wrapped with <br> at a width, where paragraphs open with an indent', () => {
    const html = `<html><head><title>示例区2023年度法治政府建设年度报告</title></head><body><div id="zoom">&emsp;&emsp;2023年，示例区持续深化法治政<br>府建设，依法履职水平进一步提高。<br>&emsp;&emsp;一、主要举措<br>&emsp;&emsp;（一）规范执法行为。配备执法记录设备286台，重大执法决定法制审核率100<br>%。开展评查活动。<br></div></body></html>`;
    expect(texts(html)).toEqual(['2023年，示例区持续深化法治政府建设，依法履职水平进一步提高。', '一、主要举措', '（一）规范执法行为。配备执法记录设备286台，重大执法决定法制审核率100%。开展评查活动。']);
  });

  it('leaves out a reading of the report posted below it on the same page (【政策解读】, 问/答)', () => {
    const html = `<html><head><title>示例区2023年度法治政府建设情况报告</title></head><body><div id="zoom"><p>2023年，示例区全面推进依法行政，法治政府建设取得新进展。</p><p>一、主要工作</p><p>全区行政复议机构收到行政复议申请128件，审结120件。</p><p>二、下一步打算</p><p>示例区将持续深化法治政府建设。</p><p><b>【政策解读】一图读懂｜示例区2023年度法治政府建设情况报告</b></p><p>问：报告主要包括哪些内容？</p><p>答：报告总结了全年工作。</p></div></body></html>`;
    expect(texts(html)).toEqual(['2023年，示例区全面推进依法行政，法治政府建设取得新进展。', '一、主要工作', '全区行政复议机构收到行政复议申请128件，审结120件。', '二、下一步打算', '示例区将持续深化法治政府建设。']);
  });

  it('keeps a heading parted from its text by <br> in one <p> on its own line', () => {
    const html = `<html><head><title>示例县2023年度法治政府建设情况报告</title></head><body><div id="zoom"><p>&emsp;&emsp;2023年，示例县全面推进依法行政，法治政府建设取得新进展。</p><p>&emsp;&emsp;（一）加强制度建设<br>&emsp;&emsp;全年审查县政府规范性文件14件，提出修改意见52条。</p><p>&emsp;&emsp;<b>（二）规范行政执法</b><br>&emsp;&emsp;全县评查执法案卷215卷，优良率91%。</p></div></body></html>`;
    expect(texts(html)).toEqual(['2023年，示例县全面推进依法行政，法治政府建设取得新进展。', '（一）加强制度建设', '全年审查县政府规范性文件14件，提出修改意见52条。', '（二）规范行政执法', '全县评查执法案卷215卷，优良率91%。']);
  });

  it('reads a <pre> body as paragraphs parted by blank lines, its wrapped lines joined', () => {
    const html = `<html><head><title>示例县司法局</title></head><body><h2 class="tit">示例县司法局2022年度法治政府建设工作情况报告</h2><pre>\n　　2022年，示例县司法局认真履行统筹\n推进法治政府建设职责。\n\n　　一、主要做法和成效\n\n　　组织开展督察2轮，督促整改问题34\n个。\n</pre></body></html>`;
    const page = readHtml(html);
    // (The title line stays a block here; the import leaves it out of the body, as it equals the title.)
    expect(page.blocks.map((b) => b.text)).toEqual(['示例县司法局2022年度法治政府建设工作情况报告', '2022年，示例县司法局认真履行统筹推进法治政府建设职责。', '一、主要做法和成效', '组织开展督察2轮，督促整改问题34个。']);
    // The page <title> is only the site: the title is the <h2> above the article.
    expect(page.docTitle).toBe('示例县司法局2022年度法治政府建设工作情况报告');
  });

  it('splits `标题--网站` and reads a WeChat article without its follow prompt and credits, dated by publish_time', () => {
    expect(readHtml('<html><head><title>示例县２０２３年度法治政府建设情况报告--示例县人民政府</title></head><body><p>２０２３年，示例县全面推进依法行政，各项工作取得新进展。</p></body></html>').docTitle).toBe('示例县２０２３年度法治政府建设情况报告');
    const wechat = `<html><head><title>示例县2023年度法治政府建设情况报告</title></head><body><h1 class="rich_media_title">示例县2023年度法治政府建设情况报告</h1><em id="publish_time">2024-03-29 18:02</em><div id="js_content"><section><span>点击蓝字 关注我们</span></section><section><p>2023年，示例县司法局全面推进依法行政，法治政府建设取得新进展。</p><p>全年办理行政复议案件72件，办结68件，调解和解结案15件，行政机关负责人出庭应诉26件。</p></section><section><p>编辑：林小溪</p><p>审核：陈屏</p></section></div></body></html>`;
    const page = readHtml(wechat);
    expect(page.meta.published).toBe('2024-03-29');
    expect(page.blocks.map((b) => b.text)).toEqual(['2023年，示例县司法局全面推进依法行政，法治政府建设取得新进展。', '全年办理行政复议案件72件，办结68件，调解和解结案15件，行政机关负责人出庭应诉26件。']);
  });
});

describe('a page with sidebars of link lists', () => {
  it('gives the article only', () => {
    const side = `<div class="sidebar"><h3>相关文章</h3><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="#">示例市虚构区关于印发第${i}批行政执法事项清单和行政处罚裁量基准的通知</a><span>2024-0${1 + (i % 9)}-1${i % 9}</span></li>`).join('')}</ul></div><div class="hot"><h3>热点信息</h3>${Array.from({ length: 10 }, (_, i) => `<p><a href="#">虚构区召开第${i}次全面依法治区委员会会议，研究部署年度重点工作任务和措施</a></p>`).join('')}</div>`;
    const html = makeHtml().replace('<div class="footer">', `${side}<div class="footer">`);
    expect(readHtml(html).blocks.map((b) => b.text)).toEqual([...HTML_REPORT.paragraphs]);
  });
});

describe('a page saved in GBK', () => {
  /** GBK bytes for `text`, from the decoder's own table (Node has a GBK decoder but no encoder). */
  function gbk(text: string): Uint8Array {
    const decoder = new TextDecoder('gbk');
    const table = new Map<string, [number, number]>();
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) table.set(decoder.decode(new Uint8Array([a, b])), [a, b]);
    const out: number[] = [];
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
      else out.push(...(table.get(ch) ?? [0x3f]));
    }
    return new Uint8Array(out);
  }

  it('is decoded with the charset it declares', async () => {
    const { decodeHtml } = await import('../../src/import/read-html.js');
    const html = makeHtml().replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    const read = readHtml(decodeHtml(gbk(html)));
    expect(read.docTitle).toBe(HTML_REPORT.title);
    expect(read.blocks.map((b) => b.text)).toEqual([...HTML_REPORT.paragraphs]);
  });
});

describe('a page whose 索引号 block is label/value rows and whose title is split by <br>', () => {
  it('imports with the title, place and dates of the rows, and the article alone', async () => {
    const kb = tempKnowledge(true);
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-listpage-'));
    try {
      const file = join(dir, 'county.html');
      writeFileSync(file, makeListPageHtml());
      const [o] = await importFiles([file], { knowledgeDir: kb.dir, dryRun: true });
      if (o?.plan.action !== 'write') throw new Error(`not imported: ${JSON.stringify(o?.plan)}`);
      const fm = splitFrontMatter(o.plan.text);
      if (!fm.ok) throw new Error(fm.problem);
      expect(fm.meta).toMatchObject({ title: LIST_PAGE_REPORT.title, year: 2024, region: '虚构县', published: '2025-03-27', source: '虚构县人民政府' });
      expect(fm.body.split('\n').filter((l) => l.trim() !== '')).toEqual([...LIST_PAGE_REPORT.paragraphs]);
      for (const chrome of LIST_PAGE_CHROME) expect(fm.body).not.toContain(chrome);
    } finally {
      kb.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
