// Makes sure dist/web holds a build of the current web/ sources before a test serves it. `npm install` builds it
// (the `prepare` script); this catches a stale or missing build when someone edits web/ and runs the tests. Test
// files run in parallel forks, so the build is guarded by a lock directory.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export const ASSETS_DIR = join(REPO_ROOT, 'dist', 'web');
const LOCK = join(REPO_ROOT, 'dist', '.web-build.lock');
const STALE_LOCK_MS = 120_000;

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  try {
    const built = statSync(join(ASSETS_DIR, 'index.html')).mtimeMs;
    return built >= Math.max(newestSource(join(REPO_ROOT, 'web')), statSync(join(REPO_ROOT, 'vite.config.ts')).mtimeMs);
  } catch {
    return false;
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensurePageBuilt(): void {
  if (fresh()) return;
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      sleepSync(200);
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
