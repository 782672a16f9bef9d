// The naive baseline the index is compared with: for every question, scan every sentence and score it by how
// many of the question's terms (Han bigrams, Latin words, digit runs) it contains as substrings. No index.
import type { KnowledgeBase } from '../src/knowledge/types.js';

export function questionTerms(q: string): string[] {
  const terms = new Set<string>();
  for (const run of q.normalize('NFKC').toLowerCase().match(/\p{Script=Han}+|[a-z]+|\d+(?:\.\d+)?/gu) ?? []) {
    if (/^\p{Script=Han}+$/u.test(run)) {
      if (run.length === 1) terms.add(run);
      for (let i = 0; i + 1 < run.length; i++) terms.add(run.slice(i, i + 2));
    } else terms.add(run);
  }
  return [...terms];
}

export interface LinearScan {
  sentences: number;
  /** The best sentence id and its overlap (0 when none shares a term). */
  ask(q: string): { sentenceId: string | null; score: number };
}

export function createLinearScan(kb: KnowledgeBase): LinearScan {
  const ids: string[] = [];
  const texts: string[] = [];
  for (const d of kb.documents)
    for (const s of d.sentences) {
      ids.push(s.id);
      texts.push(s.text.toLowerCase());
    }
  return {
    sentences: texts.length,
    ask(q) {
      const terms = questionTerms(q);
      let best = -1;
      let bestScore = 0;
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i]!;
        let score = 0;
        for (const term of terms) if (t.includes(term)) score += term.length;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      return { sentenceId: best >= 0 ? ids[best]! : null, score: bestScore };
    },
  };
}
