// Reads a knowledge directory: reports (`.md`/`.txt` with front matter) plus the files that go with them
// (`spam-lexicon.txt`, `corrections.yaml`, `synonyms.txt`). Everything that is wrong is reported at once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { KnowledgeError } from './errors.js';
import { extractFigures } from './figures.js';
import { splitFrontMatter } from './front-matter.js';
import { checkIntegrity, parseLexicon, parseReviewFile } from './integrity.js';
import { parseReport } from './parse-report.js';
import { stripChrome } from './page-chrome.js';
import { reflowLines } from './reflow.js';
import { parseSynonyms } from './synonyms.js';
import type { IntegrityNote, KnowledgeBase, ParsedDocument } from './types.js';

export const LEXICON_FILE = 'spam-lexicon.txt';
export const REVIEW_FILE = 'corrections.yaml';
export const SYNONYMS_FILE = 'synonyms.txt';
export const RESERVED = new Set([LEXICON_FILE, SYNONYMS_FILE, 'README.md']);

export interface LoadResult {
  kb: KnowledgeBase;
  warnings: string[];
}

function readText(path: string, problems: string[]): string | null {
  try {
    const buf = readFileSync(path);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return text.replace(/\r\n?/gu, '\n');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // TextDecoder's own error carries a code too: tell bad encoding apart from an unreadable file.
    const badEncoding = err.code === 'ERR_ENCODING_INVALID_ENCODED_DATA' || !err.code;
    problems.push(badEncoding ? `${basename(path)}: not valid UTF-8 text (save it as UTF-8)` : `${basename(path)}: cannot read (${err.code})`);
    return null;
  }
}

export function reportFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => (extname(f) === '.md' || extname(f) === '.txt') && !RESERVED.has(f) && !f.startsWith('.'))
    .sort();
}

/**
 * A hash of every file `loadKnowledge` reads, byte for byte (null when the directory cannot be listed): equal
 * fingerprints mean the same knowledge, without parsing anything.
 */
export function inputFingerprint(dir: string): string | null {
  let files: string[];
  try {
    files = reportFiles(dir);
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  for (const name of [LEXICON_FILE, REVIEW_FILE, SYNONYMS_FILE, ...files]) {
    hash.update(`${name}\0`);
    try {
      hash.update(readFileSync(join(dir, name)));
      hash.update('\0+');
    } catch {
      hash.update('\0-');
    }
  }
  return hash.digest('hex');
}

/** Loads and checks a knowledge directory; throws KnowledgeError listing every problem. */
export function loadKnowledge(dir: string): LoadResult {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new KnowledgeError(`Knowledge directory not found: ${dir}`, ['pass an existing directory with --knowledge DIR or KNOWLEDGE_DIR']);

  const problems: string[] = [];
  const warnings: string[] = [];
  const hash = createHash('sha256');
  const readSide = (name: string): string | null => {
    try {
      statSync(join(dir, name));
    } catch {
      return null;
    }
    const text = readText(join(dir, name), problems);
    hash.update(`${name}\0${text ?? ''}\0`);
    return text;
  };

  const lexiconText = readSide(LEXICON_FILE);
  if (lexiconText === null) problems.push(`${LEXICON_FILE} is missing: the integrity check needs a spam lexicon in the knowledge directory`);
  const lexicon = parseLexicon(lexiconText ?? '');
  const { review, problems: reviewProblems } = parseReviewFile(readSide(REVIEW_FILE));
  problems.push(...reviewProblems);
  const synonyms = parseSynonyms(readSide(SYNONYMS_FILE) ?? '');

  const files = reportFiles(dir);
  if (files.length === 0) problems.push('no reports: add a .md or .txt file with YAML front matter (title, year)');
  for (const e of [...review.corrections, ...review.exclusions]) {
    if (!files.includes(e.document)) warnings.push(`${REVIEW_FILE}: entry for "${e.document}", which is not a report in this directory`);
  }

  const ids = new Set<string>();
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    const raw = readText(join(dir, file), problems);
    if (raw === null) continue;
    hash.update(`${file}\0${raw}\0`);
    const fm = splitFrontMatter(raw);
    if (!fm.ok) {
      problems.push(`${file}: ${fm.problem}`);
      continue;
    }
    const id = basename(file, extname(file));
    if (ids.has(id)) {
      problems.push(`${file}: another report has the id "${id}"; rename one of them`);
      continue;
    }
    ids.add(id);
    // Text copied from a web page carries its furniture (date banner, breadcrumbs, 来源/发布时间 line): never a report sentence.
    const { lines: pageLines, dropped } = stripChrome(fm.body.split('\n'));
    // Text copied out of a PDF keeps its line breaks and page numbers: its paragraphs are put back together.
    const reflowed = reflowLines(pageLines);
    const lines = reflowed.lines;
    if (reflowed.joined > 0) warnings.push(`${file}: hard-wrapped text: ${reflowed.joined} line break(s) inside paragraphs joined, ${reflowed.dropped.length} page number or running header line(s) left out`);
    // The title repeated at the top of the body (as pages and copies have it) is in the front matter already.
    const rawParagraphs = lines.filter((l, i) => i >= 5 || l !== fm.meta.title.trim());
    if (dropped.length > 0) warnings.push(`${file}: ${dropped.length} line(s) of web page furniture left out, e.g. "${dropped[0]}"`);
    if (rawParagraphs.length === 0) {
      problems.push(`${file}: the report has front matter but no text`);
      continue;
    }
    const integrity = checkIntegrity(file, id, rawParagraphs, lexicon, review);
    problems.push(...integrity.problems);
    warnings.push(...integrity.warnings);
    const structure = parseReport(id, integrity.paragraphs);
    const notes: IntegrityNote[] = integrity.notes.map(({ paragraphIndex, ...n }) => ({ ...n, paragraphId: structure.paragraphs[paragraphIndex]?.id ?? '' }));
    documents.push({
      meta: { id, file, title: fm.meta.title, year: fm.meta.year, region: fm.meta.region, source: fm.meta.source, published: fm.meta.published },
      ...structure,
      figures: extractFigures(structure.sentences),
      integrity: notes,
      sha256: createHash('sha256').update(raw).digest('hex'),
    });
  }
  if (problems.length > 0) throw new KnowledgeError(`Knowledge directory ${dir} cannot be used:`, problems);
  return { kb: { dir, documents, synonyms, version: hash.digest('hex').slice(0, 16) }, warnings };
}
