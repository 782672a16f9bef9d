// Starts the real bot (src/main.ts `startBot`) on 127.0.0.1:0 against a mock Open API server, with real SQLite
// in a temp dir and the bundled knowledge base. For end-to-end tests of the Lark path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot, type StartOptions } from '../../src/main.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { TEST_APP_ID, TEST_ENCRYPT_KEY, TEST_VERIFICATION_TOKEN } from './lark-events.js';
import type { MockLark } from './mock-lark.js';
import { KNOWLEDGE_DIR } from './paths.js';

export const TEST_APP_SECRET = 'test-app-secret-0123456789';

export interface TestBot extends RunningBot {
  dataDir: string;
  /** Stops the bot and removes its data dir (unless kept). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface TestBotOptions extends StartOptions {
  /** `encrypted` (default): Encrypt Key + token; `token`: verification token only, plaintext events. */
  security?: 'encrypted' | 'token';
  dataDir?: string;
  env?: Record<string, string>;
}

export function larkEnv(mock: MockLark | null, dataDir: string, security: 'encrypted' | 'token' = 'encrypted'): Record<string, string> {
  return {
    ...(mock
      ? {
          LARK_APP_ID: TEST_APP_ID,
          LARK_APP_SECRET: TEST_APP_SECRET,
          LARK_VERIFICATION_TOKEN: TEST_VERIFICATION_TOKEN,
          ...(security === 'encrypted' ? { LARK_ENCRYPT_KEY: TEST_ENCRYPT_KEY } : {}),
          LARK_DOMAIN: mock.url,
        }
      : {}),
    PORT: '0',
    ADMIN_PORT: '0',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR,
    LOG_LEVEL: 'silent',
  };
}

export async function startTestBot(mock: MockLark | null, o: TestBotOptions = {}): Promise<TestBot> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'fazhi-bot-test-'));
  const config = loadConfig({ ...larkEnv(mock, dataDir, o.security), ...o.env });
  const running = await startBot(config, { logger: silentLogger(), metrics: createMetrics({ defaultMetrics: false }), host: '127.0.0.1', ...o });
  // Group messages are answered once the bot knows its own open_id (fetched in the background after listening).
  await running.identityKnown;
  return {
    ...running,
    dataDir,
    async stop(opts = {}) {
      await running.close();
      if (!opts.keepData && !o.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
