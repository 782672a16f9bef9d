// Hot reload through the real server: a report imported while questions stream into /api/ask is answered within
// 5 s, no question fails during the swap, and a broken change is rejected while the old knowledge keeps serving.
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/import-files.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { HTML_REPORT, makeHtml } from '../helpers/report-files.js';
import { tempKnowledge } from '../helpers/knowledge.js';

const OLD_QUESTION = '全市调解组织调解案件成功率是多少?';
const NEW_QUESTION = '虚构区办理法律援助案件多少件';
const NEW_TITLE = HTML_REPORT.title;
// The stream is one caller asking as fast as it can: above the per-caller /api/ask limit, which is not under test here.
const STREAM_RATE = { perSec: 100_000, burst: 100_000 };

let kb: { dir: string; cleanup: () => void };
let originals: string;
let bot: TestBot;

beforeAll(async () => {
  kb = tempKnowledge(true);
  originals = mkdtempSync(join(tmpdir(), 'fazhi-originals-'));
  writeFileSync(join(originals, 'xugou-2024.html'), makeHtml());
  bot = await startTestBot(null, { env: { KNOWLEDGE_DIR: kb.dir, PLAYGROUND: 'off' }, reloadDebounceMs: 100, askRate: STREAM_RATE });
});
afterAll(async () => {
  await bot?.stop();
  kb?.cleanup();
  rmSync(originals, { recursive: true, force: true });
});

interface AskJson {
  answered: boolean;
  citations: { quote: string; document: { title: string } }[];
}
const ask = async (question: string): Promise<{ status: number; json: AskJson | null }> => {
  const res = await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return { status: res.status, json: res.status === 200 ? ((await res.json()) as AskJson) : null };
};
const health = async () => (await (await fetch(`${bot.url}/healthz`)).json()) as { knowledge: { ready: boolean; version: string; documents: number; loadedAt: string } };
const metricsText = async () => (await fetch(`${bot.url}/metrics`)).text();

describe('knowledge hot reload', () => {
  it('answers from a report imported while questions stream in, within 5 s, and no question fails', async () => {
    const before = await health();
    expect(before.knowledge).toMatchObject({ ready: true, documents: 1 });
    expect(await metricsText()).toContain(`fazhi_knowledge_info{version="${before.knowledge.version}",loaded_at="${before.knowledge.loadedAt}"} 1`);

    const failures: string[] = [];
    let asked = 0;
    let importedAt = 0;
    let answeredAt = 0;
    const deadline = Date.now() + 15_000;
    // Four clients asking in a loop, bounded in count and time, until the new report answers.
    const client = async (i: number) => {
      for (let n = 0; n < 2_000 && Date.now() < deadline && answeredAt === 0; n++) {
        const question = (n + i) % 2 === 0 ? OLD_QUESTION : NEW_QUESTION;
        const { status, json } = await ask(question);
        asked++;
        if (status !== 200 || !json) failures.push(`${question}: HTTP ${status}`);
        else if (question === OLD_QUESTION && !json.answered) failures.push(`${question}: not answered`);
        else if (question === NEW_QUESTION && importedAt > 0 && json.citations[0]?.document.title === NEW_TITLE && answeredAt === 0) answeredAt = Date.now();
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    await new Promise((r) => setTimeout(r, 300));
    importedAt = Date.now();
    const [outcome] = await importFiles([join(originals, 'xugou-2024.html')], { knowledgeDir: kb.dir });
    expect(outcome?.plan.action).toBe('write');
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answeredAt, 'the new report never answered').toBeGreaterThan(0);
    expect(answeredAt - importedAt).toBeLessThan(5_000);
    expect(asked).toBeGreaterThan(8);

    const after = await health();
    expect(after.knowledge.documents).toBe(2);
    expect(after.knowledge.version).not.toBe(before.knowledge.version);
    const metrics = await metricsText();
    expect(metrics).toContain(`fazhi_knowledge_info{version="${after.knowledge.version}",loaded_at="${after.knowledge.loadedAt}"} 2`);
    expect(metrics).toMatch(/fazhi_knowledge_reloads_total\{result="swapped"\} [1-9]/u);
    // /source names the version being served.
    const source = (await (await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '/source' }) })).json()) as { knowledgeVersion?: string };
    expect(source.knowledgeVersion).toBe(after.knowledge.version);
    // The next digest announces the new report, as it does for a report present at a restart.
    const digest = (await (await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '/digest' }) })).json()) as AskJson;
    expect(digest.citations[0]?.document.title).toBe(NEW_TITLE);
  }, 30_000);

  it('rejects a broken change and keeps serving the knowledge it had', async () => {
    const before = await health();
    writeFileSync(join(kb.dir, 'broken.txt'), '没有前置元数据的文件');
    const outcome = await bot.reloadKnowledge('test');
    expect(outcome).toMatchObject({ result: 'rejected' });
    expect(outcome.result === 'rejected' && outcome.error).toContain('broken.txt: no YAML front matter');
    const after = await health();
    expect(after.knowledge).toEqual(before.knowledge);
    expect((await ask(NEW_QUESTION)).json?.citations[0]?.document.title).toBe(NEW_TITLE);
    expect(await metricsText()).toMatch(/fazhi_knowledge_reloads_total\{result="rejected"\} [1-9]/u);

    rmSync(join(kb.dir, 'broken.txt'));
    // Back to the files being served: nothing to rebuild.
    expect(await bot.reloadKnowledge('test')).toEqual({ result: 'unchanged' });
  }, 30_000);
});
