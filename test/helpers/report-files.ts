// Fictional reports in the forms they are published in: a Word file (docx), a PDF set in a CJK font (pdfkit with
// WenQuanYi Micro Hei from Debian's fonts-wqy-microhei), a saved government web page with its furniture, and text
// copied from a page. The places (示例市, 示例市虚构区) and every figure are invented.
import { existsSync } from 'node:fs';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';

export const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const CJK_FONT_NAME = 'WenQuanYiMicroHei';

export function cjkFontAvailable(): boolean {
  return existsSync(CJK_FONT);
}

/** The Word report: a Title-style title, bold unnumbered headings, numbered ones, 一是/二是 lines and （1）. */
export const DOCX_REPORT = {
  title: '示例市虚构区2023年法治政府建设年度报告',
  opening: '2023年，虚构区在区委、区政府的领导下，坚持依法行政，法治政府建设取得积极进展，现将有关情况报告如下。',
  sections: [
    {
      bold: '一、主要工作和成效',
      paras: [
        '（一）深化行政审批制度改革。全区梳理公布政务服务事项清单1234项，网上可办率达到97.5%。',
        '（二）推进严格规范公正文明执法。',
        '一是开展执法人员培训，全年培训行政执法人员860人次，考试合格率100%。',
        '二是推行行政执法“三项制度”，公示行政执法决定4321条。',
        '（三）加强矛盾纠纷多元化解。',
        '（1）人民调解。全区人民调解组织调解矛盾纠纷2468件，调解成功率98.2%。',
        '（2）行政复议。区政府收到行政复议申请57件，审结52件。',
      ],
    },
    {
      bold: '存在问题',
      paras: ['虚构区法治政府建设仍存在一些不足，基层执法力量较为薄弱，执法人员专业化水平有待提升。'],
    },
    {
      bold: '下一步工作打算',
      paras: ['下一步，虚构区将持续深化法治政府建设，推动各项工作再上新台阶。'],
    },
  ],
} as const;

