// `/metric <keyword>`: figures whose label, category, text, sentence or section matches the keyword, label hits
// first. Chinese has no spaces, so a keyword that is not a substring anywhere still matches by shared Han
// bigrams (`调解成功率` ~ `全市调解组织调解案件成功率`). Synonym groups of the knowledge base widen a keyword
// (`判决书` → `裁判文书`) at a lower weight than the word itself.
import type { Figure, KnowledgeBase } from '../knowledge/types.js';
import type { FigureView } from '../reply/model.js';
import { CATEGORY_NAMES } from '../knowledge/figure-categories.js';
import { toFigureView } from './figure-view.js';

const WEIGHT = { label: 100, text: 80, category: 60, categoryPart: 30, sentence: 20, section: 10 } as const;
// Fuzzy matching only for keywords of 3+ bigrams: two-character words either occur or do not.
const FUZZY = { label: 50, sentence: 10, minShare: 0.6, minBigrams: 3 } as const;
// Words that ask for a share rather than a thing: they match every percentage.
const SHARE_WORDS = new Set(['比例', '比率', '百分比', '占比', '率', '百分之', '%']);
const SHARE_WEIGHT = 40;
const SYNONYM_FACTOR = 0.8;

const normalize = (s: string) => s.normalize('NFKC').toLowerCase();

/** Keyword → term slots; each slot is the term itself plus its synonyms (each with a weight factor). */
export function keywordTerms(keyword: string, synonyms: readonly string[][] = []): { term: string; factor: number }[][] {
  const terms = normalize(keyword)
    .split(/[\s,，、;；/|]+/u)
    .map((t) => t.replace(/^[?？!！。.]+|[?？!！。.]+$/gu, ''))
    .filter((t) => t.length > 0);
  return [...new Set(terms)].map((term) => {
    const slot = new Map<string, number>([[term, 1]]);
    for (const group of synonyms) {
      for (const member of group) {
        if (!term.includes(member)) continue;
        for (const other of group) if (other !== member) slot.set(term.replace(member, other), Math.max(slot.get(term.replace(member, other)) ?? 0, SYNONYM_FACTOR));
      }
    }
    return [...slot].map(([t, factor]) => ({ term: t, factor }));
  });
}

function bigrams(s: string): Set<string> {
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

function bigramShare(term: string, field: string): number {
  const t = bigrams(term);
  if (t.size === 0) return 0;
  const f = bigrams(field);
  let shared = 0;
  for (const b of t) if (f.has(b)) shared++;
  return shared / t.size;
}

interface Fields {
  unit: string;
  label: string;
  text: string;
  category: string;
  sentence: string;
  section: string;
}

function termScore(term: string, f: Fields): number {
  let score = 0;
  if (f.label.includes(term)) score += WEIGHT.label;
  else if (f.text.includes(term)) score += WEIGHT.text;
  if (f.category === term) score += WEIGHT.category;
  else if (f.category.includes(term)) score += WEIGHT.categoryPart;
  if (f.sentence.includes(term)) score += WEIGHT.sentence;
  if (f.section.includes(term)) score += WEIGHT.section;
  if (SHARE_WORDS.has(term) && (f.unit === '%' || f.unit.includes('百分点'))) score += SHARE_WEIGHT;
  if (score > 0 || bigrams(term).size < FUZZY.minBigrams) return score;
  const labelShare = bigramShare(term, f.label);
  const sentenceShare = bigramShare(term, f.sentence);
  if (labelShare >= FUZZY.minShare) score += FUZZY.label * labelShare;
  if (sentenceShare >= FUZZY.minShare) score += FUZZY.sentence * sentenceShare;
  return score;
}

/** Matching figures, best first; ties keep document and figure order, so the result is deterministic. */
export function findFigures(kb: KnowledgeBase, keyword: string, limit = 10): FigureView[] {
  const slots = keywordTerms(keyword, kb.synonyms);
  if (slots.length === 0 || limit <= 0) return [];
  const hits: { view: FigureView; score: number; order: number }[] = [];
  let order = 0;
  for (const doc of kb.documents) {
    for (const figure of doc.figures) {
      const view = toFigureView(doc, figure);
      const fields: Fields = {
        unit: view.unit,
        label: normalize(view.label),
        text: normalize(view.text),
        category: view.category,
        sentence: normalize(view.quote),
        section: normalize(view.section),
      };
      let score = 0;
      for (const slot of slots) score += Math.max(...slot.map(({ term, factor }) => termScore(term, fields) * factor));
      if (score > 0) hits.push({ view, score, order });
      order++;
    }
  }
  return hits
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((h) => h.view);
}

/** Categories with their figure counts: most figures first, then the fixed category order. */
export function figureCategories(kb: KnowledgeBase): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  const all: Figure[] = kb.documents.flatMap((d) => d.figures);
  for (const f of all) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const rank = (name: string) => {
    const i = CATEGORY_NAMES.indexOf(name);
    return i === -1 ? CATEGORY_NAMES.length : i;
  };
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
