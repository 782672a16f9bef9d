// Deciding what an import does with one report, given what it read and what the knowledge directory holds:
// refuse (no title or year, an unresolved spam term), do nothing (the same file again), replace (a new version of
// the same report) or write a new file. Pure: no file is read or written here.
import { splitFrontMatter } from '../knowledge/front-matter.js';
import { checkIntegrity, findSpamTerms, type ReviewFile } from '../knowledge/integrity.js';
import { parseReport } from '../knowledge/parse-report.js';
import type { Block } from './blocks.js';
import type { PageMeta } from '../knowledge/page-chrome.js';
import { unwrapNotice } from './notice.js';
import { detectMetadata, regionAtStart, yearInTitle, type Detection, type Found } from './detect-metadata.js';
import { bodyLines, renderKnowledgeFile, reportId } from './write-report.js';

/** What a reader made of the file. */
export interface ReadReport {
  blocks: Block[];
  docTitle?: string;
  siteName?: string;
  meta?: PageMeta;
  given?: { title?: string; year?: number; region?: string; source?: string; published?: string };
  /** Page furniture lines that were dropped. */
  dropped: string[];
  notes: string[];
}

/** A report already in the knowledge directory, as its front matter describes it. */
export interface ExistingReport {
  file: string;
  title: string;
  year: number;
  region?: string;
  sha256?: string;
  sourceFile?: string;
}

export interface Overrides {
  title?: string;
  year?: number;
  region?: string;
}

export interface PlanInput {
  read: ReadReport;
  /** The original's file name (no directory). */
  sourceFile: string;
  sha256: string;
  overrides: Overrides;
  existing: readonly ExistingReport[];
  lexicon: readonly string[];
  review: ReviewFile;
  /** ISO time of the import. */
  now: string;
}

export type Plan =
  | { action: 'unchanged'; file: string }
  | { action: 'refuse'; problem: string; detection?: Detection }
  | { action: 'write' | 'replace'; file: string; text: string; detection: Detection; replaced?: ExistingReport; sections: number; paragraphs: number };

const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim() === (b ?? '').trim();

/** The reviewer's entry to add to corrections.yaml for a spam term, with the paragraph it sits in. */
export function correctionEntry(file: string, term: string, paragraph: string, today: string): string {
  const at = paragraph.indexOf(term);
  const around = at >= 0 ? paragraph.slice(Math.max(0, at - 20), at + term.length + 20) : paragraph.slice(0, 60);
  return [
    'corrections:',
    `  - document: ${file}`,
    `    original: ${JSON.stringify(term)}`,
    '    replacement: "<what the report said here; check the official copy>"',
    '    reason: "<e.g. injected gambling term on the defaced page>"',
    '    reviewer: "<your name>"',
    `    date: ${today}`,
    `# in: …${around}…`,
    '# or, if the term is legitimate there:',
    'exclusions:',
    `  - document: ${file}`,
    `    term: ${JSON.stringify(term)}`,
    '    reason: "<why it is legitimate>"',
    '    reviewer: "<your name>"',
    `    date: ${today}`,
  ].join('\n');
}

/** What the text starts with, so that a maintainer sees what was taken for the top of the page. */
function opening(blocks: readonly Block[]): string {
  const first = blocks[0]?.text;
  if (!first) return '';
  return `; the text starts with "${first.length > 24 ? `${first.slice(0, 24)}…` : first}"`;
}

