// Start-up: use the prebuilt index when it matches this code and the knowledge, else build in memory.
import { join } from 'node:path';
import type { KnowledgeBase } from '../knowledge/types.js';
import { createAnswerEngine, type EngineOptions, type SearchEngine } from './engine.js';
import { loadOrBuildIndex } from './index.js';

/** Where `npm run build:knowledge` writes the index unless told otherwise (reports are .md/.txt, so it is not read as one). */
export const DEFAULT_INDEX_FILE = '.search-index.json';

export function defaultIndexFile(knowledgeDir: string): string {
  return join(knowledgeDir, DEFAULT_INDEX_FILE);
}

export interface OpenedEngine {
  engine: SearchEngine;
  /** `prebuilt` when the index file was used, `built` when it was built in memory. */
  source: 'prebuilt' | 'built';
  /** Why a prebuilt index was not used (stale, incompatible, unreadable), for a start-up warning. */
  note?: string;
}

/** The engine for a loaded knowledge base, from `indexFile` (default: `<dir>/.search-index.json`) when it is current. */
export function openAnswerEngine(kb: KnowledgeBase, opts: { indexFile?: string } & Omit<EngineOptions, 'index'> = {}): OpenedEngine {
  const { index, source, note } = loadOrBuildIndex(kb, opts.indexFile ?? defaultIndexFile(kb.dir));
  const engine = createAnswerEngine(kb, { ...opts, index });
  return note ? { engine, source, note } : { engine, source };
}
