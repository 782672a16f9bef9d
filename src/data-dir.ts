// DATA_DIR problems at start-up, told once and plainly: a missing, read-only or corrupt state directory stops the
// start with one message that names DATA_DIR and says what to do (run() prints it and exits 1, no stack trace).
import { accessSync, constants, mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DB_FILE } from './state/db.js';

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

const stateFile = (dir: string) => join(dir, DB_FILE);

const corrupt = (dir: string, detail: string) =>
  new DataDirError(
    `DATA_DIR ${dir}: the state file ${DB_FILE} is damaged (${detail}). Stop the bot, move ${DB_FILE}* out of DATA_DIR (or restore it from a backup) and start again: ` +
      'the bot then starts with empty state (subscriptions, feedback and answers still pending in it are lost).',
  );

/** Checks that DATA_DIR is a directory this process can write and, when it holds a state file, that SQLite can read it. */
export function checkDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  try {
    if (!statSync(dir).isDirectory()) throw new DataDirError(`DATA_DIR ${dir} is not a directory. Set DATA_DIR to a directory the bot may write (it is created if missing).`);
  } catch (e) {
    if (e instanceof DataDirError) throw e;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (m) {
      throw new DataDirError(`DATA_DIR ${dir} does not exist and cannot be created (${(m as NodeJS.ErrnoException).code ?? (m as Error).message}). Create it, or set DATA_DIR to a writable directory.`);
    }
  }
  // A real write: access() says yes to root even on a read-only mount.
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    accessSync(dir, constants.R_OK | constants.W_OK);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    throw new DataDirError(`DATA_DIR ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Give the bot's user write access to it, or set DATA_DIR to a writable directory.`);
  }
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(stateFile(dir), { fileMustExist: true });
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CANTOPEN') return; // no state yet: created at start
    throw explainStorageError(e, dataDir);
  }
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw corrupt(dir, problems.slice(0, 2).join('; '));
  } catch (e) {
    throw explainStorageError(e, dataDir);
  } finally {
    db.close();
  }
}

/** A storage error met while starting (opening the stores, resuming the inbox) → a DataDirError saying what to do. */
export function explainStorageError(e: unknown, dataDir: string): Error {
  if (e instanceof DataDirError) return e;
  const dir = resolve(dataDir);
  const code = (e as { code?: string }).code ?? '';
  const message = (e as Error).message ?? String(e);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT') || e instanceof SyntaxError) return corrupt(dir, message);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new DataDirError(`DATA_DIR ${dir}: the state file cannot be opened for writing (${code}: ${message}). Give the bot's user write access to DATA_DIR and the files in it, or set DATA_DIR to a writable directory.`);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new DataDirError(`DATA_DIR ${dir}: the disk is full (${code}). Free space on it and start again.`);
  return e instanceof Error ? e : new Error(message);
}

/** Below this much free space in DATA_DIR, /healthz reports degraded: SQLite writes (the inbox) are about to fail. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

/** A /healthz problem when DATA_DIR's file system is (nearly) full, else null. */
export function diskProblem(dataDir: string, minFreeBytes: number = MIN_FREE_BYTES): string | null {
  try {
    const s = statfsSync(resolve(dataDir));
    const free = s.bavail * s.bsize;
    return free < minFreeBytes ? `DATA_DIR has ${Math.floor(free / (1024 * 1024))} MB free (needs ${Math.ceil(minFreeBytes / (1024 * 1024))} MB): free space, or new messages cannot be stored` : null;
  } catch (e) {
    // The code only: this is shown on the public /healthz, and the message carries the path.
    return `DATA_DIR cannot be checked (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`;
  }
}
