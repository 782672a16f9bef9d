// The bot never sends an injected term, not even inside the note that explains its correction. The terms
// that reviewed corrections removed are known exactly; user-facing text passes through `redactText`.
import type { KnowledgeBase } from './types.js';

export const REDACTED_TERM = '〔已屏蔽的注入词〕';

/** Originals of every applied correction: the injected terms found in this knowledge base. */
export function injectedTerms(kb: KnowledgeBase): string[] {
  const terms = new Set<string>();
  for (const d of kb.documents) {
    // The lexicon's (normalised) spelling of a corrected hit, and the text the correction replaced.
    for (const n of d.integrity) if (n.resolution === 'corrected' && n.term) terms.add(n.term);
    for (const p of d.paragraphs) for (const c of p.corrections) if (c.original) terms.add(c.original);
  }
  // Longest first, so a term that contains another is replaced whole.
  return [...terms].sort((a, b) => [...b].length - [...a].length);
}

export function redactText(text: string, terms: readonly string[]): string {
  let out = text;
  for (const t of terms) if (out.includes(t)) out = out.split(t).join(REDACTED_TERM);
  return out;
}

/**
 * Corrections as replies carry them: what the report said and why, with the injected original (and any
 * mention of it in the reason) replaced by REDACTED_TERM.
 */
export function correctionNotes(corrections: readonly { original: string; replacement: string; reason: string }[]): { original: string; replacement: string; reason: string }[] {
  const originals = corrections.map((c) => c.original).filter(Boolean);
  return corrections.map((c) => ({ original: REDACTED_TERM, replacement: c.replacement, reason: redactText(c.reason, originals) }));
}
