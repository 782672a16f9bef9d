// What the import tells the user about one report: where it went and what was detected, each with its reason.
import type { Detection } from './detect-metadata.js';
import type { ImportOutcome } from './import-files.js';

function detectionLines(d: Detection | undefined): string[] {
  if (!d) return [];
  const line = (name: string, f: { value: string | number; reason: string } | undefined, missing: string) =>
    f ? `  ${name.padEnd(10)}${f.value}  ← ${f.reason}` : `  ${name.padEnd(10)}(${missing})`;
  return [
    line('title', d.title, 'not found'),
    line('year', d.year, 'not found'),
    line('region', d.region, 'not found; pass --region to set it'),
    line('published', d.published, 'not found'),
    line('source', d.source, 'not found'),
  ];
}

export function describeOutcome(o: ImportOutcome, opts: { dryRun: boolean; knowledgeDir: string }): string {
  const p = o.plan;
  const where = (file: string) => `${opts.knowledgeDir.replace(/\/$/u, '')}/${file}`;
  switch (p.action) {
    case 'unchanged':
      return `${o.input}: already imported as ${where(p.file)} (same file, same sha256); nothing to do`;
    case 'refuse':
      return [`${o.input}: not imported: ${p.problem}`, ...detectionLines(p.detection)].join('\n');
    case 'write':
    case 'replace': {
      const verb = opts.dryRun ? 'would write' : 'wrote';
      const head =
        p.action === 'replace'
          ? `${o.input}: ${verb} ${where(p.file)}, replacing the earlier version of the same report (same region, year and title${p.replaced?.sourceFile ? `; was imported from ${p.replaced.sourceFile}` : ''})`
          : `${o.input}: ${verb} ${where(p.file)}`;
      const dropped = o.read?.dropped ?? [];
      const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 24)}…` : s);
      return [
        head,
        ...detectionLines(p.detection),
        `  structure ${p.sections} section(s), ${p.paragraphs} paragraph(s)${dropped.length > 0 ? `; ${dropped.length} line(s) of page furniture left out` : ''}`,
        // Shown so that a maintainer sees at a glance that nothing of the report went with them.
        ...(dropped.length > 0 ? [`  left out  ${dropped.slice(0, 4).map(clip).join(' | ')}${dropped.length > 4 ? ` | … (${dropped.length - 4} more)` : ''}`] : []),
        ...(o.read?.notes ?? []).map((n) => `  note      ${n}`),
        ...(opts.dryRun ? ['  (dry run: nothing written)'] : []),
      ].join('\n');
    }
  }
}
