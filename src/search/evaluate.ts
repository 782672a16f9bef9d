// Scores an engine on a question set. A line: {"q", "expect": string|null, "kind" (the pattern, for reading
// results), "want": "answer"|"partial"|"overview"|"none" (default: answer when expect is set, none when null),
// "section" (overview: a substring of the expected section path), "expectAll" (comparisons: substrings that
// must all be among the citations)}. Reported: top-1 and top-3 on answerable questions, answerable questions
// refused, kind accuracy, unanswerable questions answered anyway, answers from a region/year other than the
// one holding the expected quote, all by pattern.
import type { AnswerEngine } from '../ports.js';
import { askKind, type AskKind, type AskReply } from '../reply/model.js';

export type Want = AskKind;
const WANTS: readonly Want[] = ['answer', 'partial', 'overview', 'none'];

export interface EvalQuestion {
  q: string;
  expect: string | null;
  kind?: string;
  want: Want;
  section?: string;
  expectAll?: string[];
}

export type Problem = 'wrong_top1' | 'not_in_top3' | 'refused' | 'answered_unanswerable' | 'wrong_kind' | 'wrong_scope' | 'wrong_section';

export interface EvalFailure {
  q: string;
  expect: string | null;
  kind: string;
  want: Want;
  got: AskKind;
  problem: Problem;
  quote: string | null;
  confidence: number;
}

export interface PatternResult {
  total: number;
  answerable: number;
  top1: number;
  top3: number;
  refused: number;
  kindRight: number;
}

export interface EvalResult {
  total: number;
  /** Questions the reports answer (want answer or overview). */
  answerable: number;
  /** Questions the reports do not answer (want none or partial). */
  unanswerable: number;
  top1: number;
  top3: number;
  /** Unanswerable questions that got none or partial (never `answer`). */
  noAnswer: number;
  refusedAnswerable: number;
  /** Unanswerable questions graded `answer`: must be 0. */
  answeredUnanswerable: number;
  /** Replies whose grade is the one wanted. */
  kindRight: number;
  /** Answers quoting a report of another region or year than the one holding the expected quote. */
  wrongScope: number;
  /** Rates in [0, 1]; 1 when the denominator is 0. */
  top1Rate: number;
  top3Rate: number;
  noAnswerRate: number;
  refusedRate: number;
  kindRate: number;
  byPattern: Record<string, PatternResult>;
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
      const o = v as Record<string, unknown>;
      if (typeof o.q !== 'string' || !(typeof o.expect === 'string' || o.expect === null || o.expect === undefined)) throw new Error(`line ${n}: needs {"q": string, "expect": string|null}`);
      const expect = typeof o.expect === 'string' ? o.expect : null;
      const want = o.want === undefined ? (expect !== null || Array.isArray(o.expectAll) ? 'answer' : 'none') : o.want;
      if (!WANTS.includes(want as Want)) throw new Error(`line ${n}: "want" must be one of ${WANTS.join(', ')}`);
      const expectAll = Array.isArray(o.expectAll) ? o.expectAll.filter((x): x is string => typeof x === 'string') : undefined;
      return {
        q: o.q,
        expect,
        kind: typeof o.kind === 'string' ? o.kind : undefined,
        want: want as Want,
        ...(typeof o.section === 'string' ? { section: o.section } : {}),
        ...(expectAll && expectAll.length > 0 ? { expectAll } : {}),
      };
    });
}

const rate = (n: number, d: number) => (d === 0 ? 1 : n / d);
/** A section path puts a space between its number and its title (二、 存在的问题); a heading line has none. */
const sameSpacing = (text: string) => text.replace(/\s+/gu, '');

/** Where a quote is: the documents whose text holds it. */
function documentsHolding(engine: AnswerEngine, text: string): { region: string | null; year: number }[] {
  return engine.kb.documents.filter((d) => d.paragraphs.some((p) => p.text.includes(text))).map((d) => ({ region: d.meta.region ?? null, year: d.meta.year }));
}

