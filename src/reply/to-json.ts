// The JSON contract of `npm run ask -- --json` and `POST /api/ask` (DESIGN.md, "CLI"). Keep it stable.
import type { Citation, FigureView, Reply } from './model.js';

export interface CitationJson {
  quote: string;
  section: string;
  document: { id: string; title: string; region: string | null; year: number };
  score: number;
  corrected: boolean;
  corrections?: { original: string; replacement: string; reason: string }[];
}

export interface FigureJson {
  value: number;
  unit: string;
  text: string;
  label: string;
  category: string;
  qualifiers: FigureView['qualifiers'];
  quote: string;
  section: string;
  document: { id: string; title: string; region: string | null; year: number };
  corrected: boolean;
}

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

export function figureJson(f: FigureView): FigureJson {
  return {
    value: f.value,
    unit: f.unit,
    text: f.text,
    label: f.label,
    category: f.category,
    qualifiers: f.qualifiers,
    quote: f.quote,
    section: f.section,
    document: f.document,
    corrected: f.corrected,
  };
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
