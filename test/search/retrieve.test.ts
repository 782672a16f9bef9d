// The candidate retriever ranks exactly as MiniSearch's own search over the same sentences would, on freshly
// built postings and on postings read back from a prebuilt file, for any mix of terms, synonym boosts and
// sentence-only terms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputFingerprint, loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { readIndexFile, writeIndexFile } from '../../src/search/index-file.js';
import { buildIndex, buildMiniSearch, FIELD_BOOST, FIELDS } from '../../src/search/index.js';
import type { Postings } from '../../src/search/postings.js';
import { createRetriever, referenceRetrieve, topK, type RetrievalQuery } from '../../src/search/retrieve.js';
import { MULTI_KNOWLEDGE_DIR } from '../helpers/paths.js';

const KNOWLEDGE = MULTI_KNOWLEDGE_DIR;
let built: Postings;
let fromFile: Postings;
let reference: MiniSearch<unknown>;
let vocabulary: string[];
let tmp: string;

beforeAll(() => {
  const loaded = loadKnowledge(KNOWLEDGE);
  const index = buildIndex(loaded.kb);
  built = index.postings;
  reference = buildMiniSearch(index.entries) as MiniSearch<unknown>;
  tmp = mkdtempSync(join(tmpdir(), 'fazhi-retrieve-'));
  const file = join(tmp, 'index');
  writeIndexFile(file, loaded, index, inputFingerprint(KNOWLEDGE)!);
  fromFile = readIndexFile(file)!.postings();
  // Real terms, plus a few no sentence holds.
  vocabulary = [...built.terms].sort().filter((_, i) => i % 7 === 0).concat(['不存在', 'zz9']);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const queryArb = () =>
  fc
    .record({
      terms: fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }),
      split: fc.nat({ max: 12 }),
      boosted: fc.uniqueArray(fc.nat({ max: 12 }), { maxLength: 4 }),
    })
    .map(({ terms, split, boosted }): RetrievalQuery => {
      const words = [...new Set(terms.map((i) => vocabulary[i % vocabulary.length]!))];
      const synonyms = new Set(boosted.map((i) => words[i % words.length]!));
      return {
        all: words.slice(0, Math.min(split, words.length)),
        textOnly: words.slice(Math.min(split, words.length)),
        fields: FIELDS,
        boost: FIELD_BOOST,
        termBoost: (t) => (synonyms.has(t) ? 0.7 : 1),
      };
    });

describe('retriever', () => {
  for (const which of ['built', 'prebuilt'] as const) {
    it(`ranks as MiniSearch#search does (${which} index)`, () => {
      const retrieve = createRetriever(which === 'built' ? built : fromFile);
      fc.assert(
        fc.property(queryArb(), fc.integer({ min: 1, max: 40 }), (q, limit) => {
          const got = retrieve(q, limit);
          const want = referenceRetrieve(reference, q, limit);
          expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
          got.forEach((h, k) => expect(h.score).toBeCloseTo(want[k]!.score, 9));
          // Buffers are reused: asking again gives the same answer.
          expect(retrieve(q, limit)).toEqual(got);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('returns nothing for terms no sentence holds', () => {
    const retrieve = createRetriever(built);
    expect(retrieve({ all: ['不存在'], textOnly: [], fields: FIELDS, boost: FIELD_BOOST, termBoost: () => 1 }, 10)).toEqual([]);
  });
});

describe('topK', () => {
  it('equals a stable sort, best first, cut to the limit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (values, limit) => {
        const want = values
          .map((v, pos) => ({ v, pos }))
          .sort((a, b) => b.v - a.v)
          .slice(0, limit)
          .map((x) => x.pos);
        expect(topK(values, (v) => v, limit)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
