// The quality bar on the development sets, a regression guard for the whole pipeline (parser, figures, thesaurus,
// tokenizer, ranking, gate, scope). On the bundled report: eval/questions.jsonl (written with the engine) and the
// staff-style sets written blind (dev-staff, dev-extra, dev-2, dev-3, dev-4). On the multi-report fixture:
// multi-dev, multi-dev-2, multi-dev-3. On other cities' reports (test/fixtures/knowledge-cities): cities-dev and
// cities-dev-2; on a second such library (test/fixtures/knowledge-towns): towns-dev. Acceptance is measured on the frozen sets, which no test reads; these keep the dev numbers from
// slipping.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { evaluate, parseQuestions, type EvalResult } from '../../src/search/evaluate.js';

const HOME = '清远市';
const bundled = createAnswerEngine(loadKnowledge('knowledge').kb, { homeRegion: HOME });
const set = (file: string) => parseQuestions(readFileSync(file, 'utf8'));
const failures = (r: EvalResult) => r.failures.map((f) => `${f.problem}: ${f.q} (want ${f.want}, got ${f.got})`).join('\n');

describe('development sets', () => {
  it('eval/questions.jsonl: top-1 ≥ 97%, top-3 ≥ 98%, at most one answerable refused, no unanswerable question answered', () => {
    const questions = set('eval/questions.jsonl');
    expect(questions.length).toBeGreaterThanOrEqual(280);
    const r = evaluate(bundled, questions);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.97);
    expect(r.top3Rate, failures(r)).toBeGreaterThanOrEqual(0.98);
    expect(r.refusedAnswerable, failures(r)).toBeLessThanOrEqual(1);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('the shared set (the first 30 lines of eval/questions.jsonl): every answer in the top 3, nothing refused', () => {
    const r = evaluate(bundled, set('eval/questions.jsonl').slice(0, 30));
    expect(r.failures.filter((f) => f.problem !== 'wrong_top1' && f.problem !== 'wrong_kind').map((f) => `${f.problem}: ${f.q}`)).toEqual([]);
  });

  it('eval/dev-staff.jsonl: top-1 ≥ 96%, answerable refused ≤ 2%, no unanswerable question answered', () => {
    const r = evaluate(bundled, set('eval/dev-staff.jsonl'));
    expect(r.total).toBe(120);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.96);
    expect(r.top3Rate, failures(r)).toBeGreaterThanOrEqual(0.98);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.02);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
    expect(r.kindRate, failures(r)).toBeGreaterThanOrEqual(0.9);
  });

  it('eval/dev-extra.jsonl (staff-style, near-topic traps and chat): top-3 ≥ 95%, nothing unanswerable answered', () => {
    const r = evaluate(bundled, set('eval/dev-extra.jsonl'));
    expect(r.total).toBeGreaterThanOrEqual(70);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.97);
    expect(r.top3Rate, failures(r)).toBeGreaterThanOrEqual(0.97);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.03);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('eval/dev-2.jsonl (second blind set, staff paraphrase): top-1 ≥ 80%, answerable refused ≤ 8%, nothing unanswerable answered', () => {
    const r = evaluate(bundled, set('eval/dev-2.jsonl'));
    expect(r.total).toBe(100);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.8);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.08);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('eval/multi-dev-2.jsonl (second blind set, several reports): top-1 ≥ 87%, no answer from another region or year', () => {
    const engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-districts').kb, { homeRegion: HOME });
    const r = evaluate(engine, set('eval/multi-dev-2.jsonl'));
    expect(r.total).toBe(40);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.87);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.05);
    expect(r.wrongScope, failures(r)).toBe(0);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('eval/dev-3.jsonl (third blind set): top-1 ≥ 93%, top-3 ≥ 95%, answerable refused ≤ 3%, nothing unanswerable answered', () => {
    const r = evaluate(bundled, set('eval/dev-3.jsonl'));
    expect(r.total).toBe(100);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.93);
    expect(r.top3Rate, failures(r)).toBeGreaterThanOrEqual(0.95);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.03);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
    expect(r.kindRate, failures(r)).toBeGreaterThanOrEqual(0.75);
  });

  it('eval/multi-dev-3.jsonl (third blind set, several reports): top-1 ≥ 90%, no answer from another region or year', () => {
    const engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-districts').kb, { homeRegion: HOME });
    const r = evaluate(engine, set('eval/multi-dev-3.jsonl'));
    expect(r.total).toBe(40);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.9);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.04);
    expect(r.wrongScope, failures(r)).toBe(0);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('eval/cities-dev.jsonl (other cities\' reports, their own vocabulary): top-1 ≥ 85%, no answer from another region or year', () => {
    const engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-cities').kb, { homeRegion: HOME });
    const r = evaluate(engine, set('eval/cities-dev.jsonl'));
    expect(r.total).toBe(80);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.85);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.06);
    expect(r.wrongScope, failures(r)).toBe(0);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('eval/dev-4.jsonl (fourth blind set): top-1 ≥ 88%, answerable refused ≤ 5%', () => {
    const r = evaluate(bundled, set('eval/dev-4.jsonl'));
    expect(r.total).toBe(80);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.88);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.05);
    // Known miss: one unanswerable question still gets an answer (eval/README.md).
    expect(r.answeredUnanswerable, failures(r)).toBeLessThanOrEqual(1);
    expect(r.kindRate, failures(r)).toBeGreaterThanOrEqual(0.62);
  });

  it('eval/cities-dev-2.jsonl (other cities\' reports, second blind set): top-1 ≥ 80%, answerable refused ≤ 5%', () => {
    const engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-cities').kb, { homeRegion: HOME });
    const r = evaluate(engine, set('eval/cities-dev-2.jsonl'));
    expect(r.total).toBe(80);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.8);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.05);
    // Known misses (eval/README.md): two counts of a thing named inside a figure's label (非诉中心 … 纠纷, 合法性审核);
    // two questions naming no region answered from another report with the same topic.
    expect(r.answeredUnanswerable, failures(r)).toBeLessThanOrEqual(2);
    expect(r.wrongScope, failures(r)).toBeLessThanOrEqual(2);
  });

  it('eval/towns-dev.jsonl (a second library of other places\' reports): top-1 ≥ 77%, answerable refused ≤ 5%', () => {
    const engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-towns').kb, { homeRegion: HOME });
    const r = evaluate(engine, set('eval/towns-dev.jsonl'));
    expect(r.total).toBe(70);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.77);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.05);
    expect(r.wrongScope, failures(r)).toBe(0);
    // Known misses (eval/README.md): two counts whose figure sits in a sentence about something else.
    expect(r.answeredUnanswerable, failures(r)).toBeLessThanOrEqual(2);
  });

  it('eval/multi-dev.jsonl (several reports): top-1 ≥ 95%, no answer from another region or year', () => {
    const engine = createAnswerEngine(loadKnowledge('test/fixtures/knowledge-districts').kb, { homeRegion: HOME });
    const r = evaluate(engine, set('eval/multi-dev.jsonl'));
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.95);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(0.03);
    expect(r.wrongScope, failures(r)).toBe(0);
    // The page banner (今天是:2024年… 星期四 农历…) is never quoted, and the date is chat.
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });
});
