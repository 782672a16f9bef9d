import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupUnanswered, normalizeQuestion, type QuestionSample } from '../../src/obs/unanswered.js';

const s = (text: string, i: number, over: Partial<QuestionSample> = {}): QuestionSample => ({
  text,
  at: 1_700_000_000_000 + i * 1000,
  answered: false,
  vote: null,
  userId: `ou_${i % 5}`,
  chatId: `oc_${i % 2}`,
  ...over,
});

const SAMPLES: QuestionSample[] = [
  // One question about the weather, asked four ways (5 times).
  s('明天天气怎么样', 1),
  s('明天天气怎么样?', 2),
  s('请问明天的天气如何', 3),
  s('明天天气好吗', 4),
  s('明天的天气怎样', 5),
  // Another about GDP, asked three ways.
  s('广州市GDP是多少', 6),
  s('广州的GDP有多少', 7),
  s('广州GDP', 8),
  // One asked once.
  s('食堂几点开饭', 9),
  // Answered but voted down: in the report.
  s('法律援助办了多少件', 10, { answered: true, vote: 'down' }),
  // Answered and not voted down: not in the report.
  s('调解成功率是多少', 11, { answered: true }),
  s('调解成功率是多少', 12, { answered: true, vote: 'up' }),
];

describe('unanswered questions report', () => {
  it('groups paraphrases of one question together, most frequent first', () => {
    const groups = groupUnanswered(SAMPLES);
    expect(groups.map((g) => g.count)).toEqual([5, 3, 1, 1]);
    expect(groups[0]!.questions.map((q) => q.text).sort()).toEqual(['明天天气好吗', '明天天气怎么样', '明天天气怎么样?', '明天的天气怎样', '请问明天的天气如何'].sort());
    expect(groups[1]!.questions.map((q) => q.text).sort()).toEqual(['广州GDP', '广州市GDP是多少', '广州的GDP有多少'].sort());
    expect(groups.flatMap((g) => g.questions.map((q) => q.text))).not.toContain('调解成功率是多少');
    const downvoted = groups.find((g) => g.representative === '法律援助办了多少件')!;
    expect(downvoted).toMatchObject({ count: 1, refused: 0, downvoted: 1 });
    // Unrelated questions stay apart.
    expect(groups.find((g) => g.representative === '食堂几点开饭')!.count).toBe(1);
  });

  it('shows the most frequent wording and counts askers and chats', () => {
    const more = [...SAMPLES, s('广州的GDP有多少', 13), s('广州的GDP有多少', 14)];
    const gdp = groupUnanswered(more).find((g) => g.questions.some((q) => q.text === '广州GDP'))!;
    expect(gdp.representative).toBe('广州的GDP有多少');
    expect(gdp.count).toBe(5);
    expect(gdp.askers).toBe(4); // ou_1, ou_2, ou_3 (twice), ou_4
    expect(gdp.chats).toBe(2);
  });

  it('normalises punctuation, width and question words away', () => {
    expect(normalizeQuestion('请问:广州市ＧＤＰ是多少?')).toBe(normalizeQuestion('广州市GDP多少'));
    expect(normalizeQuestion('?')).toBe('');
  });

  it('is deterministic whatever the input order, and puts every question in exactly one group', () => {
    const base = groupUnanswered(SAMPLES);
    fc.assert(
      fc.property(fc.shuffledSubarray(SAMPLES, { minLength: SAMPLES.length, maxLength: SAMPLES.length }), (shuffled) => {
        expect(groupUnanswered(shuffled)).toEqual(base);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ text: fc.string({ maxLength: 12 }), answered: fc.boolean(), down: fc.boolean() }), { maxLength: 40 }), (rows) => {
        const samples = rows.map((r, i) => s(r.text, i, { answered: r.answered, vote: r.down ? 'down' : null }));
        const groups = groupUnanswered(samples);
        const expected = samples.filter((x) => (!x.answered || x.vote === 'down') && x.text.trim() !== '').length;
        expect(groups.reduce((n, g) => n + g.count, 0)).toBe(expected);
        for (let i = 1; i < groups.length; i++) expect(groups[i - 1]!.count).toBeGreaterThanOrEqual(groups[i]!.count);
      }),
    );
  });
});
