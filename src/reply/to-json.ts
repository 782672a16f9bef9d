// The JSON contract of `npm run ask -- --json` and `POST /api/ask` (docs/DESIGN.md, "Contracts"). Keep it stable.
import type { FigureFacts } from '../knowledge/types.js';
import type { Citation, FigureView, Reply } from './model.js';

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

export interface AskJson {
  question: string;
  kind: Reply['kind'];
  answered: boolean;
  citations: CitationJson[];
  figures: FigureJson[];
  suggestions?: { section: string; document: { id: string; title: string; region: string | null; year: number } }[];
  categories?: { name: string; count: number }[];
  confidence?: number;
  message?: string;
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
  const base = { question, kind: reply.kind, citations: [] as CitationJson[], figures: [] as FigureJson[] };
  switch (reply.kind) {
    case 'answer':
      return { ...base, answered: true, citations: reply.citations.map(citationJson), figures: reply.figures.map(figureJson), confidence: round(reply.confidence) };
    case 'no_answer':
      return { ...base, answered: false, suggestions: reply.suggestions.map((s) => ({ section: s.section, document: s.document })) };
    case 'search':
      return { ...base, answered: reply.citations.length > 0, citations: reply.citations.map(citationJson) };
    case 'metric':
      return { ...base, answered: reply.figures.length > 0 || (!reply.keyword && reply.categories.length > 0), figures: reply.figures.map(figureJson), categories: reply.categories };
    case 'digest':
      return { ...base, answered: true, citations: reply.digest.citations.map(citationJson), figures: reply.digest.figures.map(figureJson) };
    case 'help':
    case 'outline':
    case 'source':
    case 'subscription':
      return { ...base, answered: reply.kind !== 'subscription' || reply.action !== 'unavailable' };
    case 'unknown_command':
      return { ...base, answered: false, message: reply.suggestion ? `未知命令 /${reply.command},是否要用 ${reply.suggestion.usage}?` : `未知命令 /${reply.command}` };
    case 'notice':
      return { ...base, answered: false, message: reply.text };
  }
}
