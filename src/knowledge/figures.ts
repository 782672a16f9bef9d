// Figures: every number with its unit in a sentence (`2551人次`, `97.2%`, `30余个`, `同比上升200%`,
// `连续6个月…排名第1`). Years, dates and list numbering are not figures.
import type { Figure, Sentence } from './types.js';

const UNITS = ['人次', '场次', '件次', '个月', '万元', '亿元', '%', '次', '件', '份', '个', '项', '人', '名', '家', '场', '期', '批', '村', '所', '条', '篇', '起', '宗', '元', '天', '户', '万'];
const UNIT_RE = UNITS.join('|');
const FIGURE_RE = new RegExp(`(\\d+(?:\\.\\d+)?)(余|多)?(${UNIT_RE})`, 'gu');

export function extractFigures(sentences: Sentence[]): Figure[] {
  const figures: Figure[] = [];
  for (const s of sentences) {
    if (s.heading) continue;
    FIGURE_RE.lastIndex = 0;
    for (let m = FIGURE_RE.exec(s.text); m; m = FIGURE_RE.exec(s.text)) {
      const [text, num = '', approx, unit = ''] = m;
      const value = Number(num);
      if (!Number.isFinite(value)) continue;
      const before = s.text.slice(0, m.index);
      const clauseStart = Math.max(before.lastIndexOf(','), before.lastIndexOf('，'), before.lastIndexOf('。')) + 1;
      const label = before.slice(clauseStart).replace(/^(在|向|对|有|共|累计|全市)/u, '').trim() || s.text.slice(m.index + text.length).split(/[,，。]/u)[0]?.trim() || '';
      figures.push({
        id: `${s.id}/f${figures.filter((f) => f.sentenceId === s.id).length + 1}`,
        docId: s.docId,
        sectionId: s.sectionId,
        sentenceId: s.id,
        value,
        unit,
        text,
        label,
        category: '其他',
        qualifiers: approx ? { approximate: true } : {},
      });
    }
  }
  return figures;
}