export async function makeDocx(report: typeof DOCX_REPORT = DOCX_REPORT): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(report.title)] }),
    new Paragraph({ children: [new TextRun(report.opening)] }),
  ];
  for (const s of report.sections) {
    children.push(new Paragraph({ children: [new TextRun({ text: s.bold, bold: true })] }));
    for (const p of s.paras) {
      // A lead line like 一是… is bold only for its lead, as Word reports set it: not a whole-bold paragraph.
      const lead = /^[一二三四五六七八九十]是/u.exec(p);
      children.push(new Paragraph({ children: lead ? [new TextRun({ text: lead[0], bold: true }), new TextRun(p.slice(lead[0].length))] : [new TextRun(p)] }));
    }
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** The PDF report: a running header and a "- n -" footer on every page, sentences broken across lines and pages. */
export const PDF_REPORT = {
  header: '示例市人民政府文件',
  title: '示例市2022年法治政府建设年度报告',
  opening:
    '2022年，示例市坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实习近平法治思想，统筹推进法治政府建设各项工作，取得了明显成效，现将有关情况报告如下。',
  body: [
    '一、加强组织领导',
    '市政府常务会议专题研究法治政府建设工作8次，市政府主要负责人认真履行推进法治建设第一责任人职责，全年组织开展法治专题学习12场，参加人数达到3600人次，各级领导干部学法用法的自觉性明显增强。',
    '市政府健全法治政府建设推进机制，将法治政府建设纳入全市经济社会发展总体规划和年度工作计划，与经济社会发展同部署、同推进、同督促、同考核、同奖惩，推动形成了党委统一领导、政府组织实施、部门协同配合的工作格局。',
    '二、推进依法行政',
    '1.规范重大行政决策。全市各级行政机关对重大行政决策事项开展合法性审查356件，组织公众参与和专家论证的决策事项占比达到100%，决策的科学性、民主性、合法性得到有效保障。',
    '2.加强行政执法监督。全市开展行政执法案卷评查1500余卷，纠正执法不规范问题231个，行政执法人员持证上岗率达到99.3%，严格规范公正文明执法水平持续提升。',
    '3.深化政务公开。全市各级行政机关主动公开政府信息28000余条，办理依申请公开事项420件，按期答复率达到100%，政府信息公开工作的规范化、标准化水平进一步提升，人民群众的知情权、参与权、表达权和监督权得到有效保障。',
    '三、下一步工作安排',
    '下一步，示例市将继续坚持依法行政，加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府。',
  ],
};

/** A PDF with `repeat` copies of the body (for the bench), set in WenQuanYi Micro Hei with a running header/footer. */
export async function makePdf(opts: { repeat?: number; report?: typeof PDF_REPORT } = {}): Promise<Buffer> {
  const report = opts.report ?? PDF_REPORT;
  if (!cjkFontAvailable()) throw new Error(`${CJK_FONT} is missing: install Debian's fonts-wqy-microhei (apt-get install fonts-wqy-microhei)`);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 80, bottom: 80, left: 72, right: 72 }, bufferPages: true, info: { Title: '' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont(CJK_FONT_NAME, CJK_FONT, 'WenQuanYiMicroHei');
  doc.font(CJK_FONT_NAME);
  const width = doc.page.width - 144;
  doc.fontSize(18).text(report.title, { align: 'center', width });
  doc.moveDown();
  // Large type, so that even the short report runs over pages and a paragraph breaks across a page.
  doc.fontSize(18);
  for (let r = 0; r < (opts.repeat ?? 1); r++) {
    for (const p of [report.opening, ...report.body]) {
      const heading = /^[一二三四五六七八九十]+、/u.test(p);
      doc.text(p, { width, indent: heading ? 0 : 36, align: 'left', lineGap: 4 });
      doc.moveDown(0.5);
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Header and footer sit in the margins: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.fontSize(9).text(report.header, 72, 40, { width, align: 'center', lineBreak: false });
    doc.fontSize(9).text(`- ${i + 1} -`, 72, doc.page.height - 50, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/** A PDF of a scanned page: drawing only, no text layer. */
export async function makeScannedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let i = 0; i < 20; i++) doc.rect(72, 80 + i * 30, 400, 12).fill('#333');
  doc.end();
  return done;
}

/** The web page report: a district government page with the usual furniture around the article. */
export const HTML_REPORT = {
  title: '示例市虚构区2024年全面依法治区工作情况报告',
  paragraphs: [
    '2024年，虚构区深入学习贯彻习近平法治思想，全面依法治区工作取得新进展。',
    '一、强化法治建设统筹',
    '（一）完善工作机制。区委全面依法治区委员会召开全体会议2次，印发年度工作要点1份，明确重点任务36项。',
    '（二）落实第一责任人职责。全区42个部门主要负责人完成年度述法，述法覆盖率100%。',
    '二、推进基层依法治理',
    '（一）深化法治乡村建设。新增省级民主法治示范村5个，培育农村“法律明白人”880名。',
    '（二）加强公共法律服务。全区公共法律服务中心接待群众咨询11200人次，办理法律援助案件618件。',
    '三、下一步工作',
    '接下来，虚构区将进一步压实责任，推动全面依法治区各项任务落地见效。',
  ],
} as const;

/** The chrome sentences the page carries; none may ever reach a knowledge file or an answer. */
export const HTML_CHROME = [
  '今天是:2024年4月1日 星期一 农历二月廿三',
  '无障碍 简体| 繁体',
  '您所在的位置:政务公开 > 工作报告',
  '来源:虚构区人民政府办公室 发布时间:2025-03-28',
  '【字体:大 中 小】',
  '打印本页',
  '关闭窗口',
  '扫一扫在手机打开当前页',
  '分享到:',
] as const;

export interface PageReport {
  title: string;
  paragraphs: readonly string[];
}

export function makeHtml(report: PageReport = HTML_REPORT, opts: { charset?: 'utf-8' } = {}): string {
  const p = report.paragraphs.map((t) => (/^[一二三四五六七八九十]+、/u.test(t) ? `<p><strong>${t}</strong></p>` : `<p style="text-indent:2em">　　${t}</p>`)).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="${opts.charset ?? 'utf-8'}">
<title>${report.title}_工作报告_示例市虚构区人民政府</title>
<meta name="SiteName" content="示例市虚构区人民政府">
<meta name="ColumnName" content="工作报告">
<script>var _hmt = _hmt || [];</script>
</head><body>
<div class="topbar"><span>${HTML_CHROME[0]}</span> <a href="#">无障碍</a> <a href="#">简体</a>| <a href="#">繁体</a></div>
<div class="header"><a href="#">首页</a> <a href="#">政务公开</a> <a href="#">政务服务</a> <a href="#">互动交流</a></div>
<div class="crumb">您所在的位置:<a href="#">政务公开</a> &gt; <a href="#">工作报告</a></div>
<table class="xxgk">
<tr><td>索引号</td><td>11000000XX0000000X/2025-00012</td><td>发文字号</td><td>虚政报〔2025〕3号</td></tr>
<tr><td>发布机构</td><td>示例市虚构区人民政府</td><td>成文日期</td><td>2025-03-20</td></tr>
<tr><td>发布日期</td><td>2025-03-28</td><td>主题分类</td><td>工作报告</td></tr>
</table>
<div class="article">
<h1 class="title">${report.title}</h1>
<div class="info">来源:虚构区人民政府办公室 发布时间:2025-03-28 <span>【字体:<a>大</a> <a>中</a> <a>小</a>】</span></div>
<div class="content" id="zoom">
${p}
</div>
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="qrcode">扫一扫在手机打开当前页</div>
<div class="share">分享到:<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
</div>
<div class="footer"><p>主办单位:示例市虚构区人民政府办公室 版权所有 网站标识码:0000000000 虚ICP备00000000号</p></div>
</body></html>`;
}

/** Text copied from the page by hand: furniture lines and all, no front matter. */
export function copiedText(report: PageReport = HTML_REPORT): string {
  return [HTML_CHROME[0], HTML_CHROME[1], HTML_CHROME[2], report.title, HTML_CHROME[3], HTML_CHROME[4], ...report.paragraphs.map((t) => `　　${t}`), '打印本页 关闭窗口', HTML_CHROME[7], HTML_CHROME[8]].join('\n');
}

/**
 * Text copied from pages of other site layouts, each with its own furniture. Every place, office, number and date is
 * invented; the layouts are those of Chinese government sites.
 */
export const COPIED_PAGES = {
  /** The 索引号 table copied with its cell borders and spaced-out keys; the report's name is only in the table. */
  table: {
    text: [
      '索 引 号 | 000000000XX/2025-00001 | 主题分类 | 法治政府 |',
      '发文字号 | 虚政报〔2025〕1号 | 制发机构 | 示例市虚构区人民政府 |',
      '有效性 | |||',
      '成文日期 | 2025-03-20 | 发布日期 | 2025-03-26 |',
      '标 题 | 示例市虚构区2024年度法治政府建设情况报告 |',
      '2024年，虚构区坚持依法行政，法治政府建设各项工作取得新成效，现将有关情况报告如下。',
      '一、主要工作',
      '全区办理行政复议案件31件，审结29件。',
    ].join('\n'),
    expected: { title: '示例市虚构区2024年度法治政府建设情况报告', year: 2024, region: '虚构区', published: '2025-03-26' },
    body: ['2024年，虚构区坚持依法行政，法治政府建设各项工作取得新成效，现将有关情况报告如下。', '一、主要工作', '全区办理行政复议案件31件，审结29件。'],
  },
  /** The 索引号 block as a list with each value on the line below its key, then the title and the report. */
  list: {
    text: [
      '返回顶部',
      '  • 索引号:',
      '    000000000XX/2025-00002',
      '  • 主题分类:',
      '',
      '  • 发文机构:',
      '    虚构县人民政府',
      '  • 发文字号:',
      '    虚政发〔2025〕2号',
      '  • 发布日期:',
      '    2025年03月27日 10:20',
      '  • 内容概述:',
      '',
      '虚构县2024年法治政府建设工作报告',
      '2024年，虚构县深入推进依法行政，现将有关情况报告如下。',
      '一、推进严格规范公正文明执法',
      '全县开展行政执法案卷评查320卷。',
    ].join('\n'),
    expected: { title: '虚构县2024年法治政府建设工作报告', year: 2024, region: '虚构县', published: '2025-03-27', source: '虚构县人民政府' },
    body: ['2024年，虚构县深入推进依法行政，现将有关情况报告如下。', '一、推进严格规范公正文明执法', '全县开展行政执法案卷评查320卷。'],
  },
  /** A menu, a breadcrumb without its label, the site's name, size switches, 浏览量, and a footer of short labels. */
  portal: {
    text: [
      '首页 | 政务公开 | 政务服务 | 互动交流 | 走进虚构区',
      '示例市虚构区人民政府门户网站',
      '首页 > 政务公开 > 法治政府建设',
      '关于2024年度法治政府建设情况的报告',
      '字体大小:【',
      '发布时间：2025-03-28 信息来源：虚构区司法局 浏览量：321',
      '【 扫一扫 】',
      '2024年，虚构区坚持以法治思维推动工作，法治政府建设取得积极成效，现报告如下。',
      '一、加强组织领导',
      '区政府常务会议专题研究法治政府建设工作4次。',
      '上一篇 示例市虚构区2023年度法治政府建设情况报告',
      '下一篇 暂无',
      '相关文件',
      '主办：示例市虚构区人民政府办公室 维护：虚构区大数据中心',
    ].join('\n'),
    expected: { title: '关于2024年度法治政府建设情况的报告', year: 2024, region: '虚构区', published: '2025-03-28', source: '虚构区司法局' },
    body: ['2024年，虚构区坚持以法治思维推动工作，法治政府建设取得积极成效，现报告如下。', '一、加强组织领导', '区政府常务会议专题研究法治政府建设工作4次。'],
  },
  /** The issuing office on one line and the rest of the title on the next. */
  officeOverTitle: {
    text: ['虚构县人民政府', '2023年度法治政府建设情况报告', '2023年，县政府全面落实法治政府建设各项任务，现将有关情况报告如下。', '一、依法全面履行政府职能', '全县梳理公布权责清单事项2100项。'].join('\n'),
    expected: { title: '虚构县人民政府2023年度法治政府建设情况报告', year: 2023, region: '虚构县' },
    body: ['2023年，县政府全面落实法治政府建设各项任务，现将有关情况报告如下。', '一、依法全面履行政府职能', '全县梳理公布权责清单事项2100项。'],
  },
  /** A title broken over two lines, on the page's 繁體 version. */
  brokenTitle: {
    text: ['示例市2022年度法治政府建設', '工作情況的報告', '2022年，我市堅持依法行政，法治政府建設取得新成效。現將工作情況報告如下：', '一、堅持黨的領導', '市政府常務會議研究法治政府建設工作6次。'].join('\n'),
    expected: { title: '示例市2022年度法治政府建設工作情況的報告', year: 2022, region: '示例市' },
    body: ['2022年，我市堅持依法行政，法治政府建設取得新成效。現將工作情況報告如下：', '一、堅持黨的領導', '市政府常務會議研究法治政府建設工作6次。'],
  },
} as const;

/** A county page of another CMS: the 索引号 block as label/value rows, the title split by <br>, a footer of labels. */
export const LIST_PAGE_REPORT = {
  title: '虚构县2024年法治政府建设工作报告',
  paragraphs: [
    '2024年，虚构县深入推进依法行政，法治政府建设各项工作取得新成效，现将有关情况报告如下。全县上下坚持以法治思维和法治方式推动发展，各项工作稳步推进。',
    '一、推进严格规范公正文明执法',
    '全县开展行政执法案卷评查320卷，发现并整改问题41个，行政执法人员持证上岗率达到100%，执法规范化水平持续提升。',
    '二、加强行政复议和应诉工作',
    '全县办理行政复议案件18件，审结17件，行政机关负责人出庭应诉率达到100%，行政争议实质性化解水平进一步提高。',
  ],
} as const;

export const LIST_PAGE_CHROME = ['今天是2025年3月28日', '长者模式', '首页 > 政务公开', '字体大小', '【打印文章】', '分享到', '上一篇', '下一篇', '主办：', '邮编', '位访客'] as const;

export function makeListPageHtml(): string {
  const r = LIST_PAGE_REPORT;
  const p = r.paragraphs.map((t) => (/^[一二三四五六七八九十]+、/u.test(t) ? `<p><strong>${t}</strong></p>` : `<p>${t}</p>`)).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>虚构县人民政府</title></head><body>
<div class="top">今天是2025年3月28日 <a>无障碍</a> <a>长者模式</a></div>
<div class="nav"><a>首页</a> | <a>政务公开</a> | <a>政务服务</a> | <a>互动交流</a></div>
<div class="crumb">首页 &gt; 政务公开 &gt; 法定主动公开内容</div>
<div class="xxgk">
<div class="row"><label>索引号：</label><div>000000000XX/2025-00002</div></div>
<div class="row"><label>发文机构：</label><div>虚构县人民政府</div></div>
<div class="row"><label>发布日期：</label><div>2025年03月27日</div></div>
<div class="row"><label>标  题：</label><div>${r.title}</div></div>
</div>
<div class="article">
<h1>虚构县2024年法治政府建设<br>工作报告</h1>
<div class="tools">字体大小:【<a>大</a> <a>中</a> <a>小</a>】 <a>【打印文章】</a> <a>【关闭窗口】</a></div>
<div id="zoom">
${p}
</div>
<div class="share">分享到： <a>微信</a> <a>微博</a></div>
<div class="pn">上一篇 虚构县2023年法治政府建设工作报告</div>
<div class="pn">下一篇 暂无</div>
</div>
<div class="footer">主办：虚构县人民政府办公室 维护：虚构县大数据中心<br>地址：虚构县某某路1号 邮编：000000 电话：0000-0000000<br>您是第 12345 位访客</div>
</body></html>`;
}
