// What the import refuses, and that a refusal writes nothing: no title or year, a scanned PDF, a spam term
// without a reviewed correction. And the other side: --dry-run writes nothing either.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/import-files.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { tempKnowledge } from '../helpers/knowledge.js';
import { makeHtml, makeScannedPdf, HTML_REPORT } from '../helpers/report-files.js';
import { runCli as cli } from '../helpers/run-cli.js';

let kb: { dir: string; cleanup: () => void };
let originals: string;
const listing = () => readdirSync(kb.dir).sort();

beforeEach(() => {
  kb = tempKnowledge(true);
  originals = mkdtempSync(join(tmpdir(), 'fazhi-originals-'));
});
afterEach(() => {
  kb.cleanup();
  rmSync(originals, { recursive: true, force: true });
});

const NO_YEAR = ['法治政府建设情况报告', '今年以来，我市坚持依法行政，法治政府建设取得新成效。', '一、主要工作', '全年办理行政复议案件57件。'].join('\n');

describe('refusals', () => {
  it('no year: exit 1, asks for --year, writes nothing; with --year it imports', async () => {
    const file = join(originals, 'no-year.txt');
    writeFileSync(file, NO_YEAR);
    const before = listing();
    const r = await cli('src/cli/import.ts', ['--knowledge', kb.dir, file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot tell the year of this report; run the import again with --year YYYY');
    expect(r.stderr).not.toMatch(/\n\s+at /u); // no stack trace
    expect(listing()).toEqual(before);
    const ok = await cli('src/cli/import.ts', ['--knowledge', kb.dir, '--year', '2022', '--region', '示例市', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('year      2022  ← given with --year');
    expect(loadKnowledge(kb.dir).kb.documents.find((d) => d.meta.file === 'no-year.txt')?.meta).toMatchObject({ year: 2022, region: '示例市', title: '法治政府建设情况报告' });
  }, 60_000);

  it('no title: asks for --title', async () => {
    const file = join(originals, 'untitled.txt');
    writeFileSync(file, '2021年，我市坚持依法行政，法治政府建设取得新成效。\n全年办理行政复议案件57件。');
    const [o] = await importFiles([file], { knowledgeDir: kb.dir });
    expect(o?.plan).toMatchObject({ action: 'refuse' });
    expect(o?.plan.action === 'refuse' && o.plan.problem).toContain('--title');
  });

  it('a scanned PDF is refused with a clear message', async () => {
    const file = join(originals, 'scan.pdf');
    writeFileSync(file, await makeScannedPdf());
    const before = listing();
    const [o] = await importFiles([file], { knowledgeDir: kb.dir });
    expect(o?.plan.action === 'refuse' && o.plan.problem).toMatch(/no text layer .* it is a scan\. OCR is not supported/u);
    expect(listing()).toEqual(before);
  });

  it('unsupported and broken files are refused, not crashed on', async () => {
    writeFileSync(join(originals, 'old.doc'), 'binary');
    writeFileSync(join(originals, 'broken.docx'), 'not a zip');
    writeFileSync(join(originals, 'broken.pdf'), '%PDF-1.4 garbage');
    const outcomes = await importFiles([join(originals, 'old.doc'), join(originals, 'broken.docx'), join(originals, 'broken.pdf')], { knowledgeDir: kb.dir });
    expect(outcomes.map((o) => o.plan.action)).toEqual(['refuse', 'refuse', 'refuse']);
    expect(outcomes[0]?.plan.action === 'refuse' && outcomes[0].plan.problem).toContain('save it as .docx');
  });

  it('a spam term stops the import, writes nothing and prints the corrections.yaml entry; with the entry filled in it imports', async () => {
    const file = join(originals, 'defaced.html');
    writeFileSync(file, makeHtml({ ...HTML_REPORT, paragraphs: HTML_REPORT.paragraphs.map((p, i) => (i === 6 ? p.replace('公共法律服务中心', '沙巴体育中心') : p)) }));
    const before = listing();
    const r = await cli('src/cli/import.ts', ['--knowledge', kb.dir, file]);
    expect(r.code).toBe(1);
    expect(listing()).toEqual(before);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).toContain('corrections:\n  - document: defaced.txt\n    original: "沙巴体育"\n    replacement: "<what the report said here; check the official copy>"');
    const review = readFileSync(join(kb.dir, 'corrections.yaml'), 'utf8').replace(
      'corrections:\n',
      'corrections:\n  - document: defaced.txt\n    original: 沙巴体育\n    replacement: 公共法律服务\n    reason: 网页被注入赌博词\n    reviewer: 测试\n    date: 2026-12-01\n',
    );
    writeFileSync(join(kb.dir, 'corrections.yaml'), review);
    const ok = await cli('src/cli/import.ts', ['--knowledge', kb.dir, file]);
    expect(ok.code).toBe(0);
    const doc = loadKnowledge(kb.dir).kb.documents.find((d) => d.meta.file === 'defaced.txt');
    expect(doc?.integrity[0]).toMatchObject({ resolution: 'corrected', replacement: '公共法律服务' });
    expect(doc?.paragraphs.some((p) => p.text.includes('沙巴'))).toBe(false);
  }, 60_000);

  it('--dry-run says what it would write and writes nothing', async () => {
    const file = join(originals, 'page.html');
    writeFileSync(file, makeHtml());
    const before = listing();
    const [o] = await importFiles([file], { knowledgeDir: kb.dir, dryRun: true });
    expect(o?.plan.action).toBe('write');
    expect(o?.written).toBeUndefined();
    expect(listing()).toEqual(before);
  });
});


describe('text copied from real report pages (shapes of saved district pages, fictional words)', () => {
  const shapes = [
    {
      name: 'banner with the site name, 来源 and 发布时间 with a clock time, the title twice',
      text: ['示例市虚构区人民政府 2019年12月3日星期二', '无障碍 简体| 繁体', '虚构区2023年度法治政府建设情况报告', '来源:虚构区人民政府办公室 发布时间:2024-03-28 09:18', '虚构区2023年度法治政府建设情况报告', '2023年,虚构区坚持依法行政,法治政府建设取得新成效。', '一、主要举措', '全年审查规范性文件18件。'],
      expect: { title: '虚构区2023年度法治政府建设情况报告', year: 2023, region: '虚构区', published: '2024-03-28', source: '虚构区人民政府办公室' },
    },
    {
      name: 'column label above the breadcrumb, 文章来源 and 更新时间 with slashes',
      text: ['今天是:2019年10月31日 星期三 农历十月初七', '工作报告', '您所在的位置:政务公开 > 工作报告', '2020年虚构区法治政府建设情况报告', '文章来源:司法局 更新时间:2021/03/29 11:30:01', '2020年虚构区法治政府建设情况报告', '2020年,虚构区坚持依法行政,法治政府建设取得新成效。', '一、主要举措', '全年审查规范性文件18件。'],
      expect: { title: '2020年虚构区法治政府建设情况报告', year: 2020, region: '虚构区', published: '2021-03-29', source: '司法局' },
    },
  ];
  it.each(shapes)('$name', async ({ text, expect: want }) => {
    const file = join(originals, 'copied.txt');
    writeFileSync(file, text.join('\n'));
    const [o] = await importFiles([file], { knowledgeDir: kb.dir, dryRun: true });
    if (o?.plan.action !== 'write') throw new Error(JSON.stringify(o?.plan));
    const d = o.plan.detection;
    expect({ title: d.title?.value, year: d.year?.value, region: d.region?.value, published: d.published?.value, source: d.source?.value }).toEqual(want);
    const body = o.plan.text.split('---\n')[2]?.trim().split('\n');
    expect(body).toEqual(text.slice(-3));
  });
});

describe('a spam term in the metadata', () => {
  it('is refused: the title is shown with every citation', async () => {
    const file = join(originals, 'defaced-title.txt');
    writeFileSync(file, '示例市2022年法治政府建设沙巴体育年度报告\n2022年，示例市坚持依法行政。\n');
    const [o] = await importFiles([file], { knowledgeDir: kb.dir });
    expect(o?.plan.action === 'refuse' && o.plan.problem).toMatch(/^the title ".*" contains the spam term "沙巴体育"; nothing was written\. pass --title/u);
  });
});

describe('a page that only links to the report', () => {
  it('is refused with what to do instead', async () => {
    const file = join(originals, 'attachment.html');
    writeFileSync(file, makeHtml({ title: HTML_REPORT.title, paragraphs: ['附件：虚构区2024年全面依法治区工作情况报告.pdf'] }));
    const [o] = await importFiles([file], { knowledgeDir: kb.dir });
    expect(o?.plan.action === 'refuse' && o.plan.problem).toContain('import that file');
  });
});
