import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, weekday } from '../../src/digest/dates.js';
import { createDigestPlanner } from '../../src/digest/planner.js';
import { MIN_SECTIONS_FOR_WORKDAYS, mod, slotIndex } from '../../src/digest/rotation.js';
import { substantiveSections } from '../../src/digest/sections.js';
import { MAX_QUOTE_CHARS as MAX_QUOTE } from '../../src/knowledge/split-sentences.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import type { DigestContent } from '../../src/reply/model.js';
import { kbWithSecondReport, lexiconTerms, shippedKb } from '../helpers/knowledge.js';
import { REDACTED_TERM } from '../../src/knowledge/redact.js';

const kb = shippedKb();
const lexicon = lexiconTerms().map((t) => t.toLowerCase());
const dateArb = fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2099-12-31') }).map((n) => addDays('1970-01-01', n));

function expectVerbatim(d: DigestContent, base: KnowledgeBase) {
  expect(d.citations.length).toBeGreaterThan(0);
  for (const c of d.citations) {
    const doc = base.documents.find((x) => x.meta.id === c.document.id)!;
    const paragraph = doc.paragraphs.find((p) => p.id === c.paragraphId)!;
    expect(paragraph.text).toContain(c.quote); // verbatim from the corrected report
    expect(c.quote.length).toBeLessThanOrEqual(MAX_QUOTE);
    expect(c.section).toBe(d.section.section);
    for (const id of c.sentenceIds) expect(doc.sentences.find((s) => s.id === id)?.heading).toBe(false);
    for (const t of lexicon) expect(c.quote.toLowerCase()).not.toContain(t);
  }
  for (const f of d.figures) {
    expect(f.section).toBe(d.section.section);
    expect(f.quote).toContain(f.text);
    for (const t of lexicon) expect(f.quote.toLowerCase()).not.toContain(t);
  }
  // Only the correction record itself (what was replaced, and why) may name the injected term.
  const shown = { ...d, citations: d.citations.map(({ corrections: _c, ...c }) => c) };
  expect(JSON.stringify(shown)).not.toContain('沙巴体育');
}

