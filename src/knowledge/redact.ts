// The bot never sends an injected term, not even inside the note that explains its correction. The terms
// that reviewed corrections removed are known exactly; user-facing text passes through `redactText`.
import type { KnowledgeBase } from './types.js';

export const REDACTED_TERM = '〔已屏蔽的注入词〕';

/** Originals of every applied correction: the injected terms found in this knowledge base. */
export function injectedTerms(kb: KnowledgeBase): string[] {
  const terms = new Set<string>();
  for (const d of kb.documents) for (const p of d.paragraphs) for (const c of p.corrections) if (c.original) terms.add(c.original);
  // Longest first, so a term that contains another is replaced whole.
  return [...terms].sort((a, b) => b.length - a.length);
}

export function redactText(text: string, terms: readonly string[]): string {
  let out = text;
  for (const t of terms) if (out.includes(t)) out = out.split(t).join(REDACTED_TERM);
  return out;
}
