// The reloader's decisions, with plain generations standing in for knowledge (the e2e test runs the real server).
import { describe, expect, it } from 'vitest';
import { createHolder, createReloader, needsReload, type Generation } from '../../src/knowledge/reload.js';
import { silentLogger } from '../../src/obs/logger.js';

const gen = (fingerprint: string): Generation => ({ fingerprint, info: { version: fingerprint, loadedAt: 't', documents: 1 } });

function setup(build: (fp: string) => Generation | Promise<Generation>) {
  let files = 'a';
  const holder = createHolder(gen('a'));
  const built: string[] = [];
  const reloader = createReloader({
    holder,
    fingerprint: () => files,
    build: () => {
      built.push(files);
      return build(files);
    },
    logger: silentLogger(),
    debounceMs: 10,
  });
  return { holder, reloader, built, change: (f: string) => void (files = f) };
}

describe('the reloader', () => {
  it('does nothing when the files are the ones being served', async () => {
    const { reloader, built } = setup(gen);
    expect(await reloader.reload('x')).toEqual({ result: 'unchanged' });
    expect(built).toEqual([]);
  });

  it('swaps in a new generation, and keeps the old one when the build fails', async () => {
    const { holder, reloader, change } = setup((fp) => {
      if (fp === 'broken') throw new Error('broken.txt: no YAML front matter');
      return gen(fp);
    });
    change('b');
    expect(await reloader.reload('x')).toMatchObject({ result: 'swapped', from: 'a', to: { version: 'b' } });
    expect(holder.current.fingerprint).toBe('b');
    change('broken');
    expect(await reloader.reload('x')).toMatchObject({ result: 'rejected', error: 'broken.txt: no YAML front matter' });
    expect(holder.current.fingerprint).toBe('b');
  });

  it('runs one build at a time; a change during a build is picked up right after it', async () => {
    let release: () => void = () => {};
    const { holder, reloader, built, change } = setup(async (fp) => {
      if (fp === 'b') await new Promise<void>((r) => (release = r));
      return gen(fp);
    });
    change('b');
    const first = reloader.reload('one');
    await new Promise((r) => setTimeout(r, 5));
    change('c');
    const second = reloader.reload('two');
    release();
    await Promise.all([first, second]);
    expect(built).toEqual(['b', 'c']);
    expect(holder.current.fingerprint).toBe('c');
  });

  it('debounces bursts of file events into one reload', async () => {
    const { reloader, built, change } = setup(gen);
    change('b');
    for (let i = 0; i < 20; i++) reloader.schedule('file change');
    await new Promise((r) => setTimeout(r, 100));
    expect(built).toEqual(['b']);
    await reloader.close();
  });

  it('treats an unreadable directory as a change (the build then says why)', () => {
    expect(needsReload('a', null)).toBe(true);
    expect(needsReload('a', 'a')).toBe(false);
  });
});

describe('indexing in a worker thread', () => {
  it('writes an index file the server opens as prebuilt, and rejects broken knowledge with its problems', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { buildIndexInWorker } = await import('../../src/knowledge/reload.js');
    const { openKnowledge } = await import('../../src/search/open.js');
    const { tempKnowledge } = await import('../helpers/knowledge.js');
    const kb = tempKnowledge(true);
    const out = mkdtempSync(join(tmpdir(), 'fazhi-index-'));
    try {
      await buildIndexInWorker(kb.dir, join(out, 'index'));
      const opened = openKnowledge(kb.dir, { indexFile: join(out, 'index') });
      expect(opened.source).toBe('prebuilt');
      expect(opened.engine.ask('全市调解组织调解案件成功率是多少?').kind).toBe('answer');
      writeFileSync(join(kb.dir, 'broken.txt'), 'no front matter');
      await expect(buildIndexInWorker(kb.dir, join(out, 'index2'))).rejects.toThrow(/broken\.txt: no YAML front matter/u);
    } finally {
      kb.cleanup();
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
