// Where the tests find the repository, the shipped knowledge base and the fixture files.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const KNOWLEDGE_DIR = join(REPO_ROOT, 'knowledge');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');
/** Two reports of two cities, with corrections and synonyms: the multi-document fixture. */
export const MULTI_KNOWLEDGE_DIR = join(FIXTURES_DIR, 'knowledge-multi');
