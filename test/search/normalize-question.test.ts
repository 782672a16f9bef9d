// Question hygiene: what a phone keyboard, a web page or a traditional-character IME adds to a question must
// not change the answer.
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { normalizeQuestion } from '../../src/search/normalize-question.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createAnswerEngine(loadKnowledge('knowledge').kb);
});

const QUESTIONS = ['全市调解组织调解案件成功率是多少?', '行政执法决定公示了多少次', '2021年庭审网络直播场次', '基层立法联系点设了几个', '网格事件办结率', '明天会下雨吗'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u00ad'];
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'tw' });
/** ASCII digits, letters and punctuation to their full-width forms (what NFKC folds back). */
const fullWidth = (s: string) => s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** What a user sees: the kind and the quotes, in order. */
const answerOf = (q: string) => {
  const r = engine.ask(q);
  return r.kind === 'answer' ? { kind: r.kind, grade: r.grade, quotes: r.citations.map((c) => c.quote) } : { kind: r.kind };
};

describe('normalizeQuestion', () => {
  it('folds full-width forms, drops invisible characters, converts traditional to simplified, collapses spaces', () => {
    expect(normalizeQuestion('  調解\u200b成功率　是多少？２０２１年 ')).toBe('调解成功率 是多少?2021年');
    expect(normalizeQuestion('網格化管理實現全覆蓋了嗎')).toBe('网格化管理实现全覆盖了吗');
  });

  it('leaves simplified text as it is', () => {
    const text = loadKnowledge('knowledge').kb.documents[0]!.sentences.map((s) => s.text).join('');
    expect(normalizeQuestion(text)).toBe(text.normalize('NFKC').replace(/\s+/gu, ' ').trim());
  });

  it('zero-width characters, full-width forms and traditional characters do not change the answer', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...QUESTIONS),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { maxLength: 4 }),
        fc.constantFrom('none', 'full-width', 'hk', 'tw'),
        (q, inserts, form) => {
          let typed = form === 'full-width' ? fullWidth(q) : form === 'hk' ? toTraditional(q) : form === 'tw' ? toTaiwan(q) : q;
          for (const [at, ch] of inserts) {
            const chars = [...typed];
            chars.splice(at % (chars.length + 1), 0, ch);
            typed = chars.join('');
          }
          expect(answerOf(typed)).toEqual(answerOf(q));
        },
      ),
      { numRuns: 60 },
    );
  });
});
