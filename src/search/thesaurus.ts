// The domain thesaurus (src/search/thesaurus.txt, shipped with the code) merged with a knowledge directory's
// synonyms.txt (local terms, same format). A comment line right after a blank line names the section below it;
// four sections are not topic groups:
// - collective words: the first term names a set of the others (两院 → 法院, 检察院); a question naming the set
//   also finds its members, never the other way round;
// - figure words: names of the same measure (调解成功率, 成功率): synonym groups;
// - question words: how a question asks for an amount, a share or a time: never topic words;
// - scope words: the region a question means (全市, 我市): they choose reports, not sentences.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Thesaurus {
  /** Two-way groups: any member finds the others. */
  groups: string[][];
  /** One-way: [set term, members]. */
  collective: [string, string[]][];
  /** Phrases that frame a question, longest first. */
  questionWords: string[];
  /** Groups of words meaning one level's own region (全市 我市 本市 …; 全区 我区 …). */
  scopeWords: string[][];
}

type Section = 'topic' | 'collective' | 'figure' | 'question' | 'scope';
const SPECIAL: Record<string, Section> = { 'collective words': 'collective', 'figure words': 'figure', 'question words': 'question', 'scope words': 'scope' };

const normalizeTerm = (t: string) => t.normalize('NFKC').trim().toLowerCase();

export function parseThesaurus(text: string): Thesaurus {
  const out: Thesaurus = { groups: [], collective: [], questionWords: [], scopeWords: [] };
  let section: Section = 'topic';
  let afterBlank = true;
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '') {
      afterBlank = true;
      continue;
    }
    if (line.startsWith('#')) {
      if (afterBlank) section = SPECIAL[line.replace(/^#+/u, '').trim().toLowerCase()] ?? 'topic';
      afterBlank = false;
      continue;
    }
    afterBlank = false;
    const terms = [...new Set(line.replace(/#.*$/u, '').split(/[\s,，、]+/u).map(normalizeTerm).filter((t) => t.length > 0))];
    if (section === 'question') {
      out.questionWords.push(...terms);
      continue;
    }
    if (terms.length < 2) continue;
    if (section === 'collective') out.collective.push([terms[0]!, terms.slice(1)]);
    else if (section === 'scope') out.scopeWords.push(terms);
    else out.groups.push(terms);
  }
  out.questionWords = [...new Set(out.questionWords)].sort((a, b) => b.length - a.length);
  return out;
}

/** The shipped thesaurus plus local groups (a knowledge directory's synonyms.txt, already parsed). */
export function mergeThesaurus(shipped: Thesaurus, local: readonly (readonly string[])[]): Thesaurus {
  const seen = new Set(shipped.groups.map((g) => g.join(' ')));
  const extra = local.map((g) => g.map(normalizeTerm)).filter((g) => g.length >= 2 && !seen.has(g.join(' ')));
  return { ...shipped, groups: [...shipped.groups, ...extra] };
}

let shipped: Thesaurus | null = null;

/** The thesaurus shipped beside this file (read once). */
export function shippedThesaurus(): Thesaurus {
  shipped ??= parseThesaurus(readFileSync(fileURLToPath(new URL('./thesaurus.txt', import.meta.url)), 'utf8'));
  return shipped;
}

/** Every term the thesaurus knows (for a segmenter's user dictionary). */
export function thesaurusTerms(t: Thesaurus): string[] {
  return [...new Set([...t.groups.flat(), ...t.collective.flatMap(([s, m]) => [s, ...m]), ...t.scopeWords.flat(), ...t.questionWords])];
}
