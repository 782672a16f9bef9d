// The quality bar on the development set (eval/questions.jsonl): a regression guard for the whole pipeline
// (parser, figures, tokenizer, ranking, threshold). Acceptance is on unseen questions; this keeps the seen ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { evaluate, parseQuestions } from '../../src/search/evaluate.js';

describe('development set', () => {
  it('meets the targets: top-1 ≥ 95%, every no-answer refused, no answerable question refused', () => {
    const questions = parseQuestions(readFileSync('eval/questions.jsonl', 'utf8'));
    expect(questions.length).toBeGreaterThanOrEqual(80);
    const r = evaluate(createAnswerEngine(loadKnowledge('knowledge').kb), questions);
    const failures = r.failures.map((f) => `${f.problem}: ${f.q}`);
    expect(r.top1Rate, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.top3Rate, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.noAnswerRate, failures.join('\n')).toBe(1);
    expect(r.refusedAnswerable, failures.join('\n')).toBe(0);
  });
});