export function evaluate(engine: AnswerEngine, questions: EvalQuestion[]): EvalResult {
  const r = { top1: 0, top3: 0, noAnswer: 0, refusedAnswerable: 0, answeredUnanswerable: 0, kindRight: 0, wrongScope: 0 };
  const byPattern: Record<string, PatternResult> = {};
  const failures: EvalFailure[] = [];
  let answerable = 0;
  for (const item of questions) {
    const reply: AskReply = engine.ask(item.q);
    const got = askKind(reply);
    const pattern = item.kind ?? '';
    const p = (byPattern[pattern] ??= { total: 0, answerable: 0, top1: 0, top3: 0, refused: 0, kindRight: 0 });
    p.total++;
    const citations = reply.kind === 'answer' ? reply.citations : [];
    const quotes = citations.map((c) => c.quote);
    const fail = (problem: Problem) =>
      failures.push({ q: item.q, expect: item.expect ?? item.section ?? item.expectAll?.join(' + ') ?? null, kind: pattern, want: item.want, got, problem, quote: quotes[0] ?? null, confidence: reply.kind === 'answer' ? reply.confidence : 0 });
    if (got === item.want) {
      r.kindRight++;
      p.kindRight++;
    }
    if (item.want === 'none' || item.want === 'partial') {
      if (got === 'answer') {
        r.answeredUnanswerable++;
        fail('answered_unanswerable');
      } else {
        r.noAnswer++;
        if (got !== item.want) fail('wrong_kind');
      }
      continue;
    }
    answerable++;
    p.answerable++;
    if (got === 'none') {
      r.refusedAnswerable++;
      p.refused++;
      fail('refused');
      continue;
    }
    let first: boolean;
    let inTop3: boolean;
    if (item.expectAll) {
      first = inTop3 = item.expectAll.every((x) => quotes.some((q) => q.includes(x)));
    } else if (item.expect !== null) {
      first = quotes[0]?.includes(item.expect) ?? false;
      inTop3 = quotes.slice(0, 3).some((q) => q.includes(item.expect!));
    } else {
      // An overview is judged by its section.
      const section = reply.kind === 'answer' ? (reply.overview?.section ?? citations[0]?.section ?? '') : '';
      first = inTop3 = item.section !== undefined && sameSpacing(section).includes(sameSpacing(item.section));
    }
    if (item.want === 'overview' && item.section !== undefined && item.expect !== null) {
      const section = reply.kind === 'answer' ? (reply.overview?.section ?? citations[0]?.section ?? '') : '';
      if (!sameSpacing(section).includes(sameSpacing(item.section))) fail('wrong_section');
    }
    if (first) {
      r.top1++;
      p.top1++;
    }
    if (inTop3) {
      r.top3++;
      p.top3++;
    }
    if (!first) fail(inTop3 ? 'wrong_top1' : 'not_in_top3');
    else if (got !== item.want) fail('wrong_kind');
    // Scope: an answer from another region or year than the report that holds the expected quote.
    const expected = item.expect ?? item.expectAll?.[0];
    if (expected && got === 'answer' && citations[0] && !item.expectAll) {
      const holders = documentsHolding(engine, expected);
      const c = citations[0].document;
      if (holders.length > 0 && !holders.some((h) => h.region === c.region && h.year === c.year)) {
        r.wrongScope++;
        fail('wrong_scope');
      }
    }
  }
  const unanswerable = questions.length - answerable;
  return {
    total: questions.length,
    answerable,
    unanswerable,
    ...r,
    top1Rate: rate(r.top1, answerable),
    top3Rate: rate(r.top3, answerable),
    noAnswerRate: rate(r.noAnswer, unanswerable),
    refusedRate: answerable === 0 ? 0 : r.refusedAnswerable / answerable,
    kindRate: rate(r.kindRight, questions.length),
    byPattern,
    failures,
  };
}
