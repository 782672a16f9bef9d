// Ties suggested questions to the answer engine: a question is "good" when the bot answers it from the section.
import type { AnswerEngine } from '../ports.js';

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
