// Scores an engine on a question set: top-1 (the best citation's quote contains `expect`), top-3, no-answer
// accuracy (expect = null refused), and answerable questions refused.
import type { AnswerEngine } from '../ports.js';

export interface EvalQuestion {
  q: string;
  expect: string | null;
  kind?: string;
}

export interface EvalFailure {
  q: string;
  expect: string | null;
  kind: string;
  problem: 'wrong_top1' | 'not_in_top3' | 'refused' | 'answered_out_of_scope';
  got: string | null;
  confidence: number;
}

export interface EvalResult {
  total: number;
  answerable: number;
  unanswerable: number;
  top1: number;
  top3: number;
  noAnswer: number;
  refusedAnswerable: number;
  /** Rates in [0, 1]; 1 when the denominator is 0. */
  top1Rate: number;
  top3Rate: number;
  noAnswerRate: number;
  failures: EvalFailure[];
}

export function parseQuestions(text: string): EvalQuestion[] {
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l.length > 0 && !l.startsWith('//'))
    .map(([l, n]) => {
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch {
        throw new Error(`line ${n}: not valid JSON`);
      }
      const o = v as Partial<EvalQuestion>;
      if (typeof o.q !== 'string' || !(typeof o.expect === 'string' || o.expect === null)) throw new Error(`line ${n}: needs {"q": string, "expect": string|null}`);
      return { q: o.q, expect: o.expect, kind: typeof o.kind === 'string' ? o.kind : undefined };
    });
}

const rate = (n: number, d: number) => (d === 0 ? 1 : n / d);

export function evaluate(engine: AnswerEngine, questions: EvalQuestion[]): EvalResult {
  let top1 = 0;
  let top3 = 0;
  let noAnswer = 0;
  let refusedAnswerable = 0;
  const failures: EvalFailure[] = [];
  for (const item of questions) {
    const reply = engine.ask(item.q);
    const kind = item.kind ?? '';
    if (item.expect === null) {
      if (reply.kind === 'no_answer') noAnswer++;
      else failures.push({ q: item.q, expect: null, kind, problem: 'answered_out_of_scope', got: reply.citations[0]?.quote ?? null, confidence: reply.confidence });
      continue;
    }
    if (reply.kind === 'no_answer') {
      refusedAnswerable++;
      failures.push({ q: item.q, expect: item.expect, kind, problem: 'refused', got: null, confidence: 0 });
      continue;
    }
    const quotes = reply.citations.map((c) => c.quote);
    const first = quotes[0]?.includes(item.expect) ?? false;
    const inTop3 = quotes.slice(0, 3).some((q) => q.includes(item.expect!));
    if (first) top1++;
    if (inTop3) top3++;
    if (!first) failures.push({ q: item.q, expect: item.expect, kind, problem: inTop3 ? 'wrong_top1' : 'not_in_top3', got: quotes[0] ?? null, confidence: reply.confidence });
  }
  const answerable = questions.filter((q) => q.expect !== null).length;
  const unanswerable = questions.length - answerable;
  return {
    total: questions.length,
    answerable,
    unanswerable,
    top1,
    top3,
    noAnswer,
    refusedAnswerable,
    top1Rate: rate(top1, answerable),
    top3Rate: rate(top3, answerable),
    noAnswerRate: rate(noAnswer, unanswerable),
    failures,
  };
}