export function planImport(input: PlanInput): Plan {
  const again = input.existing.find((e) => e.sha256 === input.sha256);
  if (again) return { action: 'unchanged', file: again.file };

  const { overrides } = input;
  // A report published as a notice's attachment is the attachment, under its own title.
  const notice = unwrapNotice(input.read.docTitle, input.read.blocks);
  const read = notice ? { ...input.read, docTitle: notice.title, blocks: notice.blocks } : input.read;
  const detection = detectMetadata({
    blocks: read.blocks,
    ...(read.docTitle ? { docTitle: read.docTitle } : {}),
    ...(read.siteName ? { siteName: read.siteName } : {}),
    ...(read.meta ? { meta: read.meta } : {}),
    ...(read.given ? { given: read.given } : {}),
  });
  const given = <T>(value: T | undefined, flag: string): Found<T> | undefined => (value === undefined ? undefined : { value, reason: `given with ${flag}` });
  const title = given(overrides.title, '--title') ?? detection.title;
  // A title given with --title says the year and place as a detected one would, unless they are given too.
  const fromGivenTitle = <T>(found: Found<T> | undefined, read: (t: string) => T | null): Found<T> | undefined => {
    if (!overrides.title || (found && !found.reason.includes('the title'))) return found;
    const value = read(overrides.title);
    return value === null ? found : { value, reason: `the title given with --title: "${overrides.title}"` };
  };
  const year = given(overrides.year, '--year') ?? fromGivenTitle(detection.year, (t) => yearInTitle(t)?.value ?? null);
  const region = given(overrides.region, '--region') ?? fromGivenTitle(detection.region, regionAtStart);
  const final: Detection = { ...detection, ...(title ? { title } : {}), ...(year ? { year } : {}), ...(region ? { region } : {}) };

  const missing = [!title && 'title', !year && 'year'].filter(Boolean) as string[];
  if (missing.length > 0) {
    const hints = [
      !title && `--title "…" (no heading at the top reads as a report title${opening(read.blocks)})`,
      !year && '--year YYYY (neither the title nor the opening paragraph names the year the report covers)',
    ].filter(Boolean);
    return { action: 'refuse', detection: final, problem: `cannot tell the ${missing.join(' or the ')} of this report; run the import again with ${hints.join(' and ')}` };
  }

  // Metadata is shown with every citation: a spam term there is refused too (corrections apply to the body only).
  for (const [field, found] of [['title', title], ['region', region], ['source', final.source]] as const) {
    const terms = found ? findSpamTerms(found.value, input.lexicon) : [];
    if (terms.length > 0) {
      const flag = field === 'source' ? 'fix the source line in the original' : `pass --${field} with what the official copy says`;
      return { action: 'refuse', detection: final, problem: `the ${field} "${found!.value}" contains the spam term "${terms[0]}"; nothing was written. ${flag}` };
    }
  }

  // The title is in the front matter; the lines it was read from are not body text.
  const lines = bodyLines(read.blocks.filter((_, i) => !detection.titleBlocks.includes(i)));
  if (lines.length === 0) return { action: 'refuse', detection: final, problem: 'the report has no text besides its title; if the page only links to the report as an attachment, import that file' };
  // A page that only links to the report (附件：….pdf) has a title but no prose.
  if (!lines.some((l) => /[。！？；]/u.test(l))) {
    return { action: 'refuse', detection: final, problem: `no report text found (${lines.length} line(s), none a sentence); if the page only links to the report as an attachment, import that file` };
  }

  const replaced = input.existing.find((e) => e.year === year!.value && same(e.title, title!.value) && same(e.region, region?.value));
  let file: string;
  if (replaced) file = replaced.file;
  else {
    const id = reportId(input.sourceFile, year!.value, input.sha256);
    const taken = new Set(input.existing.map((e) => e.file));
    let n = 1;
    file = `${id}.txt`;
    while (taken.has(file)) file = `${id}-${++n}.txt`;
  }

  const id = file.replace(/\.txt$/u, '');
  const integrity = checkIntegrity(file, id, lines, input.lexicon, input.review);
  if (integrity.problems.length > 0) {
    const today = input.now.slice(0, 10);
    const entries: string[] = [];
    lines.forEach((line, i) => {
      const text = integrity.paragraphs[i]?.text ?? line;
      for (const term of findSpamTerms(text, input.lexicon)) entries.push(correctionEntry(file, term, line, today));
    });
    return {
      action: 'refuse',
      detection: final,
      problem:
        `the integrity check found ${integrity.problems.length} problem(s); nothing was written.\n` +
        integrity.problems.map((p) => `  - ${p}`).join('\n') +
        (entries.length > 0 ? `\nAdd to corrections.yaml in the knowledge directory (fill in the <…> fields), then import again:\n${[...new Set(entries)].join('\n')}` : ''),
    };
  }

  const text = renderKnowledgeFile(
    {
      title: title!.value,
      year: year!.value,
      ...(region ? { region: region.value } : {}),
      ...(final.source ? { source: final.source.value } : {}),
      ...(final.published ? { published: final.published.value } : {}),
      source_file: input.sourceFile,
      sha256: input.sha256,
      imported: input.now,
    },
    lines,
  );
  // What the knowledge loader will read back: the file must load and keep every paragraph.
  const back = splitFrontMatter(text);
  if (!back.ok) return { action: 'refuse', detection: final, problem: `internal: the written front matter does not read back (${back.problem})` };
  const structure = parseReport(id, integrity.paragraphs);
  return {
    action: replaced ? 'replace' : 'write',
    file,
    text,
    detection: final,
    ...(replaced ? { replaced } : {}),
    sections: structure.sections.filter((s) => s.kind === 'body').length,
    paragraphs: structure.paragraphs.length,
  };
}
