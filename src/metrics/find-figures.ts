// `/metric <keyword>`: figures whose label, sentence or category matches the keyword.
import type { KnowledgeBase } from '../knowledge/types.js';
import type { FigureView } from '../reply/model.js';
import { toFigureView } from './figure-view.js';

export function findFigures(kb: KnowledgeBase, keyword: string, limit = 10): FigureView[] {
  const k = keyword.trim().toLowerCase();
  if (!k) return [];
  const hits: { view: FigureView; score: number }[] = [];
  for (const doc of kb.documents) {
    for (const f of doc.figures) {
      const view = toFigureView(doc, f);
      const score = (view.label.includes(k) ? 3 : 0) + (view.category === k ? 2 : 0) + (view.quote.includes(k) ? 1 : 0);
      if (score > 0) hits.push({ view, score });
    }
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit).map((h) => h.view);
}

export function figureCategories(kb: KnowledgeBase): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const doc of kb.documents) for (const f of doc.figures) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
}