describe('digest planner', () => {
  const planner = createDigestPlanner(kb);

  it('gives the same digest for the same date, also from a fresh planner', () => {
    const again = createDigestPlanner(shippedKb());
    for (const date of ['2026-11-27', '2026-11-28', '2027-03-01']) expect(again.digestFor(date)).toEqual(planner.digestFor(date));
  });

  it('quotes key points verbatim, ≤ 200 characters, never a heading, never an injected term', () => {
    for (let i = 0; i < 40; i++) expectVerbatim(planner.digestFor(addDays('2026-11-01', i)), kb);
  });

  it('says when a quote went through the reviewed correction', () => {
    const days = Array.from({ length: 30 }, (_, i) => planner.digestFor(addDays('2026-11-01', i)));
    const corrected = days.flatMap((d) => d.citations).filter((c) => c.corrected);
    expect(corrected.length).toBeGreaterThan(0);
    // The note says what the report said; the injected original itself is never carried to a reply.
    for (const c of corrected) expect(c.corrections).toEqual([expect.objectContaining({ original: REDACTED_TERM, replacement: '政务服务' })]);
    expect(JSON.stringify(corrected)).not.toContain('沙巴体育');
  });

  it('shows the section figures and two questions built from its own labels and title', () => {
    for (let i = 0; i < 20; i++) {
      const d = planner.digestFor(addDays('2026-11-01', i));
      expect(d.questions).toHaveLength(2);
      expect(new Set(d.questions).size).toBe(2);
      const section = kb.documents[0]!.sections.find((s) => s.id === d.section.sectionId)!;
      const labels = kb.documents[0]!.figures.filter((f) => f.sectionId === section.id).map((f) => f.label);
      for (const q of d.questions) {
        expect(q).toMatch(/[??]$/u);
        expect(labels.some((l) => q.includes(l)) || q.includes(section.title.split(/[,,]/u)[0]!)).toBe(true);
      }
      const sectionFigures = kb.documents[0]!.figures.filter((f) => f.sectionId === section.id);
      expect(d.figures.length).toBe(Math.min(4, sectionFigures.length));
    }
  });

  it('gives ten different sections on any ten consecutive dates', () => {
    fc.assert(
      fc.property(dateArb, (start) => {
        const sections = Array.from({ length: 10 }, (_, i) => planner.digestFor(addDays(start, i)).section.sectionId);
        expect(new Set(sections).size).toBe(10);
      }),
      { numRuns: 60 },
    );
  });

  it('covers every section with substance before any repeats, on workdays', () => {
    const pool = substantiveSections(kb).map((m) => m.section.id);
    expect(pool.length).toBeGreaterThanOrEqual(10);
    // No bare headings ("二、(二) 全面推进法治政府建设") and no one-line lead in the rotation.
    for (const id of pool) expect(kb.documents[0]!.sentences.filter((s) => s.sectionId === id && !s.heading).length).toBeGreaterThanOrEqual(1);
    expect(pool).not.toContain('qingyuan-2021/s2.2');
    fc.assert(
      fc.property(dateArb, (start) => {
        const workdays: string[] = [];
        for (let d = start; workdays.length < pool.length * 2; d = addDays(d, 1)) if (weekday(d) >= 1 && weekday(d) <= 5) workdays.push(d);
        const seq = workdays.map((d) => planner.digestFor(d).section.sectionId);
        expect(new Set(seq.slice(0, pool.length))).toEqual(new Set(pool));
        expect(seq.slice(pool.length)).toEqual(seq.slice(0, pool.length)); // then the same order again
      }),
      { numRuns: 25 },
    );
  });

  it('covers every section before any repeats on the daily calendar too', () => {
    const daily = createDigestPlanner(kb, { calendar: 'daily' });
    const n = daily.rotation.length;
    const seq = Array.from({ length: n }, (_, i) => daily.digestFor(addDays('2026-12-30', i)).section.sectionId);
    expect(new Set(seq).size).toBe(n);
  });

  it('keeps ten consecutive dates apart for any rotation length the workday calendar is used with', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: MIN_SECTIONS_FOR_WORKDAYS, max: 60 }), (start, n) => {
        const slots = Array.from({ length: 10 }, (_, i) => mod(slotIndex(addDays(start, i), 'workdays', n), n));
        expect(new Set(slots).size).toBe(10);
      }),
      { numRuns: 300 },
    );
  });

  it('announces a report that has not been announced, then returns to the rotation', () => {
    const { kb: two, cleanup } = kbWithSecondReport();
    try {
      const p = createDigestPlanner(two);
      const first = p.digestFor('2026-11-30', { knownDocuments: ['qingyuan-2021'] });
      expect(first.announcement?.document).toMatchObject({ id: 'shili-2022', title: '示例市2022年法治政府建设年度报告', year: 2022 });
      expect(first.section.document.id).toBe('shili-2022');
      expectVerbatim(first, two);
      const after = p.digestFor('2026-11-30', { knownDocuments: ['qingyuan-2021', 'shili-2022'] });
      expect(after.announcement).toBeUndefined();
      expect(p.digestFor('2026-11-30')).toEqual(after); // no state given: nothing to announce
      // A new knowledge version reshuffles, but still covers both reports.
      const docs = new Set(p.rotation.map((s) => s.document.id));
      expect(docs).toEqual(new Set(['qingyuan-2021', 'shili-2022']));
    } finally {
      cleanup();
    }
  });

  it('refuses a date that is not a calendar date', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '27.11.2026', '', '2026-1-5']) expect(() => planner.digestFor(bad)).toThrow(/date/u);
  });
});

describe('dates', () => {
  it('day arithmetic round-trips for any date, years 0000–9999 included', () => {
    fc.assert(
      // One day inside the range at each end, so that d ± 1 is still a date of years 0000–9999.
      fc.property(fc.integer({ min: dayNumber('0000-01-02'), max: dayNumber('9999-12-30') }), (n) => {
        const d = addDays('1970-01-01', n);
        expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
        expect(dayNumber(d)).toBe(n);
        expect(addDays(addDays(d, 1), -1)).toBe(d);
      }),
    );
    expect(weekday('2026-11-27')).toBe(5);
    expect(dayNumber('0001-01-01')).toBeLessThan(dayNumber('1900-01-01'));
  });
});
