// The import's I/O: read each original, plan it against the knowledge directory, write the knowledge file
// atomically (or not at all). `npm run import` and the tests call `importFiles`.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { splitFrontMatter } from '../knowledge/front-matter.js';
import { parseLexicon, parseReviewFile } from '../knowledge/integrity.js';
import { LEXICON_FILE, RESERVED, REVIEW_FILE, reportFiles } from '../knowledge/load-knowledge.js';
import { stripChrome, type PageMeta } from '../knowledge/page-chrome.js';
import { ImportError } from './errors.js';
import { planImport, type ExistingReport, type Overrides, type Plan, type ReadReport } from './plan-import.js';
import { readDocx } from './read-docx.js';
import { decodeHtml, readHtml } from './read-html.js';
import { readPdf } from './read-pdf.js';
import { decodeText, readText } from './read-text.js';

export const IMPORT_EXTENSIONS = ['.docx', '.pdf', '.html', '.htm', '.txt', '.md'];

/** The files to import: the files given, and the importable files inside the directories given. */
export function expandInputs(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new ImportError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const files = readdirSync(p)
        // A knowledge directory's own files (lexicon, synonyms, README) are not reports.
        .filter((f) => IMPORT_EXTENSIONS.includes(extname(f).toLowerCase()) && !f.startsWith('.') && !RESERVED.has(f))
        .sort()
        .map((f) => join(p, f));
      if (files.length === 0) throw new ImportError(`${p}: no ${IMPORT_EXTENSIONS.join(' ')} files in this directory`);
      out.push(...files);
    } else out.push(p);
  }
  return out;
}

/** `meta` with the fields it lacks taken from `more`, each with its reason. */
function withMissing(meta: PageMeta, more: PageMeta): PageMeta {
  const out: PageMeta = { ...meta, reasons: { ...meta.reasons } };
  for (const k of ['title', 'source', 'published', 'issuer'] as const) {
    if (out[k] === undefined && more[k] !== undefined) {
      out[k] = more[k];
      const reason = more.reasons[k];
      if (reason) out.reasons[k] = reason;
    }
  }
  return out;
}

/** Reads one original into blocks, whatever its format; the chrome rules apply to every format. */
export async function readReportFile(path: string): Promise<ReadReport> {
  const name = basename(path);
  const ext = extname(path).toLowerCase();
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new ImportError(`${name}: the file is empty`);
  const cleaned = (read: Omit<ReadReport, 'dropped'> & { dropped?: string[] }): ReadReport => {
    // The rules read the blocks together: a key alone on its line (发布日期：) takes its value from the line below.
    const r = stripChrome(read.blocks.map((b) => b.text));
    const kept = new Set(r.kept);
    const blocks = read.blocks.filter((_, i) => kept.has(i));
    const dropped = [...(read.dropped ?? []), ...r.dropped];
    // Metadata lines in text copied from a page (来源:… 发布时间:…) are read, not dropped silently; what the page's
    // own reader found comes first.
    const meta = read.meta ? withMissing(read.meta, r.meta) : r.meta;
    return { ...read, blocks, meta, dropped };
  };
  switch (ext) {
    case '.docx': {
      const r = await readDocx(bytes, name);
      return cleaned({ blocks: r.blocks, ...(r.docTitle ? { docTitle: r.docTitle } : {}), notes: r.warnings.map((w) => `Word: ${w}`) });
    }
    case '.pdf': {
      const r = await readPdf(bytes, name);
      return cleaned({ blocks: r.blocks, ...(r.docTitle ? { docTitle: r.docTitle } : {}), notes: [`PDF: ${r.pages} page(s)`] });
    }
    case '.html':
    case '.htm': {
      const r = readHtml(decodeHtml(bytes));
      return cleaned({ blocks: r.blocks, ...(r.docTitle ? { docTitle: r.docTitle } : {}), ...(r.siteName ? { siteName: r.siteName } : {}), meta: r.meta, dropped: r.dropped, notes: [] });
    }
    case '.txt':
    case '.md': {
      const r = readText(decodeText(bytes, name), name);
      return cleaned({ blocks: r.blocks, ...(r.given ? { given: r.given } : {}), dropped: r.dropped, notes: r.joined > 0 ? [`text: hard-wrapped (copied from a PDF?): ${r.joined} line break(s) inside paragraphs joined`] : [] });
    }
    case '.doc':
      throw new ImportError(`${name}: old Word .doc files are not supported; open it in Word or LibreOffice and save it as .docx`);
    default:
      throw new ImportError(`${name}: unsupported file type "${ext || '(none)'}"; import ${IMPORT_EXTENSIONS.join(', ')}`);
  }
}

