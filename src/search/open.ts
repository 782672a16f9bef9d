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

/** The file's knowledge and index; or, when there is a file that cannot be used, why. */
function fromFile(file: string, problem: (p: PrebuiltFile) => string | null, knowledgeOf: (p: PrebuiltFile) => LoadResult): { loaded: LoadResult; index: SearchIndex } | { note?: string } {
  try {
    const prebuilt = readIndexFile(file);
    if (!prebuilt) return {};
    const why = problem(prebuilt);
    if (why) throw new IndexFileError(why);
    const loaded = knowledgeOf(prebuilt);
    const entries = entriesOf(loaded.kb);
    if (entries.length !== prebuilt.header.sentences) throw new IndexFileError(`it has ${prebuilt.header.sentences} sentences, the knowledge ${entries.length}`);
    return { loaded, index: { header: prebuilt.header, entries, postings: prebuilt.postings() } };
  } catch (e) {
    if (!(e instanceof IndexFileError)) throw e;
    return { note: `prebuilt index ${file} not used: ${e.message}; built in memory — run npm run build:knowledge to refresh it` };
  }
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
  const r = fromFile(
    opts.indexFile ?? defaultIndexFile(dir),
    (p) => (p.header.inputs === inputFingerprint(dir) ? null : 'the knowledge files changed after it was built'),
    (p) => p.knowledge(dir),
  );
  if ('index' in r) return opened(r.loaded, r.index, 'prebuilt', undefined, opts);
  const loaded = loadKnowledge(dir);
  return opened(loaded, buildIndex(loaded.kb), 'built', r.note, opts);
}

/** The engine for an already loaded knowledge base, with the postings of `indexFile` when it was built from the same knowledge. */
export function openAnswerEngine(kb: KnowledgeBase, opts: OpenOptions = {}): OpenedEngine {
  const loaded = { kb, warnings: [] };
  const r = fromFile(
    opts.indexFile ?? defaultIndexFile(kb.dir),
    (p) => (p.header.knowledgeVersion === kb.version ? null : `built from knowledge version ${p.header.knowledgeVersion}, the knowledge directory is now ${kb.version}`),
    () => loaded,
  );
  const { engine, source, note } = 'index' in r ? opened(loaded, r.index, 'prebuilt', undefined, opts) : opened(loaded, buildIndex(kb), 'built', r.note, opts);
  return note ? { engine, source, note } : { engine, source };
}
