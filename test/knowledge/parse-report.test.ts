import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchHeading, parseReport, type ParsedStructure } from '../../src/knowledge/parse-report.js';
import { MAX_QUOTE_CHARS, splitSentences } from '../../src/knowledge/split-sentences.js';
import { reportArbitraries, shippedDoc } from '../helpers/knowledge.js';

/** The structural invariants every parse must keep, whatever the input. */
function expectInvariants(structure: ParsedStructure, lines: string[]): void {
  const { sections, paragraphs, sentences } = structure;
  const sectionIds = new Set(sections.map((s) => s.id));
  expect(sectionIds.size).toBe(sections.length);
  expect(new Set(paragraphs.map((p) => p.id)).size).toBe(paragraphs.length);
  expect(new Set(sentences.map((s) => s.id)).size).toBe(sentences.length);
  expect(paragraphs.map((p) => p.text)).toEqual(lines);
  for (const section of sections) if (section.parentId !== null) expect(sectionIds.has(section.parentId)).toBe(true);

  const byId = new Map(paragraphs.map((p) => [p.id, p]));
  const covered = new Map(paragraphs.map((p) => [p.id, new Array<boolean>(p.text.length).fill(false)]));
  for (const s of sentences) {
    const paragraph = byId.get(s.paragraphId);
    expect(paragraph).toBeDefined();
    // Exactly one section: the sentence's own, which is its paragraph's, which exists.
    expect(s.sectionId).toBe(paragraph?.sectionId);
    expect(sectionIds.has(s.sectionId)).toBe(true);
    // Verbatim at its offset, never blank, never longer than a quote may be.
    expect(paragraph?.text.slice(s.start, s.start + s.text.length)).toBe(s.text);
    expect(s.text.trim().length).toBeGreaterThan(0);
    expect([...s.text].length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect(s.text.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    const mask = covered.get(s.paragraphId) ?? [];
    for (let i = s.start; i < s.start + s.text.length; i++) {
      if (mask[i]) expect.fail(`sentences overlap at ${i} in ${s.paragraphId}`);
      mask[i] = true;
    }
  }
  // Nothing is lost: every visible character is in a sentence, except a heading's own number (`二、`).
  for (const p of paragraphs) {
    const numberEnd = matchHeading(p.text)?.titleStart ?? 0;
    const mask = covered.get(p.id) ?? [];
    for (let i = numberEnd; i < p.text.length; i++) if (!mask[i] && (p.text[i] ?? '').trim() !== '') expect.fail(`lost "${p.text[i]}" at ${i} in ${JSON.stringify(p.text)}`);
  }
  expect(sentences.map((s) => s.order)).toEqual(sentences.map((_, i) => i));
  expect(sections.map((s) => s.order)).toEqual(sections.map((_, i) => i));
}

const parse = (lines: string[]) => parseReport('doc', lines.map((text) => ({ text, corrections: [], correctedRanges: [] })));

describe('the shipped report', () => {
  const doc = shippedDoc();

  it('keeps the structural invariants', () => {
    expectInvariants(doc, doc.paragraphs.map((p) => p.text));
  });

  it('has a lead and a closing section', () => {
    expect(doc.sections[0]).toMatchObject({ kind: 'lead', id: 'qingyuan-2021/lead', depth: 0 });
    expect(doc.sections.at(-1)).toMatchObject({ kind: 'closing', id: 'qingyuan-2021/closing', depth: 0 });
    const lead = doc.sentences.filter((s) => s.sectionId === 'qingyuan-2021/lead');
    expect(lead[0]?.text).toMatch(/^今年以来,我市坚持以习近平新时代中国特色社会主义思想为指导/u);
    const closing = doc.sentences.filter((s) => s.sectionId === 'qingyuan-2021/closing');
    expect(closing[0]?.text).toMatch(/存在一些问题和不足/u);
  });

  it('builds section paths from the Chinese numbering', () => {
    const paths = doc.sections.map((s) => s.path);
    expect(paths).toContain('二、(二)3. 大力推进严格规范公正文明执法');
    expect(paths).toContain('二、(四)2. 深化预防与化解社会矛盾纠纷工作');
    expect(paths).toContain('二、(一) 持续提升立法质量效率');
    const enforcement = doc.sections.find((s) => s.path === '二、(二)3. 大力推进严格规范公正文明执法');
    expect(enforcement).toMatchObject({ id: 'qingyuan-2021/s2.2.3', number: '3.', depth: 3, parentId: 'qingyuan-2021/s2.2' });
    const sentence = doc.sentences.find((s) => s.text.includes('培训乡镇街道执法人员2551人次'));
    expect(sentence?.sectionId).toBe(enforcement?.id);
    // Three 一、 sections, four (…) under 二、, and 1.–5. under 二、(二).
    expect(doc.sections.filter((s) => s.depth === 1).map((s) => s.number)).toEqual(['一、', '二、', '三、']);
    expect(doc.sections.filter((s) => s.parentId === 'qingyuan-2021/s2').map((s) => s.number)).toEqual(['(一)', '(二)', '(三)', '(四)']);
    expect(doc.sections.filter((s) => s.parentId === 'qingyuan-2021/s2.2').map((s) => s.number)).toEqual(['1.', '2.', '3.', '4.', '5.']);
  });

  it('marks inline headings as heading sentences and keeps the body after them', () => {
    const heading = doc.sentences.find((s) => s.sectionId === 'qingyuan-2021/s2.2.3' && s.heading);
    expect(heading?.text).toBe('大力推进严格规范公正文明执法。');
    const body = doc.sentences.filter((s) => s.sectionId === 'qingyuan-2021/s2.2.3' && !s.heading).map((s) => s.text);
    expect(body).toContain('公示行政执法决定177817次。');
  });
});

describe('a numbered line that is one sentence stating figures', () => {
  it('is an item of its section, not a section of its own, and its sentence is body text', () => {
    const lines = ['一、主要工作', '3.优化营商环境。', '（1）市12345热线全年受理群众诉求41.7万件，按时办结率98.9%。', '（2）深化“一网通办”改革。', '全市政务服务事项网上可办率99%。'];
    const parsed = parseReport('d', lines.map((text) => ({ text, corrections: [], correctedRanges: [] })));
    expect(parsed.sections.map((s) => s.title)).toEqual(['主要工作', '优化营商环境', '深化“一网通办”改革']);
    const item = parsed.sentences.find((s) => s.text.includes('41.7万件'))!;
    expect(item.heading).toBe(false);
    expect(parsed.sections.find((s) => s.id === item.sectionId)?.title).toBe('优化营商环境');
  });
});

describe('parseReport on generated report-like text', () => {
  const { phrase, body, heading, report } = reportArbitraries();

  it('never throws and keeps every invariant', () => {
    fc.assert(
      fc.property(report, (lines) => {
        expectInvariants(parse(lines), lines);
      }),
      { numRuns: 300 },
    );
  });

  it('puts text before the first heading into the lead and a forward-looking last paragraph into the closing', () => {
    fc.assert(
      fc.property(body, fc.array(heading, { minLength: 1, maxLength: 6 }), phrase, (lead, headings, rest) => {
        const lines = [lead, ...headings, `接下来,我们将${rest}。`];
        const { sections, sentences } = parse(lines);
        if (matchHeading(lead)) return; // a generated lead that reads as a heading is a heading
        expect(sections[0]?.kind).toBe('lead');
        expect(sections.at(-1)?.kind).toBe('closing');
        expect(sentences.at(-1)?.sectionId).toBe('doc/closing');
        expect(sections.filter((s) => s.kind === 'lead')).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('splitSentences', () => {
  it('cuts long prose at clause boundaries, verbatim', () => {
    const clause = '推进我市乡镇街道综合行政执法工作,';
    const text = `${clause.repeat(20)}完成。`;
    const spans = splitSentences(text);
    expect(spans.length).toBeGreaterThan(1);
    for (const s of spans) {
      expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
      expect(s.text.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    }
    expect(spans.map((s) => s.text).join('')).toBe(text);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('他说:“好。”然后走了。').map((s) => s.text)).toEqual(['他说:“好。”', '然后走了。']);
  });

  it('is verbatim and bounded for any text, astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 150, maxLength: 1200 }), fc.nat(50), (text, offset) => {
        for (const s of splitSentences(text, offset)) {
          expect(text.slice(s.start - offset, s.start - offset + s.text.length)).toBe(s.text);
          expect(s.text.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
          expect(s.text.trim()).toBe(s.text);
          expect(s.text.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('matchHeading', () => {
  it.each([
    ['一、深入学习宣传贯彻习近平法治思想', 1, '一、'],
    ['(二)健全党领导法治建设制度机制。市委召开会议。', 2, '(二)'],
    ['（三）全角括号的标题', 2, '（三）'],
    ['3.大力推进严格规范公正文明执法。推进执法。', 3, '3.'],
  ])('reads %s as a heading', (line, depth, number) => {
    expect(matchHeading(line)).toMatchObject({ depth, number });
  });

  it.each(['2021年全市办理案件300件。', '1.5亿元资金投入使用。', '一、', `二、${'很长的一句话'.repeat(20)}。`])('does not read %s as a heading', (line) => {
    expect(matchHeading(line)).toBeNull();
  });
});