/** The reports in a knowledge directory as their front matter describes them (unreadable ones are skipped). */
export function existingReports(dir: string): ExistingReport[] {
  const out: ExistingReport[] = [];
  for (const file of reportFiles(dir)) {
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch {
      continue;
    }
    const fm = splitFrontMatter(text.replace(/\r\n?/gu, '\n'));
    if (!fm.ok) continue;
    out.push({
      file,
      title: fm.meta.title,
      year: fm.meta.year,
      ...(fm.meta.region ? { region: fm.meta.region } : {}),
      ...(fm.meta.sha256 ? { sha256: fm.meta.sha256 } : {}),
      ...(fm.meta.source_file ? { sourceFile: fm.meta.source_file } : {}),
    });
  }
  return out;
}

export interface ImportOptions {
  knowledgeDir: string;
  dryRun?: boolean;
  overrides?: Overrides;
  now?: () => Date;
}

export interface ImportOutcome {
  input: string;
  plan: Plan;
  read?: ReadReport;
  /** Set when the file was written. */
  written?: string;
}

/** Writes through a temporary file in the same directory, so a reader never sees half a report. */
function writeAtomically(path: string, text: string, dir: string): void {
  const tmp = mkdtempSync(join(dir, '.import-'));
  try {
    const file = join(tmp, 'report');
    writeFileSync(file, text);
    renameSync(file, path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function importFiles(inputs: readonly string[], opts: ImportOptions): Promise<ImportOutcome[]> {
  const dir = opts.knowledgeDir;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* below */
  }
  if (!isDir) throw new ImportError(`knowledge directory not found: ${dir} (pass --knowledge DIR)`);
  let lexiconText: string;
  try {
    lexiconText = readFileSync(join(dir, LEXICON_FILE), 'utf8');
  } catch {
    throw new ImportError(`${join(dir, LEXICON_FILE)} is missing: the integrity check needs the spam lexicon`);
  }
  const lexicon = parseLexicon(lexiconText);
  let reviewText: string | null = null;
  try {
    reviewText = readFileSync(join(dir, REVIEW_FILE), 'utf8');
  } catch {
    reviewText = null;
  }
  const { review, problems } = parseReviewFile(reviewText);
  if (problems.length > 0) throw new ImportError(problems.join('\n'));

  const existing = existingReports(dir);
  const outcomes: ImportOutcome[] = [];
  for (const input of expandInputs(inputs)) {
    let read: ReadReport;
    try {
      read = await readReportFile(input);
    } catch (e) {
      // Whatever a reader trips over is this file's problem, told plainly; the other files still import.
      const message = e instanceof ImportError ? e.message.replace(`${basename(input)}: `, '') : `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      outcomes.push({ input, plan: { action: 'refuse', problem: message } });
      continue;
    }
    const bytes = readFileSync(input);
    const plan = planImport({
      read,
      sourceFile: basename(input),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      overrides: opts.overrides ?? {},
      existing,
      lexicon,
      review,
      now: (opts.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/u, 'Z'),
    });
    const outcome: ImportOutcome = { input, plan, read };
    if (plan.action === 'write' || plan.action === 'replace') {
      if (!opts.dryRun) {
        try {
          writeAtomically(join(dir, plan.file), plan.text, dir);
        } catch (e) {
          throw new ImportError(`cannot write ${join(dir, plan.file)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        outcome.written = join(dir, plan.file);
      }
      // Later inputs in the same run see this report (a second copy is then a no-op).
      const sha = /^sha256: ([0-9a-f]{64})$/mu.exec(plan.text)?.[1];
      const idx = existing.findIndex((e) => e.file === plan.file);
      const entry: ExistingReport = { file: plan.file, title: plan.detection.title!.value, year: plan.detection.year!.value, ...(plan.detection.region ? { region: plan.detection.region.value } : {}), ...(sha ? { sha256: sha } : {}) };
      if (idx >= 0) existing[idx] = entry;
      else existing.push(entry);
    }
    outcomes.push(outcome);
  }
  return outcomes;
}
