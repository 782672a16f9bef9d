// Start-up: the knowledge and its index from the prebuilt file when it was made from these very files by this
// code; otherwise parsed and built in memory, with a note saying why the file was not used.
import { join } from 'node:path';
import { inputFingerprint, loadKnowledge, type LoadResult } from '../knowledge/load-knowledge.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { createAnswerEngine, type EngineOptions, type SearchEngine } from './engine.js';
import { IndexFileError, readIndexFile, type PrebuiltFile } from './index-file.js';
import { buildIndex, entriesOf, type SearchIndex } from './index.js';

/** Where `npm run build:knowledge` writes the index unless told otherwise (reports are .md/.txt, so it is not read as one). */
export const DEFAULT_INDEX_FILE = '.search-index';

export function defaultIndexFile(knowledgeDir: string): string {
  return join(knowledgeDir, DEFAULT_INDEX_FILE);
}

export type IndexSource = 'prebuilt' | 'built';

export interface OpenedEngine {
  engine: SearchEngine;
  /** `prebuilt` when the index file was used, `built` when it was built in memory. */
  source: IndexSource;
  /** Why a prebuilt index was not used (stale, other code, damaged), for a start-up warning. */
  note?: string;
}

export interface OpenedKnowledge extends OpenedEngine {
  loaded: LoadResult;
}

type OpenOptions = { indexFile?: string } & Omit<EngineOptions, 'index'>;

const REBUILD = 'built in memory — run npm run build:knowledge to refresh it';

function tryRead(file: string): { prebuilt: PrebuiltFile | null; note?: string } {
  try {
    return { prebuilt: readIndexFile(file) };
  } catch (e) {
    if (!(e instanceof IndexFileError)) throw e;
    return { prebuilt: null, note: `prebuilt index ${file} not used: ${e.message}; ${REBUILD}` };
  }
}

function fromFile(prebuilt: PrebuiltFile, loaded: LoadResult): SearchIndex {
  const entries = entriesOf(loaded.kb);
  if (entries.length !== prebuilt.header.sentences) throw new IndexFileError(`it has ${prebuilt.header.sentences} sentences, the knowledge ${entries.length}`);
  return { header: prebuilt.header, entries, postings: prebuilt.postings() };
}

function opened(loaded: LoadResult, index: SearchIndex, source: IndexSource, note: string | undefined, opts: OpenOptions): OpenedKnowledge {
  const { indexFile: _file, ...engineOpts } = opts;
  const engine = createAnswerEngine(loaded.kb, { ...engineOpts, index });
  return note ? { loaded, engine, source, note } : { loaded, engine, source };
}

/**
 * The knowledge directory `dir` with its engine, from `indexFile` (default `<dir>/.search-index`) when that was
 * built from the same files by the same code. Throws KnowledgeError when the knowledge has to be parsed and
 * cannot be used.
 */
export function openKnowledge(dir: string, opts: OpenOptions = {}): OpenedKnowledge {
  const file = opts.indexFile ?? defaultIndexFile(dir);
  let { prebuilt, note } = tryRead(file);
  if (prebuilt) {
    if (prebuilt.header.inputs === inputFingerprint(dir)) {
      try {
        const loaded = prebuilt.knowledge(dir);
        return opened(loaded, fromFile(prebuilt, loaded), 'prebuilt', undefined, opts);
      } catch (e) {
        if (!(e instanceof IndexFileError)) throw e;
        note = `prebuilt index ${file} not used: ${e.message}; ${REBUILD}`;
      }
    } else note = `prebuilt index ${file} not used: the knowledge files changed after it was built; ${REBUILD}`;
  }
  const loaded = loadKnowledge(dir);
  return opened(loaded, buildIndex(loaded.kb), 'built', note, opts);
}

/** The engine for an already loaded knowledge base, with the postings of `indexFile` when it was built from the same knowledge. */
export function openAnswerEngine(kb: KnowledgeBase, opts: OpenOptions = {}): OpenedEngine {
  const file = opts.indexFile ?? defaultIndexFile(kb.dir);
  let { prebuilt, note } = tryRead(file);
  if (prebuilt) {
    if (prebuilt.header.knowledgeVersion === kb.version) {
      try {
        const { engine, source } = opened({ kb, warnings: [] }, fromFile(prebuilt, { kb, warnings: [] }), 'prebuilt', undefined, opts);
        return { engine, source };
      } catch (e) {
        if (!(e instanceof IndexFileError)) throw e;
        note = `prebuilt index ${file} not used: ${e.message}; ${REBUILD}`;
      }
    } else note = `prebuilt index ${file} not used: built from knowledge version ${prebuilt.header.knowledgeVersion}, the knowledge directory is now ${kb.version}; ${REBUILD}`;
  }
  const { engine, source } = opened({ kb, warnings: [] }, buildIndex(kb), 'built', note, opts);
  return note ? { engine, source, note } : { engine, source };
}
