// Text copied from government pages of several layouts (fictional pages, real layouts): each imports with the right
// title, year, region and published date, and no line of the page's furniture in the knowledge file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/import-files.js';
import { splitFrontMatter } from '../../src/knowledge/front-matter.js';
import { tempKnowledge } from '../helpers/knowledge.js';
import { COPIED_PAGES } from '../helpers/report-files.js';

let kb: { dir: string; cleanup: () => void };
let originals: string;
beforeEach(() => {
  kb = tempKnowledge(true);
  originals = mkdtempSync(join(tmpdir(), 'fazhi-copied-'));
});
afterEach(() => {
  kb.cleanup();
  rmSync(originals, { recursive: true, force: true });
});

describe('text copied from pages of other layouts', () => {
  it.each(Object.entries(COPIED_PAGES))('%s: right metadata, the report text and nothing else', async (name, page) => {
    const file = join(originals, `${name}.txt`);
    writeFileSync(file, page.text);
    const [o] = await importFiles([file], { knowledgeDir: kb.dir, dryRun: true });
    if (o?.plan.action !== 'write') throw new Error(`not imported: ${JSON.stringify(o?.plan)}`);
    const fm = splitFrontMatter(o.plan.text);
    if (!fm.ok) throw new Error(fm.problem);
    expect(fm.meta).toMatchObject(page.expected);
    expect(fm.body.split('\n').filter((l) => l.trim() !== '')).toEqual(page.body);
  });

  it('a title given with --title also gives the place and year when the page has no heading', async () => {
    const file = join(originals, 'untitled.txt');
    writeFileSync(file, '2023年以来，我县坚持依法行政，法治政府建设取得新成效。\n一、主要工作\n全县办理行政复议案件18件。');
    const [refused] = await importFiles([file], { knowledgeDir: kb.dir, dryRun: true });
    expect(refused?.plan.action === 'refuse' && refused.plan.problem).toContain('the text starts with "2023年以来，我县坚持依法行政，法治政府建设取…"');
    const [o] = await importFiles([file], { knowledgeDir: kb.dir, dryRun: true, overrides: { title: '虚构县2023年度法治政府建设工作情况报告' } });
    expect(o?.plan.action).toBe('write');
    expect(o?.plan.action === 'write' && o.plan.detection.region).toEqual({ value: '虚构县', reason: 'the title given with --title: "虚构县2023年度法治政府建设工作情况报告"' });
    expect(o?.plan.action === 'write' && o.plan.detection.year?.value).toBe(2023);
  });
});
