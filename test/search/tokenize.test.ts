import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSynonyms, normalize, QUERY_STOP_WORDS, tokenize, tokenizeQuery, TOKENIZER_VERSION } from '../../src/search/tokenize.js';

const REPORT_PIECES = ['调解', '成功率', '97.2%', '行政执法', '公示', '2551人次', '裁判文书', '律师事务所', '，', '。', '(一)', 'Lark', ' ', '多少', '吗', '的', '是否', '情况'];
const mixed = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.array(fc.constantFrom(...REPORT_PIECES), { maxLength: 20 }).map((p) => p.join('')),
);

describe('tokenize (index side)', () => {
  it('gives Han bigrams, lower-cased Latin words and whole numbers', () => {
    expect(tokenize('全市调解组织调解案件成功率97.2%。')).toEqual(['全市', '市调', '调解', '解组', '组织', '织调', '调解', '解案', '案件', '件成', '成功', '功率', '97.2']);
    expect(tokenize('Lark 机器人 ABC')).toEqual(['lark', '机器', '器人', 'abc']);
    expect(tokenize('１９０６０场次')).toEqual(['19060', '场次']);
  });

  it('never yields an empty or whitespace term, and is deterministic (property)', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        const terms = tokenize(s);
        for (const t of terms) {
          expect(t.length).toBeGreaterThan(0);
          expect(t).not.toMatch(/\s/u);
        }
        expect(tokenize(s)).toEqual(terms);
      }),
    );
  });

  it('has a version number for prebuilt indexes', () => {
    expect(Number.isInteger(TOKENIZER_VERSION)).toBe(true);
  });
});

describe('tokenizeQuery (question side)', () => {
  const terms = (q: string) => tokenizeQuery(normalize(q)).map((t) => t.term);

  it('drops question words and particles, without forming bigrams across them', () => {
    const t = terms('调解成功率是多少?');
    expect(t).toContain('调解');
    expect(t).toContain('成功');
    expect(t).not.toContain('多少');
    expect(t).not.toContain('率是');
    expect(terms('明天会下雨吗')).toEqual(expect.arrayContaining(['明天', '下雨']));
    expect(terms('明天会下雨吗')).not.toContain('吗');
    expect(terms('庭审直播搞了多少场')).not.toContain('搞了');
  });

  it('yields no terms for a question made only of question words', () => {
    expect(terms('是什么情况吗')).toEqual([]);
    // A stop verb glued to a particle by the segmenter (做得, 搞了) is still a stop word.
    expect(terms('做得怎么样')).toEqual([]);
    // A measure word split from 多少 belongs to the question form: no 条执 bigram.
    expect(terms('多少条执法决定')).not.toContain('条执');
  });

  it('never yields an empty term or a stop word, spans lie inside the question (property)', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        const norm = normalize(s);
        const ts = tokenizeQuery(norm);
        for (const t of ts) {
          expect(t.term.length).toBeGreaterThan(0);
          expect(QUERY_STOP_WORDS.has(t.term)).toBe(false);
          expect(norm.slice(t.start, t.end)).toBe(t.term);
        }
        expect(tokenizeQuery(norm)).toEqual(ts);
      }),
    );
  });
});

describe('expandSynonyms', () => {
  it('adds the other members of a group and records what applied', () => {
    const norm = normalize('律所驻清远代表处');
    const e = expandSynonyms(norm, tokenizeQuery(norm), [['律所', '律师事务所'], ['判决书', '裁判文书']]);
    expect(e.applied).toEqual(['律所→律师事务所']);
    expect(e.phrases.map((p) => p.term)).toEqual(['律师事务所']);
    expect(e.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['律师', '事务', '务所']));
    // The synonym stands for the span of the word it replaces.
    expect(norm.slice(e.phrases[0]!.start, e.phrases[0]!.end)).toBe('律所');
  });

  it('finds a member said with 的 inside it (懂法的带头人), standing for the whole span', () => {
    const norm = normalize('村里懂法的带头人培养了多少个');
    const e = expandSynonyms(norm, tokenizeQuery(norm), [['懂法带头人', '法律明白人']]);
    expect(e.applied).toEqual(['懂法带头人→法律明白人']);
    const p = e.phrases.find((x) => x.term === '法律明白人')!;
    expect(norm.slice(p.start, p.end)).toBe('懂法的带头人');
  });

  it('applies nothing when no member occurs', () => {
    const norm = normalize('调解成功率');
    expect(expandSynonyms(norm, tokenizeQuery(norm), [['律所', '律师事务所']]).applied).toEqual([]);
  });
});
