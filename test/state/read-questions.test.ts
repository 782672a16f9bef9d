// `npm run report -- unanswered` reads the store the bot is configured with: with DATABASE_URL set, the question
// log in PostgreSQL (the SQLite side is test/obs/report-cli.test.ts). The real CLI in a child process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openPgState } from '../../src/state/postgres/backend.js';
import { createTestDatabase, describePostgres } from '../helpers/postgres.js';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);

describePostgres('report from PostgreSQL', (serverUrl) => {
  it('groups the refused and 👎 questions logged in DATABASE_URL, and says which database it could not read', { timeout: 90_000 }, async () => {
    const db = await createTestDatabase(serverUrl, 'fazhi_report');
    try {
      const state = await openPgState(db.url, { retry: { retries: 0 } });
      const log = state.stores({ questionLog: { pruneIntervalMs: 0 } }).questionLog;
      const at = Date.UTC(2026, 10, 2);
      const base = { chatId: 'oc_1', userId: 'ou_1', topScore: 0.1, latencyMs: 3, sentenceId: null };
      await log.record({ ...base, at, messageId: 'om_1', text: '法律援助热线电话是多少', answered: false });
      await log.record({ ...base, at: at + 1, messageId: 'om_2', text: '法律援助的热线电话是多少?', answered: false });
      await log.record({ ...base, at: at + 2, messageId: 'om_3', text: '调解成功率是多少', answered: true, sentenceId: 'x' });
      await log.record({ ...base, at: at + 3, messageId: 'om_4', text: '行政复议多少件', answered: true, sentenceId: 'y' });
      await log.vote('om_4', 'down', 'ou_2');
      await state.close();
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: db.url };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', 'unanswered', '--json'], { cwd: REPO_ROOT, env });
      const out = JSON.parse(stdout) as { total: number; groups: { representative: string; count: number }[] };
      expect(out.total).toBe(3);
      expect(out.groups.map((g) => g.count).sort()).toEqual([1, 2]);

      const wrong = new URL(db.url);
      wrong.password = 'not-the-password';
      const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', 'unanswered'], { cwd: REPO_ROOT, env: { ...env, DATABASE_URL: wrong.toString() } }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/cannot read the question log in DATABASE_URL \(postgres:\/\/\w+@127\.0\.0\.1:\d+\/fazhi_report_\w+\)/u);
      expect(failed?.stderr).not.toContain('not-the-password');
    } finally {
      await db.drop();
    }
  });
});
