import { ErrorCode, type CodedError } from '../errors.js';

/** A knowledge directory that cannot be used. `problems` lists every problem found, each with how to fix it. */
export class KnowledgeError extends Error implements CodedError {
  readonly code = ErrorCode.KnowledgeInvalid;
  readonly problems: string[];
  constructor(summary: string, problems: string[]) {
    super(`${summary}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}
