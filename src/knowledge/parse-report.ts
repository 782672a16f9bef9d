// Report text → sections, paragraphs and sentences. Structure comes from the Chinese numbering that reports use:
// `第一部分`, `一、`, `(一)`/`（一）`, `1.`/`1、`, `一是`, `(1)`/`（1）`, plus `#` marks for unnumbered headings
// (what the import writes for a Word file's bold or styled headings). Each style has a rank; a heading nests under
// the open headings of lower rank, so a report that skips a level (`一、` then `1.`) still nests correctly and
// depth is the nesting level. A heading may stand on its own line or open a paragraph (`(一)标题。正文…`); then
// the heading is the text up to the first `。`.
import type { AppliedCorrection, Paragraph, Section, Sentence } from './types.js';
import { splitSentences } from './split-sentences.js';

const CN = '一二三四五六七八九十百';
const HEADING_PATTERNS: { rank: number; re: RegExp; stops?: RegExp }[] = [
  { rank: 0, re: new RegExp(`^(第[${CN}]+(?:部分|章))[\\s:：、]*`, 'u') },
  { rank: 1, re: new RegExp(`^([${CN}]+、)\\s*`, 'u') },
  { rank: 2, re: new RegExp(`^([(（][${CN}]+[)）])\\s*`, 'u') },
  { rank: 3, re: /^(\d{1,2}[.．、](?!\d))\s*/u },
  // `一是…，二是…` lead lines: the title ends at the first clause break.
  { rank: 3.5, re: new RegExp(`^([${CN}]+是)(?=[^，,；;。])`, 'u'), stops: /[，,；;。:：]/u },
  { rank: 4, re: /^([(（]\d{1,2}[)）])\s*/u },
];

const INLINE_ENUMERATION = new RegExp(`[；;。，,]\\s*[${CN.slice(1)}]+是`, 'u');

/** `# 标题` … `#### 标题`: an unnumbered heading; its rank is fixed by where the first one appears. */
const MARKED_HEADING = /^(#{1,4})[ \t]*(?=\S)/u;

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
  /** The numbering style's rank: 0 `第一部分`, 1 `一、`, 2 `(一)`, 3 `1.`, 3.5 `一是`, 4 `(1)`; for `#` marks, -(number of #). */
  depth: number;
  number: string;
  /** Offset where the title starts. */
  titleStart: number;
  title: string;
  /** Offset where body text starts, or -1 when the line is only a heading. */
  bodyStart: number;
}

export function matchHeading(line: string): HeadingMatch | null {
  const marked = MARKED_HEADING.exec(line);
  if (marked) {
    const titleStart = marked[0].length;
    // `## 一、标题` (Markdown over numbering): the numbering decides.
    const numbered = matchHeading(line.slice(titleStart));
    if (numbered && numbered.depth >= 0) {
      return { ...numbered, titleStart: numbered.titleStart + titleStart, bodyStart: numbered.bodyStart === -1 ? -1 : numbered.bodyStart + titleStart };
    }
    // The section's title leaves out a closing 。 or ：, as numbered headings' titles do.
    const title = line.slice(titleStart).trim().replace(/[。：:]$/u, '');
    return title.length > 0 && title.length <= 80 ? { depth: -(marked[1]?.length ?? 1), number: '', titleStart, title, bodyStart: -1 } : null;
  }
  for (const { rank, re, stops } of HEADING_PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    // 一是…；二是…；三是… in one paragraph is an enumeration inside its section, not a section of its own.
    if (stops && INLINE_ENUMERATION.test(line)) return null;
    const titleStart = m[0].length;
    const rest = line.slice(titleStart);
    if (rest.trim().length === 0) return null;
    const stopAt = (stops ?? /。/u).exec(rest);
    const stop = stopAt ? stopAt.index : -1;
    // A long first sentence is prose that happens to start with a number, not a heading.
    if (stop === -1) return rest.length <= 80 ? { depth: rank, number: m[1] ?? '', titleStart, title: rest.trim(), bodyStart: -1 } : null;
    if (stop > 60 || stop === 0) return null;
    const title = rest.slice(0, stop).trim();
    const bodyStart = titleStart + stop + 1;
    // A numbered line that is one whole sentence stating figures (（1）全年受理诉求41.7万件，办结率98.9%。) is an item of
    // a list, not the title of a section.
    if (bodyStart >= line.length && STATES_FIGURES.test(title)) return null;
    return { depth: rank, number: m[1] ?? '', titleStart, title, bodyStart: bodyStart < line.length ? bodyStart : -1 };
  }
  return null;
}

/** A figure with its unit or a share: 41.7万件, 98.9%, １２３件. */
const STATES_FIGURES = /[\d０-９](?:[\d０-９.．]*)(?:万|亿)?(?:%|％|件|个|项|人|名|次|场|家|条|份|元|万元|亿元|天|小时|户|所|起|宗|卷)/u;

/** Parses the paragraphs of one report (already corrected) into its structure. */
export function parseReport(docId: string, inputs: ParagraphInput[]): ParsedStructure {
  const sections: Section[] = [];
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  const stack: { section: Section; rank: number }[] = []; // open headings, outermost first
  const counters: number[] = [];
  // `#` marks: a first one before any numbered heading opens a part above the numbering; one that comes after
  // numbered headings is their sibling at the top (存在问题, 下一步工作 after 一、二、). Deeper marks nest below.
  let markBase: number | null = null;
  const rankOf = (h: HeadingMatch): number => {
    if (h.depth >= 0) return h.depth;
    markBase ??= stack[0]?.rank ?? -0.55;
    return markBase + (-h.depth - 1) * 0.1;
  };
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
      const rank = rankOf(heading);
      while (stack.length > 0 && (stack[stack.length - 1]?.rank ?? 0) >= rank) stack.pop();
      const depth = stack.length + 1;
      counters[depth] = (counters[depth] ?? 0) + 1;
      counters.length = depth + 1;
      const parent = stack[stack.length - 1]?.section ?? null;
      // An unnumbered ancestor is named by its title, so the path still says where the section is.
      const numbers = [...stack.map((s) => s.section.number || `${s.section.title} `), heading.number].join('').trim();
      section = newSection({
        id: `${docId}/s${counters.slice(1, depth + 1).join('.')}`,
        docId,
        number: heading.number,
        title: heading.title,
        depth,
        path: numbers ? `${numbers} ${heading.title}` : heading.title,
        parentId: parent?.id ?? null,
        kind: 'body',
      });
      stack.push({ section, rank });
    } else if (stack.length === 0) {
      section = lead();
    } else if (index === lastBodyIndex && index > 0 && CLOSING_MARKERS.test(text)) {
      section = newSection({ id: `${docId}/closing`, docId, number: '', title: '结语', depth: 0, path: '结语', parentId: null, kind: 'closing' });
    } else {
      section = (stack[stack.length - 1] as { section: Section }).section;
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
