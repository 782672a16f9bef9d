// The prebuilt file: start-up uses it only when it was made from the very files of the knowledge directory by
// this code; anything else is rebuilt in memory, with a note saying why, and the answers are the same either way.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/knowledge/errors.js';
import { inputFingerprint, loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { writeIndexFile } from '../../src/search/index-file.js';
import { buildIndex } from '../../src/search/index.js';
import { defaultIndexFile, openAnswerEngine, openKnowledge } from '../../src/search/open.js';
import { tempKnowledge } from '../helpers/knowledge.js';

const QUESTIONS = ['调解成功率多少', '庭审直播场次', '法律援助案件有多少', '上海的房价', '2019年的执法情况', '明天会下雨吗'];

let dir: string;
let cleanup: () => void;

/** What `npm run build:knowledge` does. */
function buildFile(knowledgeDir: string, file = defaultIndexFile(knowledgeDir)): string {
  const inputs = inputFingerprint(knowledgeDir)!;
  const loaded = loadKnowledge(knowledgeDir);
  writeIndexFile(file, loaded, buildIndex(loaded.kb), inputs);
  return file;
}

/**
 * The file with its header JSON edited in place (to the same length, so the blocks stay where they are) and its
 * checksum made right again: a file another version of the program wrote.
 */
function patchHeader(file: string, edit: (header: string) => string): void {
  const buf = readFileSync(file);
  const length = buf.readUInt32LE(8);
  const header = buf.toString('utf8', 16, 16 + length);
  const edited = edit(header);
  expect(edited).not.toBe(header);
  expect(Buffer.byteLength(edited)).toBe(length);
  buf.write(edited, 16, 'utf8');
  buf.writeUInt32LE(crc32(buf.subarray(16)), 12);
  writeFileSync(file, buf);
}

beforeAll(() => {
  ({ dir, cleanup } = tempKnowledge());
});
afterAll(() => cleanup());

describe('prebuilt file', () => {
  it('gives the same knowledge and the same answers as parsing the reports', () => {
    buildFile(dir);
    const opened = openKnowledge(dir);
    expect(opened.source).toBe('prebuilt');
    expect(opened.note).toBeUndefined();
    const parsed = loadKnowledge(dir);
    expect(opened.loaded).toEqual(parsed);
    const fresh = createAnswerEngine(parsed.kb);
    for (const q of QUESTIONS) expect(opened.engine.ask(q, { explain: true })).toEqual(fresh.ask(q, { explain: true }));
  });

  it('is not used once a report changes: the new text is parsed and answered from', () => {
    const { dir: edited, cleanup: done } = tempKnowledge();
    try {
      buildFile(edited);
      appendFileSync(join(edited, 'qingyuan-2021.txt'), '全市新建智慧法庭42个。\n');
      const opened = openKnowledge(edited);
      expect(opened.source).toBe('built');
      expect(opened.note).toMatch(/knowledge files changed/u);
      expect(opened.engine.ask('新建智慧法庭多少个')).toMatchObject({ kind: 'answer', citations: [{ quote: '全市新建智慧法庭42个。' }] });
    } finally {
      done();
    }
  });

  it('is not used when the knowledge no longer loads: the problem is reported, not hidden behind the old file', () => {
    const { dir: broken, cleanup: done } = tempKnowledge();
    try {
      buildFile(broken);
      writeFileSync(join(broken, 'new-report.txt'), 'no front matter here\n');
      expect(() => openKnowledge(broken)).toThrow(KnowledgeError);
    } finally {
      done();
    }
  });

  it.each([
    ['another schema', (h: string) => h.replace(/"schemaVersion":(\d)/u, (_m, v: string) => `"schemaVersion":${(Number(v) + 1) % 10}`), /schema version/u],
    ['another tokenizer', (h: string) => h.replace(/"tokenizerVersion":(\d)/u, (_m, v: string) => `"tokenizerVersion":${(Number(v) + 1) % 10}`), /tokenizer version/u],
    ['other code', (h: string) => h.replace(/"code":"([^"]*)"/u, (_m, v: string) => `"code":"${'0'.repeat(v.length)}"`), /another version of the knowledge parser/u],
  ])('is not used when built by %s', (_what, edit, message) => {
    const file = buildFile(dir, join(dir, 'patched'));
    patchHeader(file, edit);
    const opened = openKnowledge(dir, { indexFile: file });
    expect(opened.source).toBe('built');
    expect(opened.note).toMatch(message);
    expect(opened.engine.ask('调解成功率多少').kind).toBe('answer');
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2)), /damaged \(checksum mismatch\)/u],
    ['cut inside its header', (b: Buffer) => b.subarray(0, 40), /truncated/u],
    ['not an index at all', () => Buffer.from('{"header":{}}'), /not a fazhi-bot index file/u],
    ['empty', () => Buffer.alloc(0), /not a fazhi-bot index file/u],
  ])('is not used when %s', (_what, damage, message) => {
    const file = buildFile(dir, join(dir, 'damaged'));
    writeFileSync(file, damage(readFileSync(file)));
    const opened = openKnowledge(dir, { indexFile: file });
    expect(opened.source).toBe('built');
    expect(opened.note).toMatch(message);
    expect(opened.engine.ask('调解成功率多少').kind).toBe('answer');
  });

  it('is not used when any byte of it changed: a damaged quote never reaches a user (property)', () => {
    const file = buildFile(dir, join(dir, 'flipped'));
    const original = readFileSync(file);
    const fresh = createAnswerEngine(loadKnowledge(dir).kb);
    const want = fresh.ask('调解成功率多少');
    fc.assert(
      fc.property(fc.nat(original.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const damaged = Buffer.from(original);
        damaged[at]! ^= xor;
        writeFileSync(file, damaged);
        const opened = openKnowledge(dir, { indexFile: file });
        expect(opened.source).toBe('built');
        expect(opened.note).toMatch(/not used/u);
        expect(opened.engine.ask('调解成功率多少')).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it('builds in memory, without a note, when there is no file', () => {
    rmSync(defaultIndexFile(dir), { force: true });
    const opened = openKnowledge(dir);
    expect(opened.source).toBe('built');
    expect(opened.note).toBeUndefined();
  });

  it('serves a loaded knowledge base only when it is the one the file was built from', () => {
    const file = buildFile(dir, join(dir, 'for-kb'));
    const { kb } = loadKnowledge(dir);
    expect(openAnswerEngine(kb, { indexFile: file })).toMatchObject({ source: 'prebuilt' });
    const other = openAnswerEngine({ ...kb, version: `${kb.version}-edited` }, { indexFile: file });
    expect(other.source).toBe('built');
    expect(other.note).toMatch(/knowledge version/u);
  });
});
