// The quality bar on the development sets, a regression guard for the whole pipeline (parser, figures, thesaurus,
// tokenizer, ranking, gate, scope). On the bundled report: eval/questions.jsonl (written with the engine) and the
// staff-style sets written blind (dev-staff, dev-extra, dev-2, dev-3, dev-4). On the multi-report fixture:
// multi-dev … multi-dev-4. On other cities' reports (test/fixtures/knowledge-cities): cities-dev … cities-dev-3; on a
// second such library (test/fixtures/knowledge-towns): towns-dev, towns-dev-2; on a third, with a report copied out
// of a PDF (test/fixtures/knowledge-counties): counties-dev … counties-dev-3; dev-7, towns-dev-3 and counties-dev-3 are
// trap-heavy (40% unanswerable); dev-8 and multi-dev-5 paraphrase-heavy; wards-dev and jichuan-dev on reports imported
// from saved web pages. Acceptance is measured on the frozen
// sets, which no test reads; these keep the dev numbers from slipping.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { evaluate, parseQuestions, type EvalResult } from '../../src/search/evaluate.js';

const HOME = '清远市';
const set = (file: string) => parseQuestions(readFileSync(file, 'utf8'));
const failures = (r: EvalResult) => r.failures.map((f) => `${f.problem}: ${f.q} (want ${f.want}, got ${f.got})`).join('\n');
const engines = new Map<string, ReturnType<typeof createAnswerEngine>>();
const engineFor = (dir: string) => {
  let e = engines.get(dir);
  if (!e) engines.set(dir, (e = createAnswerEngine(loadKnowledge(dir).kb, { homeRegion: HOME })));
  return e;
};

/** A dev set's bar: the least it must keep (rates in [0, 1]; counts of questions). */
interface Bar {
  file: string;
  dir: string;
  total: number;
  top1: number;
  top3?: number;
  refused: number;
  /** Unanswerable questions answered anyway: at most this many (known misses are in eval/README.md). */
  answered: number;
  wrongScope: number;
  kind?: number;
}

const BUNDLED = 'knowledge';
const DISTRICTS = 'test/fixtures/knowledge-districts';
const CITIES = 'test/fixtures/knowledge-cities';
const TOWNS = 'test/fixtures/knowledge-towns';
const COUNTIES = 'test/fixtures/knowledge-counties';
// Reports imported from saved web pages (npm run import): 星渚市 2024, 澜桥区 2023/2024; 霁川市 2023, 白沙县 2023.
const WARDS = 'test/fixtures/knowledge-wards';
const JICHUAN = 'test/fixtures/knowledge-jichuan';

