// The candidate retriever ranks exactly as MiniSearch's own search would, on a freshly built and on a
// deserialized (prebuilt) index, for any mix of terms, synonym boosts and sentence-only terms.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { buildIndex, deserializeIndex, FIELD_BOOST, FIELDS, serializeIndex, type SearchIndex } from '../../src/search/index.js';
import { createRetriever, referenceRetrieve, topK, type RetrievalQuery } from '../../src/search/retrieve.js';

let built: SearchIndex;
let loaded: SearchIndex;
let vocabulary: string[];

beforeAll(() => {
  const kb = loadKnowledge('test/fixtures/knowledge-multi').kb;
  built = buildIndex(kb);
  loaded = deserializeIndex(kb, serializeIndex(built));
  // Real terms, plus a few no sentence holds.
  vocabulary = [...built.df.keys()].sort().filter((_, i) => i % 7 === 0).concat(['不存在', 'zz9']);
});

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
      const index = which === 'built' ? built : loaded;
      const retrieve = createRetriever(index.mini);
      fc.assert(
        fc.property(queryArb(), fc.integer({ min: 1, max: 40 }), (q, limit) => {
          const got = retrieve(q, limit);
          const want = referenceRetrieve(index.mini, q, limit);
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
    const retrieve = createRetriever(built.mini);
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
