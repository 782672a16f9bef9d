// A DATA_DIR the bot cannot use stops the real process (src/main.ts, as `npm start` runs it) with one message
// that names DATA_DIR and says what to do, a non-zero exit and no stack trace: not a directory, read-only, not a
// database, and a database whose pages (the inbox among them) are damaged.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../src/state/db.js';
import { TEST_ENCRYPT_KEY, encryptedPush, p2pText, push } from './helpers/lark-events.js';
import { startMockLark } from './helpers/mock-lark.js';
import { spawnBot } from './helpers/spawn-bot.js';
import { larkEnv, startTestBot } from './helpers/test-bot.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'fazhi-datadir-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startFails(dataDir: string) {
  const bot = spawnBot({ ...larkEnv(null, dataDir) });
  const { code } = await bot.exited;
  const out = bot.output();
  expect(code).toBe(1);
  expect(out).toContain('DATA_DIR');
  expect(out).not.toMatch(/\n\s+at /u);
  expect(out).not.toContain('fazhi-bot listening');
  return out;
}

describe('DATA_DIR the bot cannot use (real process)', { timeout: 120_000 }, () => {
  it('a file, not a directory', async () => {
    const file = join(tempDir(), 'data');
    writeFileSync(file, 'x');
    expect(await startFails(file)).toMatch(/is not a directory/u);
  });

  it('a read-only directory', async () => {
    expect(await startFails('/sys')).toMatch(/not writable.*write access/u);
  });

  it('a state file that is not a database', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, DB_FILE), 'this is not an SQLite database, just text that happens to be here'.repeat(100));
    expect(await startFails(dir)).toMatch(/damaged.*move fazhi-bot\.sqlite\* out of DATA_DIR/u);
  });

  it('a state file whose pages (inbox, question log) are damaged', async () => {
    const dir = tempDir();
    const mock = await startMockLark();
    const bot = await startTestBot(mock, { dataDir: dir });
    for (let i = 0; i < 40; i++) expect((await push(bot.url, encryptedPush(TEST_ENCRYPT_KEY, p2pText(`全市调解组织调解案件成功率是多少? ${i}`)))).status).toBe(200);
    await bot.bot.drain(15_000);
    await bot.stop({ keepData: true });
    await mock.close();
    const file = join(dir, DB_FILE);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(3 * 4096);
    // Everything after the first page (the schema) becomes noise.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    closeSync(fd);
    expect(await startFails(dir)).toMatch(/damaged/u);
  });
});

describe('DATA_DIR going away while the bot runs', () => {
  it('the public /healthz reports it degraded without naming the path', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const mock = await startMockLark();
    const bot = await startTestBot(mock, { dataDir: dir });
    try {
      await bot.identityKnown;
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      rmSync(dir, { recursive: true, force: true });
      const res = await fetch(`${bot.url}/healthz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect((JSON.parse(text) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^DATA_DIR cannot be checked \(ENOENT\)/u)]);
      expect(text).not.toContain(dir);
    } finally {
      await bot.stop();
      await mock.close();
    }
  });
});
