// The quality bar on the development set (eval/questions.jsonl): a regression guard for the whole pipeline
// (parser, figures, tokenizer, ranking, threshold). Acceptance is on unseen questions; this keeps the seen ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/search/engine.js';
import { evaluate, parseQuestions } from '../../src/search/evaluate.js';
import { shippedKb } from '../helpers/knowledge.js';

describe('development set', () => {
  const questions = parseQuestions(readFileSync('eval/questions.jsonl', 'utf8'));
  const engine = createAnswerEngine(shippedKb());

  // Known misses (see eval/README.md): 城市交通管理 and 交通管理条例立法 are answered (交通 is not in the report,
  // and the rest of the words match a 管理条例 sentence). The bar below allows them; tighten it when they are fixed.
  it('meets the bar: top-1 ≥ 95%, top-3 = 100%, no-answer ≥ 95%, no answerable question refused', () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    const r = evaluate(engine, questions);
    const failures = r.failures.map((f) => `${f.problem}: ${f.q}`).join('\n');
    expect(r.top1Rate, failures).toBeGreaterThanOrEqual(0.95);
    expect(r.top3Rate, failures).toBe(1);
    expect(r.noAnswerRate, failures).toBeGreaterThanOrEqual(0.95);
    expect(r.refusedAnswerable, failures).toBe(0);
  });

  it('passes every question of the shared set (the first 30 lines): top-3 and refusals', () => {
    const r = evaluate(engine, questions.slice(0, 30));
    expect(r.failures.filter((f) => f.problem !== 'wrong_top1').map((f) => `${f.problem}: ${f.q}`)).toEqual([]);
  });
});
