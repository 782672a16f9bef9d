// Each published form, through the real CLIs: `npm run import` writes the knowledge file, `npm run ask` answers
// from it with a quote that is verbatim from the original and cited to the right section.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempKnowledge } from '../helpers/knowledge.js';
import { runCli } from '../helpers/run-cli.js';
import { DOCX_REPORT, HTML_CHROME, HTML_REPORT, PDF_REPORT, copiedText, makeDocx, makeHtml, makePdf } from '../helpers/report-files.js';

const cli = runCli;

let originals: string;
let kb: { dir: string; cleanup: () => void };
let imported: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  originals = mkdtempSync(join(tmpdir(), 'fazhi-originals-'));
  kb = tempKnowledge(true);
  writeFileSync(join(originals, 'xugou-2023.docx'), await makeDocx());
  writeFileSync(join(originals, 'shili-2022.pdf'), await makePdf());
  writeFileSync(join(originals, 'xugou-2024.html'), makeHtml());
  imported = await cli('src/cli/import.ts', ['--knowledge', kb.dir, originals]);
}, 90_000);

afterAll(() => {
  rmSync(originals, { recursive: true, force: true });
  kb.cleanup();
});

const fileOf = (name: string) => readFileSync(join(kb.dir, name), 'utf8');

describe('npm run import, one file of each published form', () => {
  it('writes a knowledge file per report and says what it detected and why', () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`wrote ${kb.dir}/xugou-2023.txt`);
    expect(imported.stdout).toContain('year      2023  ← "2023年" in the title');
    expect(imported.stdout).toContain('region    虚构区  ← the title: "示例市虚构区2023年法治政府建设年度报告"');
    expect(imported.stdout).toContain('published 2025-03-28  ← "发布时间" on the page');
    expect(imported.stdout).toContain('source    虚构区人民政府办公室  ← "来源" on the page');
  });

  it('writes front matter with the metadata and the original\'s sha256, and the body as published', () => {
    const docx = fileOf('xugou-2023.txt');
    expect(docx).toMatch(/^---\ntitle: 示例市虚构区2023年法治政府建设年度报告\nyear: 2023\nregion: 虚构区\nsource_file: xugou-2023.docx\nsha256: [0-9a-f]{64}\nimported: \d{4}-\d\d-\d\dT[\d:]+Z\n---\n/u);
    for (const s of DOCX_REPORT.sections) for (const p of s.paras) expect(docx).toContain(`\n${p}\n`);
    // Word's bold, unnumbered headings become heading marks.
    expect(docx).toContain('\n# 存在问题\n');

    const pdf = fileOf('shili-2022.txt');
    expect(pdf).toContain('title: 示例市2022年法治政府建设年度报告\nyear: 2022\nregion: 示例市\n');
    // Lines broken inside sentences are joined; running header and page numbers are gone.
    for (const p of [PDF_REPORT.opening, ...PDF_REPORT.body]) expect(pdf).toContain(`\n${p}\n`);
    expect(pdf).not.toContain(PDF_REPORT.header);
    expect(pdf).not.toMatch(/- \d+ -/u);

    const html = fileOf('xugou-2024.txt');
    expect(html).toContain('published: 2025-03-28');
    for (const p of HTML_REPORT.paragraphs) expect(html).toContain(`\n${p}\n`);
    for (const chrome of [...HTML_CHROME, '打印本页', '索引号', '版权所有']) expect(html).not.toContain(chrome.replace(/[:：]$/u, ''));
  });

  it('answers from each imported report with a verbatim quote from the original and its section', async () => {
    const questions = [
      ['虚构区人民调解成功率是多少', '一、（三）（1） 人民调解', DOCX_REPORT.sections[0]!.paras[5]],
      ['虚构区全年培训行政执法人员多少人次', '一、（二）一是 开展执法人员培训', DOCX_REPORT.sections[0]!.paras[2]],
      ['虚构区基层执法力量薄弱吗', '存在问题', DOCX_REPORT.sections[1]!.paras[0]],
      ['示例市行政执法案卷评查了多少卷', '二、2. 加强行政执法监督', PDF_REPORT.body[5]],
      ['虚构区办理法律援助案件多少件', '二、（二） 加强公共法律服务', HTML_REPORT.paragraphs[6]],
    ] as const;
    const { code, stdout } = await cli('src/cli/ask.ts', ['--json', '--knowledge', kb.dir], questions.map((q) => q[0]).join('\n'));
    expect(code).toBe(0);
    const replies = stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; citations: { quote: string; section: string }[] });
    expect(replies).toHaveLength(questions.length);
    replies.forEach((reply, i) => {
      const [question, section, paragraph] = questions[i]!;
      expect(reply.kind, question).toBe('answer');
      const top = reply.citations[0]!;
      expect(paragraph, question).toContain(top.quote);
      expect(top.section, question).toBe(section);
    });
  }, 60_000);

  it('imports text copied from the page as a new version of the same report, and the same file again as a no-op', async () => {
    const copied = join(originals, 'copied.txt');
    writeFileSync(copied, copiedText());
    const replaced = await cli('src/cli/import.ts', ['--knowledge', kb.dir, copied]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`wrote ${kb.dir}/xugou-2024.txt, replacing the earlier version of the same report (same region, year and title; was imported from xugou-2024.html)`);
    const text = fileOf('xugou-2024.txt');
    expect(text).toContain('source_file: copied.txt');
    for (const chrome of HTML_CHROME) expect(text).not.toContain(chrome);
    const again = await cli('src/cli/import.ts', ['--knowledge', kb.dir, copied]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already imported as');
    expect(fileOf('xugou-2024.txt')).toBe(text);
  }, 60_000);
});
