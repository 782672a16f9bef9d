// The prebuilt index: used only when its header matches this code and the knowledge; otherwise rebuilt or refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { buildIndex, deserializeIndex, IndexVersionError, INDEX_SCHEMA_VERSION, loadOrBuildIndex, serializeIndex } from '../../src/search/index.js';
import { openAnswerEngine } from '../../src/search/open.js';
import { TOKENIZER_VERSION } from '../../src/search/tokenize.js';

let kb: KnowledgeBase;
let dir: string;
let json: string;

beforeAll(() => {
  kb = loadKnowledge('knowledge').kb;
  dir = mkdtempSync(join(tmpdir(), 'fazhi-index-'));
  json = serializeIndex(buildIndex(kb));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withHeader = (patch: Record<string, unknown>) => {
  const parsed = JSON.parse(json) as { header: Record<string, unknown> };
  return JSON.stringify({ ...parsed, header: { ...parsed.header, ...patch } });
};

describe('prebuilt index', () => {
  it('records schema, tokenizer and knowledge versions', () => {
    const header = (JSON.parse(json) as { header: unknown }).header;
    expect(header).toMatchObject({ schemaVersion: INDEX_SCHEMA_VERSION, tokenizerVersion: TOKENIZER_VERSION, knowledgeVersion: kb.version });
  });

  it('loads a current index and answers exactly as a fresh build does', () => {
    const loaded = deserializeIndex(kb, json);
    const fromFile = createAnswerEngine(kb, { index: loaded });
    const fresh = createAnswerEngine(kb);
    for (const q of ['调解成功率多少', '庭审直播场次', '明天会下雨吗']) expect(fromFile.ask(q, { explain: true })).toEqual(fresh.ask(q, { explain: true }));
  });

  it.each([
    ['an older tokenizer', { tokenizerVersion: TOKENIZER_VERSION - 1 }, /tokenizer version/u],
    ['another schema', { schemaVersion: INDEX_SCHEMA_VERSION + 1 }, /schema version/u],
    ['other knowledge', { knowledgeVersion: '0000000000000000' }, /knowledge version/u],
  ])('refuses an index built with %s', (_what, patch, message) => {
    expect(() => deserializeIndex(kb, withHeader(patch))).toThrow(IndexVersionError);
    expect(() => deserializeIndex(kb, withHeader(patch))).toThrow(message);
  });

  it('refuses a file that is not an index', () => {
    expect(() => deserializeIndex(kb, 'not json')).toThrow(IndexVersionError);
    expect(() => deserializeIndex(kb, '{"index":{}}')).toThrow(/no version header/u);
  });

  it('rebuilds in memory, and says why, when the file on disk is stale', () => {
    const file = join(dir, 'stale.json');
    writeFileSync(file, withHeader({ knowledgeVersion: 'stale' }));
    const r = loadOrBuildIndex(kb, file);
    expect(r.source).toBe('built');
    expect(r.note).toMatch(/stale or incompatible/u);
    expect(r.index.header.knowledgeVersion).toBe(kb.version);
  });

  it('uses a current file, and builds in memory when there is none', () => {
    const file = join(dir, 'current.json');
    writeFileSync(file, json);
    const opened = openAnswerEngine(kb, { indexFile: file });
    expect(opened.source).toBe('prebuilt');
    expect(opened.note).toBeUndefined();
    expect(opened.engine.ask('调解成功率多少').kind).toBe('answer');
    const missing = openAnswerEngine(kb, { indexFile: join(dir, 'none.json') });
    expect(missing.source).toBe('built');
    expect(missing.note).toBeUndefined();
  });

  it('notices knowledge that changed after the build', () => {
    const file = join(dir, 'before-edit.json');
    writeFileSync(file, json);
    const edited: KnowledgeBase = { ...kb, version: `${kb.version}-edited` };
    const r = loadOrBuildIndex(edited, file);
    expect(r.source).toBe('built');
    expect(readFileSync(file, 'utf8')).toBe(json);
  });
});
