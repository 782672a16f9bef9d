import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureScaleCorpus, varyFigures } from '../../scripts/gen-scale-corpus.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

const tmp = mkdtempSync(join(tmpdir(), 'scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((f) => !f.startsWith('.')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

describe('scale corpus generator', () => {
  it('is deterministic, passes the knowledge build and integrity check, and varies region, year and figures', () => {
    const a = ensureScaleCorpus({ out: join(tmp, 'a'), reports: 60 });
    const b = ensureScaleCorpus({ out: join(tmp, 'b'), reports: 60 });
    expect(a.generated).toBe(true);
    expect(digest(a.dir)).toBe(digest(b.dir));
    const { kb } = loadKnowledge(a.dir);
    expect(kb.documents).toHaveLength(60);
    // About the real report's size per report: ~24 paragraphs, ~90 sentences.
    expect(a.paragraphs / 60).toBeGreaterThan(20);
    expect(a.sentences / 60).toBeGreaterThan(70);
    expect(new Set(kb.documents.map((d) => d.meta.region)).size).toBeGreaterThan(30);
    expect(new Set(kb.documents.map((d) => d.meta.year)).size).toBeGreaterThan(1);
    const lexicon = readFileSync(join(a.dir, 'spam-lexicon.txt'), 'utf8');
    expect(lexicon).toContain('沙巴体育');
    for (const d of kb.documents) for (const p of d.paragraphs) expect(p.text).not.toContain('沙巴体育');
    // The figures differ between reports built from the same sentences.
    const figs = new Set(kb.documents.flatMap((d) => d.figures.map((f) => f.text)));
    expect(figs.size).toBeGreaterThan(200);
  });

  it('reuses an up-to-date corpus and regenerates one made with other options', () => {
    const dir = join(tmp, 'c');
    expect(ensureScaleCorpus({ out: dir, reports: 3 }).generated).toBe(true);
    expect(ensureScaleCorpus({ out: dir, reports: 3 }).generated).toBe(false);
    expect(ensureScaleCorpus({ out: dir, reports: 4 }).generated).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('scale-'))).toHaveLength(4);
  });

  it('never deletes a directory it did not make', () => {
    const dir = join(tmp, 'foreign');
    rmSync(dir, { recursive: true, force: true });
    ensureScaleCorpus({ out: join(tmp, 'x'), reports: 1 });
    writeFileSync(join(tmp, 'note.txt'), 'x');
    expect(() => ensureScaleCorpus({ out: tmp, reports: 1 })).toThrow(/not made by this generator/);
  });

  it('shifts years, keeps months and keeps percentages at most 100', () => {
    let i = 0;
    const r = () => [0.99, 0.5, 0.01][i++ % 3]!;
    const out = varyFigures('2021年8月,调解成功率97.2%,办结2215件,排名第1', r, -3);
    expect(out).toMatch(/^2018年8月,调解成功率\d+\.\d%,办结\d+件,排名第\d$/);
    expect(Number(/(\d+\.\d)%/.exec(out)![1])).toBeLessThanOrEqual(100);
  });
});
