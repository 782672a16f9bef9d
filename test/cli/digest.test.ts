// `npm run digest -- --dry-run --json --date YYYY-MM-DD [--knowledge DIR]`, through the real CLI process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/digest/dates.js';
import { createDigestPlanner } from '../../src/digest/planner.js';
import { kbWithSecondReport, shippedKb } from '../helpers/knowledge.js';
import { KNOWLEDGE_DIR, REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);

async function digest(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/digest.ts', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, DIGEST_CRON: '', DIGEST_TZ: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Child processes on a shared two-core machine: allow them time.
describe('npm run digest', { timeout: 90_000 }, () => {
  it('prints the digest as JSON with citations shaped like the ask contract; the same date gives the same output', async () => {
    const a = await digest(['--dry-run', '--json', '--date', '2026-11-27', '--knowledge', KNOWLEDGE_DIR]);
    const b = await digest(['--dry-run', '--json', '--date', '2026-11-27']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const d = JSON.parse(a.stdout) as Record<string, any>;
    expect(d).toMatchObject({ kind: 'digest', date: '2026-11-27', section: { section: expect.any(String), document: { title: expect.any(String), year: 2021 } } });
    expect(d.citations.length).toBeGreaterThan(0);
    for (const c of d.citations) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['quote', 'section', 'document', 'score', 'corrected']));
      expect(c.document).toMatchObject({ title: '清远市2021年全面依法治市工作情况报告', region: '清远市', year: 2021 });
      expect(typeof c.score).toBe('number');
      expect(typeof c.corrected).toBe('boolean');
      expect(c.quote.length).toBeLessThanOrEqual(200);
      expect(c.quote).not.toContain('沙巴体育');
    }
    for (const f of d.figures) expect(f).toMatchObject({ value: expect.any(Number), unit: expect.any(String), text: expect.any(String), quote: expect.stringContaining(f.text) });
    expect(d.questions).toHaveLength(2);
  });

  it('never prints the injected term, even for the corrected section', async () => {
    // Find (in-process) the date that shows the corrected section, then ask the CLI for it.
    const planner = createDigestPlanner(shippedKb());
    let date = '2026-11-27';
    while (!planner.digestFor(date).citations.some((c) => c.corrected)) date = addDays(date, 1);
    const r = await digest(['--dry-run', '--json', '--date', date]);
    const d = JSON.parse(r.stdout) as { citations: { corrected: boolean; quote: string; corrections?: { replacement: string }[] }[] };
    const c = d.citations.find((x) => x.corrected)!;
    expect(c.quote).toContain('政务服务');
    expect(c.corrections?.[0]?.replacement).toBe('政务服务');
    expect(r.stdout).not.toContain('沙巴体育');
    const text = await digest(['--dry-run', '--date', date]);
    expect(text.stdout).toContain('政务服务');
    expect(text.stdout).not.toContain('沙巴体育');
  });

  it('gives different sections on consecutive dates', async () => {
    const outs = await Promise.all([0, 1, 2].map((i) => digest(['--dry-run', '--json', '--date', addDays('2026-11-27', i)])));
    const sections = outs.map((o) => (JSON.parse(o.stdout) as { section: { sectionId: string } }).section.sectionId);
    expect(new Set(sections).size).toBe(3);
  });

  it('prints readable text without --json', async () => {
    const r = await digest(['--dry-run', '--date', '2026-11-27']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^每日摘要 2026-11-27/u);
    expect(r.stdout).toContain('可以问我');
  });

  it('refuses a bad date with a clear message and a non-zero exit', async () => {
    for (const bad of ['2026-02-30', 'tomorrow']) {
      const r = await digest(['--dry-run', '--json', '--date', bad]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/--date: .*(not a date|not a calendar date)/u);
      expect(r.stdout).toBe('');
    }
  });

  it('reads DIGEST_TZ and DIGEST_CRON as the server does: a bad value stops it with exit 2 and how to fix it', async () => {
    const r = await digest(['--dry-run', '--json'], { DIGEST_TZ: 'Mars/Olympus', DIGEST_CRON: '0 9 * *' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DIGEST_TZ');
    expect(r.stderr).toContain('DIGEST_CRON');
    expect(r.stdout).toBe('');
    // A daily DIGEST_CRON rotates through every day, as the server's planner does: another section than workdays'.
    const section = (out: string) => (JSON.parse(out) as { section: { sectionId: string } }).section.sectionId;
    const daily = await digest(['--dry-run', '--json', '--date', '2026-11-27'], { DIGEST_CRON: '0 9 * * *' });
    const workdays = await digest(['--dry-run', '--json', '--date', '2026-11-27']);
    expect(section(daily.stdout)).toBe(createDigestPlanner(shippedKb(), { calendar: 'daily' }).digestFor('2026-11-27').section.sectionId);
    expect(section(daily.stdout)).not.toBe(section(workdays.stdout));
  });

  it('announces a report that is not among --known documents', async () => {
    const two = kbWithSecondReport();
    try {
      const r = await digest(['--dry-run', '--json', '--date', '2026-11-30', '--knowledge', two.dir, '--known', 'qingyuan-2021']);
      expect(r.code).toBe(0);
      const d = JSON.parse(r.stdout) as Record<string, any>;
      expect(d.announcement.document.id).toBe('shili-2022');
      expect(d.section.document.id).toBe('shili-2022');
    } finally {
      two.cleanup();
    }
  });
});
