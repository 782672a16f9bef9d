// The JSON contract of `npm run ask -- --json` and `POST /api/ask` (docs/DESIGN.md, "Contracts"). Keep it stable.
import type { FigureFacts } from '../knowledge/types.js';
import { askKind, type AskKind, type Citation, type FigureView, type Reply } from './model.js';
import { elsewhereLabel, missingText, scopeMissText } from './wording.js';

export interface CitationJson {
  quote: string;
  section: string;
  document: { id: string; title: string; region: string | null; year: number };
  score: number;
  corrected: boolean;
  corrections?: { original: string; replacement: string; reason: string }[];
}

/** A figure in `--json` and `/api/ask`: exactly the reply model's figure. */
export type FigureJson = FigureView;

type DocumentJson = { id: string; title: string; region: string | null; year: number };

export interface AskJson {
  question: string;
  /** For a question: answer | partial | overview | none. For a command: the reply's kind (help, metric …). */
  kind: AskKind | Exclude<Reply['kind'], 'answer' | 'no_answer'>;
  answered: boolean;
  citations: CitationJson[];
  figures: FigureJson[];
  suggestions?: { section: string; document: { id: string; title: string; region: string | null; year: number } }[];
  categories?: { name: string; count: number }[];
  confidence?: number;
  message?: string;
  /** partial: what the reports do not give. */
  missing?: { topic: string; what: 'figure' | 'time' | 'detail'; text: string };
  /** overview: the section whose key sentences are quoted. */
  overview?: { section: string; document: DocumentJson };
  /** The reports the question named (region, year), also when implied (去年, 我市). */
  scope?: { label: string; documents: string[] };
  /** none, when the scoped reports do not answer: a clearly labelled pointer to another report. Never the answer. */
  elsewhere?: { label: string; citation: CitationJson };
  /** Comparison across one region's yearly reports: one row per year, each cited. */
  comparison?: { region: string | null; rows: { year: number; document: DocumentJson; figure: FigureJson | null; citation: CitationJson | null }[] };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function citationJson(c: Citation): CitationJson {
  return {
    quote: c.quote,
    section: c.section,
    document: c.document,
    score: round(c.score),
    corrected: c.corrected,
    ...(c.corrected ? { corrections: c.corrections } : {}),
  };
}

/** A figure's own fields and nothing else, in the contract's order (every JSON that shows a figure uses it). */
export function figureFactsJson(f: FigureFacts): FigureFacts {
  return { value: f.value, unit: f.unit, text: f.text, label: f.label, category: f.category, qualifiers: f.qualifiers };
}

export function figureJson(f: FigureView): FigureJson {
  return { ...figureFactsJson(f), quote: f.quote, section: f.section, document: f.document, corrected: f.corrected };
}

export function toAskJson(question: string, reply: Reply): AskJson {
  const base = { question, kind: reply.kind as AskJson['kind'], citations: [] as CitationJson[], figures: [] as FigureJson[] };
  switch (reply.kind) {
    case 'answer':
      return {
        ...base,
        kind: askKind(reply),
        answered: true,
        citations: reply.citations.map(citationJson),
        figures: reply.figures.map(figureJson),
        confidence: round(reply.confidence),
        ...(reply.missing ? { missing: { ...reply.missing, text: missingText(reply.missing) }, message: missingText(reply.missing) } : {}),
        ...(reply.overview ? { overview: { section: reply.overview.section, document: reply.overview.document } } : {}),
        ...(reply.scope ? { scope: { label: reply.scope.label, documents: reply.scope.documentIds } } : {}),
        ...(reply.comparison
          ? {
              comparison: {
                region: reply.comparison.region,
                rows: reply.comparison.rows.map((r) => ({ year: r.year, document: r.document, figure: r.figure && figureJson(r.figure), citation: r.citation && citationJson(r.citation) })),
              },
            }
          : {}),
      };
    case 'no_answer':
      return {
        ...base,
        kind: 'none',
        answered: false,
        message: scopeMissText(reply.scope),
        suggestions: reply.suggestions.map((s) => ({ section: s.section, document: s.document })),
        ...(reply.scope ? { scope: { label: reply.scope.label, documents: reply.scope.documentIds } } : {}),
        ...(reply.elsewhere ? { elsewhere: { label: elsewhereLabel(reply.elsewhere), citation: citationJson(reply.elsewhere) } } : {}),
      };
    case 'search':
      return { ...base, answered: reply.citations.length > 0, citations: reply.citations.map(citationJson) };
    case 'metric':
      return { ...base, answered: reply.figures.length > 0 || (!reply.keyword && reply.categories.length > 0), figures: reply.figures.map(figureJson), categories: reply.categories };
    case 'digest':
      return { ...base, answered: true, citations: reply.digest.citations.map(citationJson), figures: reply.digest.figures.map(figureJson) };
    case 'source':
      return { ...base, answered: true, ...(reply.version ? { knowledgeVersion: reply.version } : {}) };
    case 'help':
    case 'outline':
    case 'subscription':
      return { ...base, answered: reply.kind !== 'subscription' || reply.action !== 'unavailable' };
    case 'unknown_command':
      return { ...base, answered: false, message: reply.suggestion ? `未知命令 /${reply.command},是否要用 ${reply.suggestion.usage}?` : `未知命令 /${reply.command}` };
    case 'notice':
      return { ...base, answered: false, message: reply.text };
  }
}
