// Source integrity: defaced government pages carry injected gambling/porn/fraud terms. Every paragraph is
// checked against the spam lexicon; a hit must be resolved by a reviewed correction (the text the report
// really said) or a reviewed exclusion (the term is legitimate there). Unresolved hits fail the build.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { createScrubber, type Scrubber } from './redact.js';
import type { AppliedCorrection, IntegrityNote } from './types.js';

const reviewed = {
  document: z.string().min(1),
  reason: z.string().trim().min(1),
  reviewer: z.string().trim().min(1),
  date: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
};

const correctionSchema = z.object({
  ...reviewed,
  original: z.string().min(1),
  replacement: z.string().min(1),
  /** When set, the number of occurrences the reviewer expects; a different count fails the build. */
  occurrences: z.number().int().positive().optional(),
});

const exclusionSchema = z.object({
  ...reviewed,
  term: z.string().min(1),
  /** Optional: a snippet of the paragraph the exclusion applies to; without it, the whole document. */
  paragraph: z.string().min(1).optional(),
});

export const reviewFileSchema = z.object({
  corrections: z.array(correctionSchema).default([]),
  exclusions: z.array(exclusionSchema).default([]),
});

export type ReviewFile = z.infer<typeof reviewFileSchema>;
export type Correction = z.infer<typeof correctionSchema>;

