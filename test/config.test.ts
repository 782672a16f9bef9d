import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';
import { ConfigError, ENV_KEYS, loadConfig } from '../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('defaults to local mode with the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      mode: 'local',
      lark: null,
      larkDomain: 'feishu',
      larkSendQps: 40,
      port: 3000,
      dataDir: './data',
      knowledgeDir: './knowledge',
      digest: { cron: '0 9 * * 1-5', timeZone: 'Asia/Shanghai', chatIds: [] },
      logLevel: 'info',
      questionLogDays: 180,
      playground: { enabled: true, host: '127.0.0.1' },
      homeRegion: '清远市',
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(loadConfig({ HOME_REGION: ' 韶关市 ' }).homeRegion).toBe('韶关市');
  });

  it('treats empty strings as unset and does not change env', () => {
    const env = { LARK_APP_ID: '', LARK_APP_SECRET: '  ', PORT: '', DIGEST_CHAT_IDS: '' };
    const c = loadConfig(env);
    expect(c.mode).toBe('local');
    expect(c.port).toBe(3000);
    expect(env).toEqual({ LARK_APP_ID: '', LARK_APP_SECRET: '  ', PORT: '', DIGEST_CHAT_IDS: '' });
  });

  it('reads Lark mode and the other values', () => {
    const c = loadConfig({
      LARK_APP_ID: 'cli_a1b2c3d4e5f60718',
      LARK_APP_SECRET: 'secret-secret',
      LARK_ENCRYPT_KEY: 'ek',
      LARK_DOMAIN: 'http://127.0.0.1:9999',
      PORT: '0',
      DIGEST_CHAT_IDS: 'oc_a, oc_b ,',
      PLAYGROUND: 'off',
      QUESTION_LOG_DAYS: '30',
      LOG_LEVEL: 'debug',
    });
    expect(c.mode).toBe('lark');
    expect(c.lark).toEqual({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 'secret-secret', encryptKey: 'ek', verificationToken: null, domain: 'http://127.0.0.1:9999', eventMode: 'webhook', wsMaxDownMs: 60_000 });
    expect(c.port).toBe(0);
    expect(c.digest.chatIds).toEqual(['oc_a', 'oc_b']);
    expect(c.playground.enabled).toBe(false);
    expect(c.questionLogDays).toBe(30);
  });

  it('lists every problem at once, each with its fix, and never echoes a secret', () => {
    const e = problemsOf({
      LARK_APP_SECRET: 'short',
      LARK_DOMAIN: 'http://127.0.0.1:9999/',
      PORT: 'eighty',
      DIGEST_CRON: 'every day',
      DIGEST_TZ: 'Mars/Olympus',
      DIGEST_CHAT_IDS: 'group-1',
      LOG_LEVEL: 'loud',
      QUESTION_LOG_DAYS: '0',
      PLAYGROUND: 'maybe',
    });
    const vars = e.problems.map((p) => p.variable).sort();
    expect(vars).toEqual(
      ['DIGEST_CHAT_IDS', 'DIGEST_CRON', 'DIGEST_TZ', 'LARK_APP_ID', 'LARK_APP_SECRET', 'LARK_DOMAIN', 'LOG_LEVEL', 'PLAYGROUND', 'PORT', 'QUESTION_LOG_DAYS'].sort(),
    );
    expect(e.message).toContain('no trailing slash');
    expect(e.message).toContain('set both LARK_APP_ID and LARK_APP_SECRET');
    expect(e.message).not.toContain('"short"');
  });

  it('DATABASE_URL: unset is the SQLite file in DATA_DIR; a postgres URL switches the state; a bad one is refused without echoing it', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: ' ' }).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db:5432/fazhi' }).databaseUrl).toBe('postgres://bot:pw@db:5432/fazhi');
    expect(loadConfig({ DATABASE_URL: 'postgresql://bot:pw@db/fazhi?sslmode=require' }).databaseUrl).toBe('postgresql://bot:pw@db/fazhi?sslmode=require');
    const e = problemsOf({ DATABASE_URL: 'mysql://bot:Secret-Pw@db/fazhi' });
    expect(e.problems.map((p) => p.variable)).toEqual(['DATABASE_URL']);
    expect(e.message).toContain('postgres://user:password@host:5432/database');
    expect(e.message).not.toContain('Secret-Pw');
  });

  it('asks for an encrypt key or verification token in Lark mode', () => {
    const e = problemsOf({ LARK_APP_ID: 'cli_a1b2c3d4e5f60718', LARK_APP_SECRET: 'secret-secret' });
    expect(e.problems.map((p) => p.variable)).toEqual(['LARK_ENCRYPT_KEY']);
  });

  it('takes events over the long connection with LARK_EVENT_MODE=ws, where no encrypt key or token is needed', () => {
    const c = loadConfig({ LARK_APP_ID: 'cli_a1b2c3d4e5f60718', LARK_APP_SECRET: 'secret-secret', LARK_EVENT_MODE: ' WS ', LARK_WS_MAX_DOWN_SECONDS: '15' });
    expect(c.lark).toMatchObject({ eventMode: 'ws', wsMaxDownMs: 15_000, encryptKey: null, verificationToken: null });
    const e = problemsOf({ LARK_APP_ID: 'cli_a1b2c3d4e5f60718', LARK_APP_SECRET: 'secret-secret', LARK_EVENT_MODE: 'socket', LARK_WS_MAX_DOWN_SECONDS: '0' });
    expect(e.problems.map((p) => p.variable).sort()).toEqual(['LARK_ENCRYPT_KEY', 'LARK_EVENT_MODE', 'LARK_WS_MAX_DOWN_SECONDS']);
    expect(e.message).toContain('"ws"');
    expect(problemsOf({ LARK_APP_ID: 'cli_test', LARK_APP_SECRET: 'secret-secret', LARK_EVENT_MODE: 'ws' }).problems).toEqual([
      { variable: 'LARK_APP_ID', problem: expect.stringContaining('16 hex digits') },
    ]);
  });

  it('.env.example lists exactly the schema keys', () => {
    const keys = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/u.test(l))
      .map((l) => l.split('=')[0]);
    expect([...keys].sort()).toEqual([...ENV_KEYS].sort());
    // And the example itself is a valid configuration.
    const env = Object.fromEntries(
      readFileSync(join(REPO_ROOT, '.env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/u.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(loadConfig(env).mode).toBe('local');
  });
});
