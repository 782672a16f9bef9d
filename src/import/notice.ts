// A report published inside a notice (关于印发《某县2023年度法治政府建设情况报告》的通知): the notice's own lines (its
// number, addressees, the 印发 sentence, the issuing office and date) come before the report, which follows as the
// attachment, often under its own title line. The report is the attachment. Pure.
import type { Block } from './blocks.js';

const NOTICE = /印发\s*[《〈]([^》〉]{4,80})[》〉]\s*的?通知/u;
/** The line that opens the attachment: `附件`, `附件1：`. */
const ATTACHMENT_MARK = /^附\s*件\s*\d*\s*[:：]?\s*$/u;
const same = (a: string, b: string) => a.replace(/\s+/gu, '') === b.replace(/\s+/gu, '');

/** The report inside a notice: its title (from the notice's 《》) and its blocks from where the attachment starts. */
export function unwrapNotice(title: string | undefined, blocks: readonly Block[]): { title: string; blocks: Block[] } | null {
  const m = title ? NOTICE.exec(title) : null;
  if (!m) return null;
  const inner = m[1]!.trim();
  // The attachment starts at its own title line, else right after the 附件 mark; with neither, the notice's lines
  // cannot be told from the report's and all of it is kept.
  const at = blocks.findIndex((b) => same(b.text, inner));
  if (at >= 0) return { title: inner, blocks: blocks.slice(at + 1) };
  const mark = blocks.findIndex((b) => ATTACHMENT_MARK.test(b.text.trim()));
  return { title: inner, blocks: mark >= 0 ? blocks.slice(mark + 1) : [...blocks] };
}
