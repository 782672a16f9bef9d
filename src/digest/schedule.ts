// DIGEST_CRON / DIGEST_TZ validation, for the config schema and for the scheduler's own start-up check.
import { Cron } from 'croner';
import { timeZoneProblem } from './dates.js';
import { asCodedError, ErrorCode, type CodedError } from '../errors.js';

export const DEFAULT_DIGEST_CRON = '0 9 * * 1-5';
export const DEFAULT_DIGEST_TZ = 'Asia/Shanghai';

/** Every problem with a digest schedule, each saying how to fix it; empty when the schedule is usable. */
export function digestScheduleProblems(cron: string, timeZone: string): string[] {
  const problems: string[] = [];
  const tzProblem = timeZoneProblem(timeZone);
  if (tzProblem) problems.push(`DIGEST_TZ: ${tzProblem}`);
  const fields = cron.trim().split(/\s+/u).filter(Boolean);
  if (fields.length < 5 || fields.length > 6) {
    problems.push(`DIGEST_CRON: "${cron}" has ${fields.length} fields; use 5 (minute hour day month weekday), e.g. "${DEFAULT_DIGEST_CRON}" = 09:00 Monday–Friday`);
    return problems;
  }
  try {
    const job = new Cron(cron, { paused: true, timezone: tzProblem ? undefined : timeZone });
    if (job.nextRun() === null) problems.push(`DIGEST_CRON: "${cron}" never fires; e.g. "${DEFAULT_DIGEST_CRON}" = 09:00 Monday–Friday`);
    job.stop();
  } catch (e) {
    problems.push(`DIGEST_CRON: "${cron}" is not a valid cron pattern (${asCodedError(e).message}); e.g. "${DEFAULT_DIGEST_CRON}" = 09:00 Monday–Friday`);
  }
  return problems;
}

export class DigestScheduleError extends Error implements CodedError {
  readonly code = ErrorCode.DigestScheduleInvalid;
  constructor(readonly problems: string[]) {
    super(`Invalid digest schedule:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DigestScheduleError';
  }
}

export function assertDigestSchedule(cron: string, timeZone: string): void {
  const problems = digestScheduleProblems(cron, timeZone);
  if (problems.length > 0) throw new DigestScheduleError(problems);
}
