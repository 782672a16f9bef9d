// Makes `npm test` self-sufficient on a machine with Debian's PostgreSQL server binaries: when no server is given
// (TEST_DATABASE_URL) and the PostgreSQL tests are not skipped, it starts the same throwaway cluster as .ci/run
// (temp dir, loopback port, random password; .ci/postgres.sh) and stops it after the run. Without the binaries
// nothing starts, and the PostgreSQL tests fail saying how to run them (test/helpers/postgres.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

const PG_LIB = '/usr/lib/postgresql';
const SCRIPT = join(REPO_ROOT, '.ci', 'postgres.sh');

const hasServerBinaries = () => existsSync(PG_LIB) && readdirSync(PG_LIB).some((v) => existsSync(join(PG_LIB, v, 'bin', 'initdb')));

export default function setup(): (() => void) | undefined {
  if (process.env.TEST_DATABASE_URL?.trim() || process.env.SKIP_POSTGRES_TESTS === '1' || !hasServerBinaries()) return undefined;
  const out = execFileSync('bash', ['-c', `. "${SCRIPT}" && start_throwaway_postgres >&2 && printf '%s\\n%s\\n%s\\n' "$TEST_DATABASE_URL" "$PG_TMP" "$PG_BIN"`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 120_000,
  });
  const [url, tmp, bin] = out.trim().split('\n');
  if (!url || !tmp || !bin) throw new Error(`could not start a throwaway PostgreSQL cluster (${SCRIPT})`);
  // Test workers start after this and inherit the environment.
  process.env.TEST_DATABASE_URL = url;
  return () => {
    execFileSync('bash', ['-c', `. "${SCRIPT}" && PG_TMP="${tmp}" PG_BIN="${bin}" stop_throwaway_postgres`], { stdio: 'ignore', timeout: 60_000 });
  };
}
