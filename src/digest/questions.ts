// Questions one could ask the bot about a section, built only from the section's own words: figure labels
// ("…是多少?", "…多少件?") and the section title ("清远市如何…?"). No invented facts: a question is a prompt,
// and the planner can keep only the ones the answer engine really answers from this section.
import type { Figure } from '../knowledge/types.js';
import type { SectionMaterial } from './sections.js';

const MAX_QUESTION = 40;
const MIN_LABEL = 5;

function figureQuestion(f: Figure, sentenceText: string): string | null {
  const label = f.label.trim();
  if (label.length < MIN_LABEL || /[0-9]/u.test(label) || /[、和与及,,;;::]$/u.test(label) || /^[、,,]/u.test(label)) return null;
  const after = sentenceText.indexOf(f.text + label) >= 0;
  let q: string;
  if (f.qualifiers.rank !== undefined) q = `${label}排名第几?`;
  else if (f.qualifiers.change && f.unit === '%') q = `${label}${f.qualifiers.change}多少?`; // "同比上升200%"
  else if (after) q = `多少${f.unit}${label}?`; // "2个村被命名为…" → "多少个村被命名为…?"
  else if (f.unit === '%') q = /(为|是|达|达到)$/u.test(label) ? `${label}多少?` : `${label}是多少?`;
  else q = `${label}多少${f.unit}?`; // "公示行政执法决定177817次" → "公示行政执法决定多少次?"
  return q.length <= MAX_QUESTION ? q : null;
}

function titleQuestions(m: SectionMaterial): string[] {
  const first = m.section.title.split(/[,,;;]/u)[0]?.replace(/[。.]$/u, '').trim() ?? '';
  if (first.length < 4) return [];
  const who = m.doc.meta.region ?? '';
  return [`${who}如何${first}?`, `${first}有哪些具体举措?`].filter((q) => q.length <= MAX_QUESTION + 10);
}

/**
 * Candidate questions, best first: figure questions (figures in `preferSentences` first) interleaved with
 * title questions, so that two picks usually give one "how much" and one "how".
 */
export function candidateQuestions(m: SectionMaterial, preferSentences: ReadonlySet<string>): string[] {
  const text = new Map(m.sentences.map((s) => [s.id, s.text]));
  const figures = [...m.figures].sort((a, b) => Number(preferSentences.has(b.sentenceId)) - Number(preferSentences.has(a.sentenceId)));
  const byFigure = figures.map((f) => figureQuestion(f, text.get(f.sentenceId) ?? '')).filter((q): q is string => q !== null);
  const byTitle = titleQuestions(m);
  const out: string[] = [];
  for (let i = 0; i < Math.max(byFigure.length, byTitle.length); i++) {
    for (const q of [byFigure[i], byTitle[i]]) if (q !== undefined && !out.includes(q)) out.push(q);
  }
  return out;
}
