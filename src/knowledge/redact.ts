// The one output scrub. Every text the bot sends or prints passes through a Scrubber built from the spam lexicon,
// whoever wrote it: the reports (an injected term a correction missed), the user (a question that repeats the
// brand is echoed in headers, highlights and button values), or an operator report. It is applied once, to the
// reply model where it leaves the core (src/boundary.ts), so the renderers never see a lexicon term; the same
// Scrubber serves the JSON API echo, the question log, the CLIs and the log lines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { to as openccTo } from 'opencc-js/preset/t2cn';
import { normalizeForLexicon, parseLexicon, parseReviewFile } from './integrity.js';
import { LEXICON_FILE, REVIEW_FILE } from './load-knowledge.js';
import type { KnowledgeBase } from './types.js';

/** What every scrubbed term becomes, wherever it appears. */
export const REDACTED_TERM = '〔已屏蔽的注入词〕';

export interface Scrubber {
  /** The terms it removes (normalised as the lexicon is), longest first. */
  readonly terms: readonly string[];
  text(s: string): string;
  /** Each term occurrence in `s`, as written there (disguised or not), with the lexicon term it reads as. */
  find(s: string): { written: string; term: string }[];
  /** Every string inside a plain-data value (a reply model, a JSON body), except enum fields. */
  value<T>(v: T): T;
}

/**
 * Characters that render as nothing (Unicode's default-ignorable set: zero-width and bidi controls, variation
 * selectors, Hangul fillers, the combining grapheme joiner…), control characters and white space: a term split by
 * them still reads as the term.
 */
const INVISIBLE = '\\s\\p{Default_Ignorable_Code_Point}\\p{Cc}';

let traditional: Map<string, Set<string>> | null = null;
/** Simplified → every traditional form of a character (OpenCC's traditional → simplified character table, reversed). */
function traditionalVariants(): Map<string, Set<string>> {
  if (traditional) return traditional;
  traditional = new Map();
  for (const group of openccTo.cn ?? []) {
    for (const dict of group) {
      if (typeof dict !== 'string' || !/^\S \S\|/u.test(dict)) continue; // the character table, not the phrase table
      for (const entry of dict.split('|')) {
        const [form, simplified] = entry.split(' ');
        if (!form || !simplified || [...form].length !== 1 || [...simplified].length !== 1) continue;
        let set = traditional.get(simplified);
        if (!set) traditional.set(simplified, (set = new Set()));
        set.add(form);
      }
    }
  }
  return traditional;
}

const escapeRe = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/gu, '\\$&');

/** One character of a term: itself, its traditional forms, its full-width form (case is left to the `i` flag). */
function charPattern(c: string): string {
  const forms = new Set([c, ...(traditionalVariants().get(c) ?? [])]);
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0x21 && code <= 0x7e) forms.add(String.fromCodePoint(code + 0xfee0));
  return forms.size === 1 ? escapeRe(c) : `[${[...forms].map(escapeRe).join('')}]`;
}

export function createScrubber(rawTerms: Iterable<string>): Scrubber {
  const terms = [...new Set([...rawTerms].map(normalizeForLexicon).filter(Boolean))].sort((a, b) => [...b].length - [...a].length || a.localeCompare(b));
  // One pass, longest term first at each position; invisible characters and spaces inside a term still match.
  // One group per term, so that a match says which term it is.
  const re = terms.length ? new RegExp(terms.map((t) => `(${[...t].map(charPattern).join(`[${INVISIBLE}]*`)})`).join('|'), 'giu') : null;
  const text = (s: string) => (re && s ? s.replace(re, REDACTED_TERM) : s);
  // exec on the one compiled pattern (matchAll would copy, and so recompile, it for every text).
  const find = (s: string) => {
    const found: { written: string; term: string }[] = [];
    if (!re || !s) return found;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) found.push({ written: m[0], term: terms[m.slice(1).findIndex((g) => g !== undefined)] ?? '' });
    return found;
  };
  return { terms, text, find, value: (v) => mapStrings(v, text) };
}

/** Discriminants and enums of the reply model: never text a user reads. */
const ENUM_KEYS = new Set(['kind', 'level', 'action', 'resolution', 'grade', 'what']);

function mapStrings<T>(v: T, f: (s: string) => string): T {
  if (typeof v === 'string') return f(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => mapStrings(x, f)) as T;
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ENUM_KEYS.has(k) ? x : mapStrings(x, f)])) as T;
  return v;
}

/**
 * The scrub terms of a knowledge directory: the spam lexicon and every corrected original, less the terms a
 * reviewed exclusion accepts as legitimate report text (a report about fighting gambling may say 网络赌博).
 */
export function scrubberForKnowledge(dir: string): Scrubber {
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
  const lexicon = parseLexicon(read(LEXICON_FILE) ?? '');
  const { review } = parseReviewFile(read(REVIEW_FILE));
  const excluded = new Set(review.exclusions.map((e) => normalizeForLexicon(e.term)));
  return createScrubber([...lexicon.filter((t) => !excluded.has(t)), ...review.corrections.map((c) => c.original)]);
}

/** Originals of every applied correction: the injected terms found in this knowledge base. */
export function injectedTerms(kb: KnowledgeBase): string[] {
  const terms = new Set<string>();
  for (const d of kb.documents) {
    for (const n of d.integrity) if (n.resolution === 'corrected' && n.term) terms.add(n.term);
    for (const p of d.paragraphs) for (const c of p.corrections) if (c.original) terms.add(c.original);
  }
  return [...terms].sort((a, b) => [...b].length - [...a].length);
}

/** `text` with the given terms replaced by REDACTED_TERM. */
export function redactText(text: string, terms: readonly string[]): string {
  return createScrubber(terms).text(text);
}

/**
 * Corrections as replies carry them: what the report said and why, with the injected original (and any
 * mention of it in the reason) replaced by REDACTED_TERM.
 */
export function correctionNotes(corrections: readonly { original: string; replacement: string; reason: string }[]): { original: string; replacement: string; reason: string }[] {
  const originals = corrections.map((c) => c.original).filter(Boolean);
  return corrections.map((c) => ({ original: REDACTED_TERM, replacement: c.replacement, reason: redactText(c.reason, originals) }));
}