const BARS: Bar[] = [
  { file: 'eval/dev-staff.jsonl', dir: BUNDLED, total: 120, top1: 0.96, top3: 0.98, refused: 0.02, answered: 0, wrongScope: 0, kind: 0.9 },
  { file: 'eval/dev-extra.jsonl', dir: BUNDLED, total: 75, top1: 0.97, top3: 0.97, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/dev-2.jsonl', dir: BUNDLED, total: 100, top1: 0.8, refused: 0.08, answered: 0, wrongScope: 0 },
  { file: 'eval/dev-3.jsonl', dir: BUNDLED, total: 100, top1: 0.93, top3: 0.95, refused: 0.03, answered: 0, wrongScope: 0, kind: 0.75 },
  { file: 'eval/dev-4.jsonl', dir: BUNDLED, total: 80, top1: 0.92, refused: 0.03, answered: 0, wrongScope: 0, kind: 0.68 },
  // One unanswerable question still gets an answer (a 12345 hotline's rate, answered with a 网格 one).
  { file: 'eval/dev-5.jsonl', dir: BUNDLED, total: 80, top1: 0.92, refused: 0.03, answered: 1, wrongScope: 0, kind: 0.76 },
  // Paraphrase-heavy; one question asking which firm a 代表处 is gets the sentence that names none.
  { file: 'eval/dev-6.jsonl', dir: BUNDLED, total: 70, top1: 0.76, refused: 0.08, answered: 1, wrongScope: 0 },
  // The page banner (今天是:2024年… 星期四 农历…) is never quoted, and the date is chat.
  { file: 'eval/multi-dev.jsonl', dir: DISTRICTS, total: 60, top1: 0.95, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/multi-dev-2.jsonl', dir: DISTRICTS, total: 40, top1: 0.87, refused: 0.05, answered: 0, wrongScope: 0 },
  { file: 'eval/multi-dev-3.jsonl', dir: DISTRICTS, total: 40, top1: 0.95, refused: 0.03, answered: 0, wrongScope: 0 },
  // One count of 学法 answered with the 5次 of a 汇报 in the next clause.
  { file: 'eval/multi-dev-4.jsonl', dir: DISTRICTS, total: 50, top1: 0.88, refused: 0.05, answered: 1, wrongScope: 0 },
  { file: 'eval/cities-dev.jsonl', dir: CITIES, total: 80, top1: 0.9, refused: 0.03, answered: 0, wrongScope: 0 },
  // One question naming no region answered from another report with the same topic.
  { file: 'eval/cities-dev-2.jsonl', dir: CITIES, total: 80, top1: 0.9, refused: 0.03, answered: 0, wrongScope: 1 },
  { file: 'eval/cities-dev-3.jsonl', dir: CITIES, total: 50, top1: 0.9, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/towns-dev.jsonl', dir: TOWNS, total: 70, top1: 0.84, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/towns-dev-2.jsonl', dir: TOWNS, total: 50, top1: 0.93, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/counties-dev.jsonl', dir: COUNTIES, total: 60, top1: 0.88, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/counties-dev-2.jsonl', dir: COUNTIES, total: 50, top1: 0.88, refused: 0.03, answered: 0, wrongScope: 0 },
  // Trap-heavy sets (40% unanswerable). dev-7: a 全国 示范社区 answered with the 示范村, and 撤案 with 立案.
  { file: 'eval/dev-7.jsonl', dir: BUNDLED, total: 60, top1: 0.8, refused: 0.05, answered: 2, wrongScope: 0 },
  // One question on the opinions a 立法听证会 took up, answered from the sentence naming the hearings.
  { file: 'eval/towns-dev-3.jsonl', dir: TOWNS, total: 40, top1: 0.88, refused: 0.05, answered: 1, wrongScope: 0 },
  { file: 'eval/counties-dev-3.jsonl', dir: COUNTIES, total: 40, top1: 0.9, refused: 0.05, answered: 0, wrongScope: 0 },
  // Paraphrase-heavy; three questions described in words no report or thesaurus term uses are refused.
  { file: 'eval/dev-8.jsonl', dir: BUNDLED, total: 70, top1: 0.8, refused: 0.08, answered: 0, wrongScope: 0 },
  // One count of all 公证 answered with the 174件 of 巡回办证 alone.
  { file: 'eval/multi-dev-5.jsonl', dir: DISTRICTS, total: 50, top1: 0.88, refused: 0.05, answered: 1, wrongScope: 0 },
  { file: 'eval/wards-dev.jsonl', dir: WARDS, total: 60, top1: 0.9, refused: 0.03, answered: 0, wrongScope: 0 },
  { file: 'eval/jichuan-dev.jsonl', dir: JICHUAN, total: 50, top1: 0.88, refused: 0.03, answered: 0, wrongScope: 0 },
  // Trap-heavy again (other regions, other years, other measures of a topic). Two counts of a whole answered with a
  // part of it (all 公证 with the 174件 of 巡回办证).
  { file: 'eval/towns-dev-4.jsonl', dir: TOWNS, total: 40, top1: 0.9, refused: 0.03, answered: 2, wrongScope: 0 },
  { file: 'eval/cities-dev-4.jsonl', dir: CITIES, total: 40, top1: 0.9, refused: 0.06, answered: 0, wrongScope: 0 },
  // Written last. wards-dev-2: the name of a 示范项目 answered by the sentence naming none, and the days a 信用修复
  // takes answered with a count of them; towns-dev-5: 执法人员 staffed answered with 培训1460人次, and 意见 adopted
  // with 意见 collected.
  { file: 'eval/wards-dev-2.jsonl', dir: WARDS, total: 40, top1: 0.92, refused: 0.05, answered: 2, wrongScope: 0 },
  { file: 'eval/towns-dev-5.jsonl', dir: TOWNS, total: 40, top1: 0.95, refused: 0.03, answered: 2, wrongScope: 0 },
];

describe('development sets', () => {
  it('eval/questions.jsonl: top-1 ≥ 97%, top-3 ≥ 98%, at most one answerable refused, no unanswerable question answered', () => {
    const questions = set('eval/questions.jsonl');
    expect(questions.length).toBeGreaterThanOrEqual(280);
    const r = evaluate(engineFor(BUNDLED), questions);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(0.97);
    expect(r.top3Rate, failures(r)).toBeGreaterThanOrEqual(0.98);
    expect(r.refusedAnswerable, failures(r)).toBeLessThanOrEqual(1);
    expect(r.answeredUnanswerable, failures(r)).toBe(0);
  });

  it('the shared set (the first 30 lines of eval/questions.jsonl): every answer in the top 3, nothing refused', () => {
    const r = evaluate(engineFor(BUNDLED), set('eval/questions.jsonl').slice(0, 30));
    expect(r.failures.filter((f) => f.problem !== 'wrong_top1' && f.problem !== 'wrong_kind').map((f) => `${f.problem}: ${f.q}`)).toEqual([]);
  });

  it.each(BARS.map((b) => [b.file, b] as const))('%s keeps its bar', (_, b) => {
    const r = evaluate(engineFor(b.dir), set(b.file));
    expect(r.total).toBe(b.total);
    expect(r.top1Rate, failures(r)).toBeGreaterThanOrEqual(b.top1);
    if (b.top3 !== undefined) expect(r.top3Rate, failures(r)).toBeGreaterThanOrEqual(b.top3);
    expect(r.refusedRate, failures(r)).toBeLessThanOrEqual(b.refused);
    expect(r.answeredUnanswerable, failures(r)).toBeLessThanOrEqual(b.answered);
    expect(r.wrongScope, failures(r)).toBeLessThanOrEqual(b.wrongScope);
    if (b.kind !== undefined) expect(r.kindRate, failures(r)).toBeGreaterThanOrEqual(b.kind);
  });
});
