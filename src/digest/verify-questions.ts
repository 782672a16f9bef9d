// Ties suggested questions to the answer engine: a question is "good" when the bot answers it from the section.
import type { AnswerEngine } from '../ports.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { createDigestPlanner, type RotatingDigestPlanner } from './planner.js';
import type { RotationCalendar } from './rotation.js';

export function verifiedQuestions(engine: Pick<AnswerEngine, 'ask'>): (question: string) => string | null {
  return (question) => {
    try {
      const r = engine.ask(question);
      return r.kind === 'answer' ? (r.citations[0]?.sectionId ?? null) : null;
    } catch {
      return null; // a failing engine only costs the verification, never the digest
    }
  };
}

/** The planner the server and the CLIs share: suggested questions are the ones the bot answers from the section. */
export function verifiedPlanner(kb: KnowledgeBase, engine: Pick<AnswerEngine, 'ask'>, calendar: RotationCalendar): RotatingDigestPlanner {
  return createDigestPlanner(kb, { calendar, answerSection: verifiedQuestions(engine) });
}
