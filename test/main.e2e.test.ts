// `npm start` as a real process: SIGHUP reloads the knowledge directory; SIGTERM still stops it cleanly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from './helpers/bot-process.js';
import { tempKnowledge } from './helpers/knowledge.js';

let bot: BotProcess | undefined;
let kb: { dir: string; cleanup: () => void } | undefined;
let dataDir: string | undefined;
afterEach(() => {
  if (bot && bot.proc.exitCode === null && bot.proc.signalCode === null) bot.proc.kill('SIGKILL');
  kb?.cleanup();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as { knowledge: { documents: number; version: string } };

describe('npm start', () => {
  it('reloads the knowledge on SIGHUP and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    kb = tempKnowledge(true);
    dataDir = mkdtempSync(join(tmpdir(), 'fazhi-bot-sighup-'));
    bot = await startBotProcess({ PORT: '0', DATA_DIR: dataDir, KNOWLEDGE_DIR: kb.dir, PLAYGROUND: 'off' });
    expect((await health(bot.url)).knowledge.documents).toBe(1);

    writeFileSync(join(kb.dir, 'shili-2022.txt'), '---\ntitle: 示例市2022年法治政府建设年度报告\nyear: 2022\nregion: 示例市\n---\n2022年，示例市全年办理行政复议案件57件。\n');
    bot.proc.kill('SIGHUP');
    for (const start = Date.now(); (await health(bot.url)).knowledge.documents !== 2; ) {
      if (Date.now() - start > 10_000) throw new Error(`no reload after SIGHUP:\n${bot.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The log is written asynchronously: wait for the line, bounded.
    for (const start = Date.now(); !/"reason":"SIGHUP"[^\n]*"msg":"knowledge reloaded"/u.test(bot.output()); ) {
      if (Date.now() - start > 10_000) throw new Error(`no SIGHUP reload logged:\n${bot.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    bot.proc.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  });
});
