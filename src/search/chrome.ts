// Page chrome: what a government web page wraps around a report (the date banner, the breadcrumb, font and
// print buttons, "scan to open on your phone", the source and publish-time line). A report imported with its
// page keeps these lines; they state nothing about the work and must never be quoted as an answer
// (今天是:2024年3月28日 星期四 once "answered" 今天是星期几). Pure.

const CHROME: readonly RegExp[] = [
  // The date banner: 今天是:2024年3月28日 星期四 农历二月十九.
  /^(?:今天是|今天|今日|当前日期)[::]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u,
  /\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]/u,
  // Where the page sits: 您所在的位置:首页 > 政务公开 > 工作报告.
  /^(?:您(?:当前)?所在的?位置|当前位置|所在位置)[::]/u,
  // Buttons and links: 【字体:大 中 小】 打印本页 关闭窗口, 扫一扫在手机打开当前页, 无障碍 简体 | 繁体.
  /【?\s*字[体号][::]\s*[大中小]/u,
  /打印本页|关闭窗口|返回顶部|扫一扫在手机(?:上)?打开|在手机(?:上)?打开当前页|分享到[::]|无障碍\s*(?:浏览|阅读|模式)?\s*简体|简体\s*[|｜]\s*繁体/u,
  // The page's own metadata: 来源:… 发布时间:2024-03-28, 浏览次数:123.
  /^(?:信息)?来源[::].{0,40}(?:发布(?:时间|日期)|时间)[::]/u,
  /^(?:发布(?:时间|日期)|浏览次数|访问量|点击(?:数|量|率))[::]/u,
];

/** Whether a sentence is page chrome rather than report text. */
export function isPageChrome(text: string): boolean {
  const t = text.trim();
  return CHROME.some((re) => re.test(t));
}
