import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const frontMatterSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty'),
  year: z.coerce.number().int().min(1949).max(2100),
  region: z.string().trim().min(1).optional(),
  source: z.string().trim().min(1).optional(),
  // YAML may read an unquoted date as a string or a Date; keep what the maintainer wrote.
  published: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
    .optional(),
  // Written by `npm run import`: the file the report came from, its sha256 (so importing it again is a no-op),
  // and when it was imported.
  source_file: z.string().trim().min(1).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u, 'sha256 must be 64 hex digits').optional(),
  imported: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString() : v)).optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export type FrontMatterResult = { ok: true; meta: FrontMatter; body: string } | { ok: false; problem: string };

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---\nyaml\n---\nbody`; the body is returned exactly as written after the closing fence. */
export function splitFrontMatter(text: string): FrontMatterResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const m = FENCE.exec(source);
  if (!m) {
    return { ok: false, problem: 'no YAML front matter: start the file with a `---` block holding at least `title:` and `year:`' };
  }
  let data: unknown;
  try {
    data = parseYaml(m[1] ?? '');
  } catch (e) {
    return { ok: false, problem: `front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  const parsed = frontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`);
    return { ok: false, problem: `front matter is incomplete (${issues.join('; ')}); required: title, year` };
  }
  return { ok: true, meta: parsed.data, body: source.slice(m[0].length) };
}
