// Fixed reply-model pieces for renderer tests: the mediation-rate sentence of the shipped report, as a citation
// and as a figure, under a document id of the test's choosing.
import type { Citation, FigureView } from '../../src/reply/model.js';

export const MEDIATION_SECTION = '二、(四)2. 深化预防与化解社会矛盾纠纷工作';
const MEDIATION_QUOTE = '全市调解组织调解案件成功率97.2%。';

export type FixtureDoc = Citation['document'];

export const fixtureDoc = (id: string): FixtureDoc => ({ id, title: '清远市2021年全面依法治市工作情况报告', region: '清远市', year: 2021 });

export const citationFixture = (doc: FixtureDoc, over: Partial<Citation> = {}): Citation => ({
  quote: MEDIATION_QUOTE,
  section: MEDIATION_SECTION,
  sectionId: `${doc.id}/s2.4.2`,
  paragraphId: `${doc.id}/s2.4.2/p1`,
  sentenceIds: [`${doc.id}/s2.4.2/p1/t3`],
  document: doc,
  score: 1.2,
  corrected: false,
  corrections: [],
  highlights: ['调解'],
  context: '',
  ...over,
});

export const figureFixture = (doc: FixtureDoc): FigureView => ({
  value: 97.2,
  unit: '%',
  text: '97.2%',
  label: '全市调解组织调解案件成功率',
  category: '调解',
  qualifiers: {},
  quote: MEDIATION_QUOTE,
  section: MEDIATION_SECTION,
  document: doc,
  corrected: false,
});
