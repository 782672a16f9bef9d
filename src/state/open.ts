// Picks the state backend: PostgreSQL when DATABASE_URL is set (several replicas share it), else the embedded
// SQLite file in DATA_DIR.
import type { StateBackend } from './ports.js';
import { openPgState, type PgStateOptions } from './postgres/backend.js';
import { openSqliteState } from './sqlite.js';

export { StateUnavailableError } from './postgres/connect.js';

export interface StateConfig {
  databaseUrl: string | null;
  dataDir: string;
}

export async function openState(config: StateConfig, pg: PgStateOptions = {}): Promise<StateBackend> {
  return config.databaseUrl ? openPgState(config.databaseUrl, pg) : openSqliteState(config.dataDir);
}
