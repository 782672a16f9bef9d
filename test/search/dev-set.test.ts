// The quality bar on the development set (eval/questions.jsonl): a regression guard for the whole pipeline
// (parser, figures, tokenizer, ranking, threshold). Acceptance is on unseen questions; this keeps the seen ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { evaluate, parseQuestions } from '../../src/search/evaluate.js';

describe('development set', () => {
  // Known misses (see `npm run eval`): 城市交通管理 is answered from 城市生活垃圾管理条例; 审批服务在全省排名 quotes
  // the other ranking in the report; 清远和广州合作的营商环境专班 is refused (广州, 合作 are not in the report).
  // The bar below allows them; tighten it when they are fixed.
  it('meets the bar: top-1 and top-3 ≥ 95%, no-answer ≥ 95%, at most 2% of answerable questions refused', () => {
    const questions = parseQuestions(readFileSync('eval/questions.jsonl', 'utf8'));
    expect(questions.length).toBeGreaterThanOrEqual(80);
    const r = evaluate(createAnswerEngine(loadKnowledge('knowledge').kb), questions);
    const failures = r.failures.map((f) => `${f.problem}: ${f.q}`);
    expect(r.top1Rate, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.top3Rate, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.noAnswerRate, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.refusedAnswerable / r.answerable, failures.join('\n')).toBeLessThanOrEqual(0.02);
  });
});
