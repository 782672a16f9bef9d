// The import and reload benchmarks, in a child process (bench/run.ts runs it; prints one JSON line).
//   import: a 30-page PDF and a 1 MB saved web page through `importFiles` (dry run: reading, detection, integrity,
//           rendering; no write), medians of 3; plus what the chosen readers buy over their plain alternatives.
//   swap --knowledge DIR: the real server on that directory; one report is added and the knowledge reloaded while
//           questions keep coming; how long the reload took and how long the event loop was held.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractText, getDocumentProxy } from 'unpdf';
import { loadConfig } from '../src/config.js';
import { HTML_CHROME, HTML_REPORT, PDF_REPORT, makeHtml, makePdf } from '../test/helpers/report-files.js';
import { importFiles } from '../src/import/import-files.js';
import { readReportFile } from '../src/import/import-files.js';
import { startBot } from '../src/main.js';
import { silentLogger } from '../src/obs/logger.js';
import { createMetrics } from '../src/obs/metrics.js';
import { median, round } from './stats.js';

const ROOT = join(import.meta.dirname, '..');

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function importPart(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-import-'));
  try {
    const knowledge = join(dir, 'knowledge');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(knowledge);
    copyFileSync(join(ROOT, 'knowledge', 'spam-lexicon.txt'), join(knowledge, 'spam-lexicon.txt'));

    // A 30-page PDF: the fictional report repeated.
    let pdf: Buffer = Buffer.alloc(0);
    let pages = 0;
    for (let repeat = 14; pages < 30 && repeat < 40; repeat += 2) {
      pdf = await makePdf({ repeat });
      pages = (await getDocumentProxy(new Uint8Array(pdf))).numPages;
    }
    const pdfFile = join(dir, 'report-30p.pdf');
    writeFileSync(pdfFile, pdf);

    // A 1 MB page: the article repeated inside the government page furniture.
    const paragraphs: string[] = [];
    // About 38 bytes of markup wrap each paragraph; the page comes out at about 1 MB.
    while (Buffer.byteLength(paragraphs.join('')) + paragraphs.length * 38 < 1_048_576) paragraphs.push(...HTML_REPORT.paragraphs.slice(1).map((p, i) => `${p}（第${paragraphs.length + i}条）`));
    const html = makeHtml({ title: HTML_REPORT.title, paragraphs: [HTML_REPORT.paragraphs[0], ...paragraphs] });
    const htmlFile = join(dir, 'page-1mb.html');
    writeFileSync(htmlFile, html);

    const runs = async (file: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const [outcomes, t] = await timed(() => importFiles([file], { knowledgeDir: knowledge, dryRun: true }));
        if (outcomes[0]?.plan.action !== 'write') throw new Error(`${file}: ${JSON.stringify(outcomes[0]?.plan).slice(0, 300)}`);
        ms.push(t);
      }
      return median(ms);
    };
    const pdfMs = await runs(pdfFile);
    const htmlMs = await runs(htmlFile);

    // What the chosen approach buys. PDF: unpdf's plain text keeps running headers/page numbers and breaks
    // sentences at line ends; positioned lines do not.
    const [plain, plainMs] = await timed(() => extractText(new Uint8Array(pdf), { mergePages: true }));
    const plainLines = (plain.text as string).split('\n');
    const read = await readReportFile(pdfFile);
    const whole = new Set([PDF_REPORT.opening, ...PDF_REPORT.body]);
    const furniture = (lines: string[]) => lines.filter((l) => l.trim() === PDF_REPORT.header || /^-\s*\d+\s*-$/u.test(l.trim())).length;
    // Web page: Readability's article vs the whole body text, counted in furniture lines that survive.
    const small = makeHtml();
    const bodyLines = (parseHTML(small).document.body.textContent ?? '').split('\n').map((l: string) => l.trim()).filter(Boolean);
    const article = new Readability(parseHTML(small).document as unknown as Document).parse();
    const articleLines = (article?.textContent ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    const chromeIn = (lines: string[]) => lines.filter((l) => HTML_CHROME.some((c) => l.includes(c.replace(/[:：]$/u, '')))).length;
    return {
      pdf_pages: pages,
      pdf_bytes: pdf.length,
      pdf_import_ms: round(pdfMs, 1),
      html_bytes: Buffer.byteLength(html),
      html_import_ms: round(htmlMs, 1),
      pdf_plain_extract_ms: round(plainMs, 1),
      pdf_plain_furniture_lines: furniture(plainLines),
      pdf_lines_furniture_lines: furniture(read.blocks.map((b) => b.text)),
      pdf_lines_whole_paragraphs: read.blocks.filter((b) => whole.has(b.text)).length,
      pdf_plain_whole_paragraphs: plainLines.filter((l) => whole.has(l.trim())).length,
      html_body_chrome_lines: chromeIn(bodyLines),
      html_readability_chrome_lines: chromeIn(articleLines),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function swapPart(knowledgeDir: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-swap-'));
  const { cpSync } = await import('node:fs');
  const knowledge = join(dir, 'knowledge');
  cpSync(knowledgeDir, knowledge, { recursive: true });
  const config = loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), KNOWLEDGE_DIR: knowledge, LOG_LEVEL: 'silent', PLAYGROUND: 'off' });
  const bot = await startBot(config, { logger: silentLogger(), metrics: createMetrics({ defaultMetrics: false }), host: '127.0.0.1', reloadDebounceMs: 60_000, askRate: { perSec: 100_000, burst: 100_000 } });
  try {
    const docs = (await (await fetch(`${bot.url}/healthz`)).json()) as { knowledge: { documents: number } };
    // Questions keep coming during the swap; none may fail.
    let stop = false;
    let failed = 0;
    let asked = 0;
    const latencies: number[] = [];
    const client = async () => {
      for (let i = 0; i < 10_000 && !stop; i++) {
        const t = performance.now();
        const res = await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '行政复议案件办理情况' }) });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        asked++;
        if (res.status !== 200) failed++;
      }
    };
    const clients = [client(), client()];
    await new Promise((r) => setTimeout(r, 300));
    const swaps: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(knowledge, `added-${i}.txt`), `---\ntitle: 示例市${2030 + i}年法治政府建设年度报告\nyear: ${2030 + i}\nregion: 示例市\n---\n${PDF_REPORT.opening}\n${PDF_REPORT.body.join('\n')}\n`);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const outcome = await bot.reloadKnowledge('bench');
      loop.disable();
      if (outcome.result !== 'swapped') throw new Error(`reload: ${JSON.stringify(outcome)}`);
      swaps.push(outcome.ms);
      held.push(loop.max / 1e6);
    }
    stop = true;
    await Promise.all(clients);
    latencies.sort((a, b) => a - b);
    return {
      reports: docs.knowledge.documents,
      swap_ms: round(median(swaps), 0),
      swap_loop_max_delay_ms: round(median(held), 0),
      swap_questions: asked,
      swap_questions_failed: failed,
      swap_question_max_ms: round(latencies.at(-1) ?? 0, 0),
    };
  } finally {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [cmd, flag, value] = process.argv.slice(2);
const result = cmd === 'swap' && flag === '--knowledge' && value ? await swapPart(value) : await importPart();
console.log(JSON.stringify(result));
process.exit(0);
