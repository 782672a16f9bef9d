// The knowledge file an import writes: YAML front matter, then the body one paragraph a line, headings that the
// file marked only by style written with `#` marks (numbered headings carry their own numbering). Pure.
import { stringify } from 'yaml';
import { matchHeading } from '../knowledge/parse-report.js';
import type { Block } from './blocks.js';

export interface ReportMeta {
  title: string;
  year: number;
  region?: string;
  source?: string;
  published?: string;
  source_file: string;
  sha256: string;
  imported: string;
}

/** Body lines as the knowledge loader reads them. */
export function bodyLines(blocks: readonly Block[]): string[] {
  return blocks.map((b) => {
    const numbered = (matchHeading(b.text)?.depth ?? -1) >= 0;
    return b.heading !== undefined && !numbered ? `${'#'.repeat(Math.min(4, Math.max(1, b.heading)))} ${b.text}` : b.text;
  });
}

export function renderKnowledgeFile(meta: ReportMeta, lines: readonly string[]): string {
  const fields: Record<string, string | number> = { title: meta.title, year: meta.year };
  if (meta.region) fields.region = meta.region;
  if (meta.source) fields.source = meta.source;
  if (meta.published) fields.published = meta.published;
  fields.source_file = meta.source_file;
  fields.sha256 = meta.sha256;
  fields.imported = meta.imported;
  return `---\n${stringify(fields, { lineWidth: 0 }).trimEnd()}\n---\n${lines.join('\n')}\n`;
}

/** A file id from the original's name: ASCII words kept, else `report-<year>-<hash>`. */
export function reportId(sourceFile: string, year: number, sha256: string): string {
  const base = sourceFile.replace(/\.[^.]+$/u, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return /[a-z]{2,}|[a-z0-9]{4,}/u.test(slug) && slug.length >= 3 ? slug.slice(0, 60) : `report-${year}-${sha256.slice(0, 8)}`;
}
