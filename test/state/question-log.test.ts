import { describe, expect, it } from 'vitest';
import { retentionDaysFrom } from '../../src/state/question-log.js';

describe('question log retention', () => {
  it('reads QUESTION_LOG_DAYS with a default and a clear error', () => {
    expect(retentionDaysFrom(undefined)).toBe(180);
    expect(retentionDaysFrom('')).toBe(180);
    expect(retentionDaysFrom('30')).toBe(30);
    expect(() => retentionDaysFrom('-1')).toThrow(/QUESTION_LOG_DAYS/);
    expect(() => retentionDaysFrom('abc')).toThrow(/QUESTION_LOG_DAYS/);
  });
});
