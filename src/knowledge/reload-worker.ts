// Worker thread: parses, checks and indexes a knowledge directory and writes the prebuilt index file, so the
// seconds this takes at scale are spent beside the server's event loop, not on it. The server then opens the
// file (a fraction of a second) and swaps.
import { parentPort, workerData } from 'node:worker_threads';
import { writeIndexFile } from '../search/index-file.js';
import { buildIndex } from '../search/index.js';
import { inputFingerprint, loadKnowledge } from './load-knowledge.js';

const { dir, out } = workerData as { dir: string; out: string };
try {
  const inputs = inputFingerprint(dir);
  const loaded = loadKnowledge(dir);
  const index = buildIndex(loaded.kb);
  // The file records the inputs it was made from; a change during the build is picked up by the next reload.
  if (inputs === null) throw new Error(`cannot read ${dir}`);
  writeIndexFile(out, loaded, index, inputs);
  parentPort?.postMessage({ ok: true });
} catch (e) {
  parentPort?.postMessage({ ok: false, error: (e as Error).message });
}
