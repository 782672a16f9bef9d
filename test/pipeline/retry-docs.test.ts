// The operator guide states the failed-reply retries and the stale cut-off the code uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LATER_ATTEMPTS, RETRY_WINDOW_MS } from '../../src/pipeline/answer-job.js';
import { RETRY_LATER_MS, STALE_MESSAGE_MS } from '../../src/pipeline/event-pipeline.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('docs/lark-setup.md and the code', () => {
  it('agree on failed-reply retries and on stale messages', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'lark-setup.md'), 'utf8').replace(/\s+/gu, ' ');
    expect(doc).toContain(`tried again ${RETRY_LATER_MS / 1000} s later, at most ${MAX_LATER_ATTEMPTS} more times`);
    expect(doc).toContain(`never once the message is ${RETRY_WINDOW_MS / 60_000} minutes old`);
    expect(doc).toContain(`A message older than ${STALE_MESSAGE_MS / 60_000} minutes when it arrives`);
  });
});
