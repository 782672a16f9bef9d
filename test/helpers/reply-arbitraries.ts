// fast-check generators for the reply model: long quotes, markdown and HTML characters, many figures,
// big outlines — everything a renderer must survive.
import fc from 'fast-check';
import type { Citation, CommandInfo, DigestContent, FigureView, Reply, SectionSuggestion, SourceInfo } from '../../src/reply/model.js';

const MD_CHARS = ['*', '_', '~', '[', ']', '(', ')', '<', '>', '#', '|', '`', '\\', '!', ':', '{', '}', '&', '\n', '-', '.', '1.', '**', '<font>', '</at>', '&#42;', '"', "'"];
/** Text mixing Chinese, ASCII, markdown syntax and emoji. */
export const richText = (maxLength = 300) =>
  fc
    .array(fc.oneof(fc.constantFrom(...MD_CHARS), fc.string({ maxLength: 12 }), fc.constantFrom('全市', '调解', '97.2%', '2551人次', '沙巴体育', '政务服务', '👍', '𠮷'), fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: Math.ceil(maxLength / 3) })
    .map((parts) => parts.join('').slice(0, maxLength));

const doc = fc.record({ id: fc.string({ maxLength: 20 }), title: richText(120), region: fc.option(richText(20), { nil: null }), year: fc.integer({ min: 1990, max: 2100 }) });

export const citation: fc.Arbitrary<Citation> = fc.record({
  quote: richText(3000),
  section: richText(200),
  sectionId: fc.string({ maxLength: 30 }),
  paragraphId: fc.string({ maxLength: 30 }),
  sentenceIds: fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }),
  document: doc,
  score: fc.double({ noNaN: true, min: -10, max: 100 }),
  corrected: fc.boolean(),
  corrections: fc.array(fc.record({ original: richText(20), replacement: richText(20), reason: richText(200) }), { maxLength: 3 }),
  highlights: fc.array(richText(10), { maxLength: 6 }),
  context: richText(500),
});

export const figure: fc.Arbitrary<FigureView> = fc.record({
  value: fc.double({ noNaN: true }),
  unit: richText(5),
  text: richText(30),
  label: richText(100),
  category: richText(10),
  qualifiers: fc.constant({}),
  quote: richText(1000),
  section: richText(150),
  document: doc,
  corrected: fc.boolean(),
});

const suggestion: fc.Arbitrary<SectionSuggestion> = fc.record({ section: richText(200), sectionId: fc.string({ maxLength: 20 }), document: doc });
const command: fc.Arbitrary<CommandInfo> = fc.record({ name: richText(20), aliases: fc.array(richText(10), { maxLength: 5 }), usage: richText(40), summary: richText(200) });
const source: fc.Arbitrary<SourceInfo> = fc.record({
  document: fc.record({ id: fc.string(), title: richText(120), region: fc.option(richText(20), { nil: null }), year: fc.integer({ min: 1990, max: 2100 }), source: fc.option(richText(300), { nil: null }), published: fc.option(richText(20), { nil: null }), file: richText(60) }),
  sections: fc.nat(),
  paragraphs: fc.nat(),
  sentences: fc.nat(),
  figures: fc.nat(),
  integrity: fc.array(
    fc.record({ term: richText(10), resolution: fc.constantFrom('corrected' as const, 'excluded' as const), replacement: richText(20), reason: richText(200), reviewer: richText(30), date: richText(10), paragraphId: fc.string() }),
    { maxLength: 30 },
  ),
});
const digest: fc.Arbitrary<DigestContent> = fc.record({
  date: fc.string({ maxLength: 10 }),
  section: suggestion,
  citations: fc.array(citation, { maxLength: 8 }),
  figures: fc.array(figure, { maxLength: 60 }),
  questions: fc.array(richText(200), { maxLength: 8 }),
});

export const reply: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({ kind: fc.constant('answer' as const), grade: fc.constantFrom('answer' as const, 'partial' as const, 'overview' as const), question: richText(600), citations: fc.array(citation, { maxLength: 6 }), figures: fc.array(figure, { maxLength: 300 }), confidence: fc.double({ noNaN: true }) }),
  fc.record({ kind: fc.constant('no_answer' as const), question: richText(600), suggestions: fc.array(suggestion, { maxLength: 30 }) }),
  fc.record({ kind: fc.constant('help' as const), commands: fc.array(command, { maxLength: 40 }) }),
  fc.record({ kind: fc.constant('unknown_command' as const), command: richText(100), suggestion: fc.option(command, { nil: null }), commands: fc.array(command, { maxLength: 40 }) }),
  fc.record({ kind: fc.constant('metric' as const), keyword: richText(100), figures: fc.array(figure, { maxLength: 300 }), categories: fc.array(fc.record({ name: richText(30), count: fc.nat() }), { maxLength: 50 }) }),
  fc.record({ kind: fc.constant('search' as const), query: richText(200), citations: fc.array(citation, { maxLength: 20 }) }),
  fc.record({
    kind: fc.constant('outline' as const),
    documents: fc.array(
      fc.record({ document: doc, sections: fc.array(fc.record({ sectionId: fc.string(), number: richText(6), title: richText(120), path: richText(200), depth: fc.integer({ min: 0, max: 6 }) }), { maxLength: 400 }) }),
      { maxLength: 8 },
    ),
  }),
  fc.record({ kind: fc.constant('source' as const), documents: fc.array(source, { maxLength: 20 }) }),
  fc.record({ kind: fc.constant('digest' as const), digest }),
  fc.record({ kind: fc.constant('subscription' as const), action: fc.constantFrom('subscribed' as const, 'unsubscribed' as const, 'already_subscribed' as const, 'not_subscribed' as const, 'unavailable' as const) }),
  fc.record({ kind: fc.constant('notice' as const), level: fc.constantFrom('info' as const, 'warning' as const, 'error' as const), text: richText(5000) }),
);