/** Parses `corrections.yaml`; returns problems rather than throwing so the build can list them all. */
export function parseReviewFile(text: string | null): { review: ReviewFile; problems: string[] } {
  if (text === null) return { review: { corrections: [], exclusions: [] }, problems: [] };
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (e) {
    return { review: { corrections: [], exclusions: [] }, problems: [`corrections.yaml is not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  const parsed = reviewFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return {
      review: { corrections: [], exclusions: [] },
      problems: [`corrections.yaml: ${issues.join('; ')} (each entry needs document, original/replacement or term, reason, reviewer, date YYYY-MM-DD)`],
    };
  }
  return { review: parsed.data, problems: [] };
}

/** Normalises for matching: lower case, no white space, full-width Latin/digits folded to ASCII. */
export function normalizeForLexicon(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

const finders = new WeakMap<readonly string[], Scrubber>();
/** The output scrub's matcher for a lexicon (it sees through traditional forms and invisible characters), built once. */
function disguiseFinder(lexicon: readonly string[]): Scrubber {
  let f = finders.get(lexicon);
  if (!f) finders.set(lexicon, (f = createScrubber(lexicon)));
  return f;
}

export function parseLexicon(text: string): string[] {
  const terms = text
    .split(/\r?\n/u)
    .map((l) => l.replace(/#.*$/u, '').trim())
    .filter((l) => l.length > 0)
    .map(normalizeForLexicon);
  return [...new Set(terms)];
}

/** Lexicon terms found in the text. */
export function findSpamTerms(text: string, lexicon: readonly string[]): string[] {
  const normalized = normalizeForLexicon(text);
  return lexicon.filter((term) => normalized.includes(term));
}

export interface CorrectedParagraph {
  text: string;
  corrections: AppliedCorrection[];
  correctedRanges: [number, number][];
}

export interface IntegrityResult {
  paragraphs: CorrectedParagraph[];
  /** Notes for resolved hits; `paragraphIndex` is replaced by the paragraph id once the structure is known. */
  notes: (Omit<IntegrityNote, 'paragraphId'> & { paragraphIndex: number })[];
  problems: string[];
  /** Non-fatal: corrections that matched nothing (stale review entries). */
  warnings: string[];
}

/**
 * Applies the reviewed corrections for one document to its paragraphs, then checks every paragraph against
 * the lexicon. `file` is the document's file name, as review entries name it.
 */
export function checkIntegrity(file: string, docId: string, rawParagraphs: string[], lexicon: readonly string[], review: ReviewFile): IntegrityResult {
  const corrections = review.corrections.filter((c) => c.document === file);
  const exclusions = review.exclusions.filter((e) => e.document === file);
  const problems: string[] = [];
  const warnings: string[] = [];
  const notes: IntegrityResult['notes'] = [];
  const used = new Map<Correction, number>();

  const paragraphs = rawParagraphs.map((raw, index): CorrectedParagraph => {
    let text = raw;
    const applied: AppliedCorrection[] = [];
    let ranges: [number, number][] = [];
    for (const c of corrections) {
      if (!text.includes(c.original)) continue;
      const parts = text.split(c.original);
      used.set(c, (used.get(c) ?? 0) + parts.length - 1);
      // Rebuild the text, shifting earlier ranges and recording where each replacement lands.
      const shifted: [number, number][] = [];
      let out = '';
      let oldPos = 0;
      parts.forEach((part, i) => {
        const newStart = out.length;
        for (const [a, b] of ranges) {
          if (a >= oldPos && b <= oldPos + part.length) shifted.push([a - oldPos + newStart, b - oldPos + newStart]);
        }
        out += part;
        oldPos += part.length;
        if (i < parts.length - 1) {
          shifted.push([out.length, out.length + c.replacement.length]);
          out += c.replacement;
          oldPos += c.original.length;
        }
      });
      text = out;
      ranges = shifted;
      applied.push({ original: c.original, replacement: c.replacement, reason: c.reason, reviewer: c.reviewer, date: c.date });
      for (const term of findSpamTerms(c.original, lexicon)) {
        notes.push({ docId, paragraphIndex: index, term, resolution: 'corrected', replacement: c.replacement, reason: c.reason, reviewer: c.reviewer, date: c.date });
      }
    }
    // A term disguised in the report itself (traditional script, invisible characters inside it) is a hit too; the
    // problem gives the original exactly as written, as a JSON string (valid YAML), so that a correction can match it.
    for (const { written, term } of disguiseFinder(lexicon).find(text)) {
      if (findSpamTerms(written, lexicon).length > 0) continue; // written plainly: checked below
      const exclusion = exclusions.find((e) => e.term === written && (!e.paragraph || raw.includes(e.paragraph)));
      if (exclusion) {
        notes.push({ docId, paragraphIndex: index, term, resolution: 'excluded', reason: exclusion.reason, reviewer: exclusion.reviewer, date: exclusion.date });
        continue;
      }
      const at = text.indexOf(written);
      problems.push(
        `${file}, paragraph ${index + 1}: spam term "${term}" disguised (traditional script or invisible characters) in "…${text.slice(Math.max(0, at - 15), at + written.length + 15)}…". ` +
          `Add a reviewed correction with original: ${JSON.stringify(written)} (or an exclusion with that term) to corrections.yaml.`,
      );
    }
    for (const term of findSpamTerms(text, lexicon)) {
      const exclusion = exclusions.find((e) => normalizeForLexicon(e.term) === term && (!e.paragraph || raw.includes(e.paragraph)));
      if (exclusion) {
        notes.push({ docId, paragraphIndex: index, term, resolution: 'excluded', reason: exclusion.reason, reviewer: exclusion.reviewer, date: exclusion.date });
      } else {
        const at = normalizeForLexicon(text).indexOf(term);
        const snippet = normalizeForLexicon(text).slice(Math.max(0, at - 15), at + term.length + 15);
        problems.push(
          `${file}, paragraph ${index + 1}: spam term "${term}" in "…${snippet}…". Add a reviewed correction (original, replacement, reason, reviewer, date) or exclusion to corrections.yaml.`,
        );
      }
    }
    return { text, corrections: applied, correctedRanges: ranges };
  });

  for (const c of corrections) {
    const count = used.get(c) ?? 0;
    if (count === 0) warnings.push(`${file}: correction "${c.original}" → "${c.replacement}" matched nothing (stale review entry?)`);
    else if (c.occurrences !== undefined && c.occurrences !== count) {
      problems.push(`${file}: correction "${c.original}" → "${c.replacement}" expects ${c.occurrences} occurrence(s) but found ${count}; review the report again.`);
    }
    if (findSpamTerms(c.replacement, lexicon).length > 0) problems.push(`${file}: correction replacement "${c.replacement}" itself contains a spam term.`);
  }
  return { paragraphs, notes, problems, warnings };
}
