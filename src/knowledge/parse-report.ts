// Report text → sections, paragraphs and sentences. Structure comes from the Chinese numbering
// `一、` (depth 1), `(一)` (depth 2) and `1.` (depth 3). A heading may stand on its own line or open a
// paragraph (`(一)标题。正文…`); then the heading is the text up to the first `。`.
import type { AppliedCorrection, Paragraph, Section, Sentence } from './types.js';
import { splitSentences } from './split-sentences.js';

const HEADING_PATTERNS: { depth: number; re: RegExp }[] = [
  { depth: 1, re: /^([一二三四五六七八九十百]+、)\s*/u },
  { depth: 2, re: /^([(（][一二三四五六七八九十百]+[)）])\s*/u },
  { depth: 3, re: /^(\d{1,2}[.．、](?!\d))\s*/u },
];

// Closing paragraphs of Chinese work reports look ahead ("下一步", "接下来") or sum up problems.
const CLOSING_MARKERS = /下一步|接下来|今后|存在[^。]{0,12}(问题|不足)|展望/u;

export interface ParagraphInput {
  text: string;
  corrections: AppliedCorrection[];
  /** [start, end) ranges of `text` that reviewed corrections wrote. */
  correctedRanges: [number, number][];
}

export interface ParsedStructure {
  sections: Section[];
  paragraphs: Paragraph[];
  sentences: Sentence[];
}

interface HeadingMatch {
  depth: number;
  number: string;
  /** Offset where the title starts. */
  titleStart: number;
  title: string;
  /** Offset where body text starts, or -1 when the line is only a heading. */
  bodyStart: number;
}

export function matchHeading(line: string): HeadingMatch | null {
  for (const { depth, re } of HEADING_PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const titleStart = m[0].length;
    const rest = line.slice(titleStart);
    if (rest.trim().length === 0) return null;
    const stop = rest.indexOf('。');
    // A long first sentence is prose that happens to start with a number, not a heading.
    if (stop === -1) return rest.length <= 80 ? { depth, number: m[1] ?? '', titleStart, title: rest.trim(), bodyStart: -1 } : null;
    if (stop > 60) return null;
    const title = rest.slice(0, stop).trim();
    const bodyStart = titleStart + stop + 1;
    return { depth, number: m[1] ?? '', titleStart, title, bodyStart: bodyStart < line.length ? bodyStart : -1 };
  }
  return null;
}

/** Parses the paragraphs of one report (already corrected) into its structure. */
export function parseReport(docId: string, inputs: ParagraphInput[]): ParsedStructure {
  const sections: Section[] = [];
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  const stack: Section[] = []; // open sections by depth
  const counters: number[] = [0, 0, 0, 0];
  const sectionParagraphs = new Map<string, number>();

  const newSection = (s: Omit<Section, 'order'>): Section => {
    const section: Section = { ...s, order: sections.length };
    sections.push(section);
    return section;
  };
  const lead = (): Section =>
    sections.find((s) => s.kind === 'lead') ??
    newSection({ id: `${docId}/lead`, docId, number: '', title: '导语', depth: 0, path: '导语', parentId: null, kind: 'lead' });

  const lastBodyIndex = inputs.length - 1;
  inputs.forEach((input, index) => {
    const text = input.text;
    const heading = matchHeading(text);
    let section: Section;
    if (heading) {
      while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? 0) >= heading.depth) stack.pop();
      counters[heading.depth] = (counters[heading.depth] ?? 0) + 1;
      for (let d = heading.depth + 1; d < counters.length; d++) counters[d] = 0;
      const parent = stack[stack.length - 1] ?? null;
      const numbers = [...stack.map((s) => s.number), heading.number].join('');
      section = newSection({
        id: `${docId}/s${counters.slice(1, heading.depth + 1).join('.')}`,
        docId,
        number: heading.number,
        title: heading.title,
        depth: heading.depth,
        path: `${numbers} ${heading.title}`,
        parentId: parent?.id ?? null,
        kind: 'body',
      });
      stack.push(section);
    } else if (stack.length === 0) {
      section = lead();
    } else if (index === lastBodyIndex && index > 0 && CLOSING_MARKERS.test(text)) {
      section = newSection({ id: `${docId}/closing`, docId, number: '', title: '结语', depth: 0, path: '结语', parentId: null, kind: 'closing' });
    } else {
      section = stack[stack.length - 1] as Section;
    }

    const pIndex = sectionParagraphs.get(section.id) ?? 0;
    sectionParagraphs.set(section.id, pIndex + 1);
    const paragraph: Paragraph = {
      id: `${section.id}/p${pIndex + 1}`,
      docId,
      sectionId: section.id,
      text,
      order: paragraphs.length,
      corrections: input.corrections,
    };
    paragraphs.push(paragraph);

    const spans = heading
      ? [
          { start: heading.titleStart, text: text.slice(heading.titleStart, heading.bodyStart === -1 ? text.length : heading.bodyStart).trim(), heading: true },
          ...(heading.bodyStart === -1 ? [] : splitSentences(text.slice(heading.bodyStart), heading.bodyStart).map((s) => ({ ...s, heading: false }))),
        ]
      : splitSentences(text).map((s) => ({ ...s, heading: false }));
    spans.forEach((span, i) => {
      sentences.push({
        id: `${paragraph.id}/t${i + 1}`,
        docId,
        sectionId: section.id,
        paragraphId: paragraph.id,
        text: span.text,
        start: span.start,
        heading: span.heading,
        corrected: input.correctedRanges.some(([a, b]) => a < span.start + span.text.length && b > span.start),
        order: sentences.length,
      });
    });
  });
  return { sections, paragraphs, sentences };
}
