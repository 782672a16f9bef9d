// The knowledge snapshot in the prebuilt file decodes to exactly what the parser produced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/knowledge/figures.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { parseReport } from '../../src/knowledge/parse-report.js';
import { decodeDocument, encodeDocument } from '../../src/knowledge/snapshot.js';
import type { ParsedDocument } from '../../src/knowledge/types.js';
import { reportArbitraries, shippedKb } from '../helpers/knowledge.js';
import { MULTI_KNOWLEDGE_DIR } from '../helpers/paths.js';

/** Through JSON, as the file stores it. */
const roundTrip = (doc: ParsedDocument) => decodeDocument(JSON.parse(JSON.stringify(encodeDocument(doc))) as ReturnType<typeof encodeDocument>);

describe('knowledge snapshot', () => {
  it('round-trips the shipped report and the two-report fixture, corrections and figures included', () => {
    const docs = [...shippedKb().documents, ...loadKnowledge(MULTI_KNOWLEDGE_DIR).kb.documents];
    for (const doc of docs) expect(roundTrip(doc)).toEqual(doc);
    expect(docs.some((d) => d.paragraphs.some((p) => p.corrections.length > 0))).toBe(true);
  });

  it('round-trips any parsed report (property)', () => {
    const { report } = reportArbitraries();
    fc.assert(
      fc.property(report, fc.boolean(), (lines, corrected) => {
        const structure = parseReport('gen-1', lines.map((text) => ({ text, corrections: [], correctedRanges: corrected ? [[0, 3]] : [] })));
        const doc: ParsedDocument = {
          meta: { id: 'gen-1', file: 'gen-1.md', title: 't', year: 2021 },
          ...structure,
          figures: extractFigures(structure.sentences),
          integrity: [],
          sha256: '0',
        };
        expect(roundTrip(doc)).toEqual(doc);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses to encode a document that breaks the id rules it relies on', () => {
    const doc = shippedKb().documents[0]!;
    const renamed = { ...doc, sentences: doc.sentences.map((s, i) => (i === 3 ? { ...s, id: `${s.id}x` } : s)) };
    expect(() => encodeDocument(renamed)).toThrow(/sentence id/u);
    const moved = { ...doc, figures: doc.figures.map((f, i) => (i === 0 ? { ...f, sectionId: 'elsewhere' } : f)) };
    expect(() => encodeDocument(moved)).toThrow(/out of place/u);
  });
});
