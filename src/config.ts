// Configuration from the environment (.env.example; docs/DESIGN.md, "Contracts"). `loadConfig(env)` is pure: it
// never touches process.env (main.ts and the CLIs pass it in), treats empty strings as unset, and reports every
// problem at once, each with how to fix it.
import { z } from 'zod';
import { DEFAULT_DIGEST_CRON, DEFAULT_DIGEST_TZ, digestScheduleProblems } from './digest/schedule.js';
import { ErrorCode, type CodedError } from './errors.js';

/** What 我市/本市/全市 mean when HOME_REGION is unset: the region of the bundled report (knowledge/qingyuan-2021.txt). */
export const DEFAULT_HOME_REGION = '清远市';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const onOff = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { error: 'must be "on" or "off"' }))
  .transform((s) => ['on', 'true', '1', 'yes'].includes(s));

const intIn = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/u, { error: `must be a whole number (${what})` })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `must be at least ${min} (${what})` }).max(max, { error: `must be at most ${max} (${what})` }));

/** The schema, one entry per variable; `.env.example` lists exactly these keys. */
export const ENV_SCHEMA = z.object({
  LARK_APP_ID: z.string().trim().regex(/^cli_[0-9A-Za-z]+$/u, { error: 'must look like cli_xxxxxxxxxxxxxxxx (Developer Console → Credentials & Basic Info → App ID)' }).optional(),
  LARK_APP_SECRET: z.string().trim().min(8, { error: 'looks too short (Developer Console → Credentials & Basic Info → App Secret)' }).optional(),
  LARK_VERIFICATION_TOKEN: z.string().trim().optional(),
  LARK_ENCRYPT_KEY: z.string().trim().optional(),
  LARK_DOMAIN: z
    .string()
    .trim()
    .refine((s) => s === 'feishu' || s === 'lark' || /^https?:\/\/[^\s/]+(?::\d+)?(?:\/[^\s]*[^/\s])?$/u.test(s), {
      error: 'must be "feishu" (open.feishu.cn), "lark" (open.larksuite.com) or a base URL such as http://127.0.0.1:9999 with no trailing slash',
    })
    .default('feishu'),
  LARK_EVENT_MODE: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['webhook', 'ws'], { error: 'must be "webhook" (Lark POSTs to /webhook/event) or "ws" (the bot opens a long connection to Lark)' }))
    .default('webhook'),
  LARK_WS_MAX_DOWN_SECONDS: intIn(1, 86_400, 'seconds the long connection may stay down before /healthz answers 503').default(60),
  LARK_SEND_QPS: intIn(1, 1000, 'messages per second sent to Lark by the whole app; Lark allows 50/s per app').default(40),
  PORT: intIn(0, 65535, 'the HTTP port, e.g. 3000').default(3000),
  ADMIN_PORT: intIn(0, 65535, 'the loopback port for /api/ask, /metrics and the playground in Lark mode, e.g. 3001').default(3001),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(?:ql)?:\/\/\S+$/u, { error: 'must be a PostgreSQL URL, postgres://user:password@host:5432/database (unset: SQLite in DATA_DIR)' })
    .optional(),
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  DIGEST_CRON: z.string().trim().default(DEFAULT_DIGEST_CRON),
  DIGEST_TZ: z.string().trim().default(DEFAULT_DIGEST_TZ),
  DIGEST_CHAT_IDS: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^oc_[0-9A-Za-z_-]+$/u, { error: 'every chat id must look like oc_xxxx (comma-separated)' })))
    .default([]),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  QUESTION_LOG_DAYS: intIn(1, 36_500, 'days to keep the question log').default(180),
  PLAYGROUND: onOff.optional(),
  PLAYGROUND_HOST: z.string().trim().min(1).default('127.0.0.1'),
  HOME_REGION: z.string().trim().max(40, { error: 'must be a region name such as 清远市 (what 我市/本市/全市 mean)' }).default(DEFAULT_HOME_REGION),
});

export type EnvKey = keyof typeof ENV_SCHEMA.shape;
export const ENV_KEYS = Object.keys(ENV_SCHEMA.shape) as EnvKey[];

export interface LarkCredentials {
  appId: string;
  appSecret: string;
  verificationToken: string | null;
  encryptKey: string | null;
  /** `feishu` | `lark` | a base URL. */
  domain: string;
  /** How events arrive: `webhook` (POST /webhook/event) or `ws` (the SDK's long connection). */
  eventMode: 'webhook' | 'ws';
  /** ws mode: /healthz answers 503 once the connection has been down this long. */
  wsMaxDownMs: number;
}

export interface Config {
  /** `lark` when app id and secret are set; `local` serves health, metrics, /api/ask and the playground only. */
  mode: 'local' | 'lark';
  lark: LarkCredentials | null;
  larkDomain: string;
  /** Global send rate (per chat it is always ≤ 4/s: Lark allows 5/s per chat, shared by all bots in it). */
  larkSendQps: number;
  port: number;
  /** Lark mode: /api/ask, /metrics and the playground listen here, on 127.0.0.1 only. */
  adminPort: number;
  dataDir: string;
  /** Shared state for several replicas (PostgreSQL); null: the embedded SQLite file in `dataDir`. */
  databaseUrl: string | null;
  knowledgeDir: string;
  digest: { cron: string; timeZone: string; chatIds: string[] };
  logLevel: (typeof LOG_LEVELS)[number];
  questionLogDays: number;
  /** What 我市/本市/全市 in a question mean (default: the bundled report's region). */
  homeRegion: string;
  /** The playground: on by default in local mode, on with credentials unless PLAYGROUND=off. */
  playground: { enabled: boolean; host: string };
}

export interface ConfigProblem {
  variable: string;
  problem: string;
}

export class ConfigError extends Error implements CodedError {
  readonly code = ErrorCode.ConfigInvalid;
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}; see .env.example and docs/lark-setup.md):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n'),
    );
  }
}

/** Parses the environment into a frozen Config, or throws ConfigError listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Readonly<Config> {
  // Empty strings are unset (a copied .env.example has `LARK_APP_ID=`). A copy: env itself is never changed.
  const input: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') input[key] = v;
  }
  const parsed = ENV_SCHEMA.safeParse(input);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), problem: `${i.message}${input[String(i.path[0])] !== undefined ? ` (got "${redactIfSecret(String(i.path[0]), input[String(i.path[0])] ?? '')}")` : ''}` }));

  const e = parsed.success ? parsed.data : null;
  const hasId = input.LARK_APP_ID !== undefined;
  const hasSecret = input.LARK_APP_SECRET !== undefined;
  if (hasId !== hasSecret) {
    problems.push({
      variable: hasId ? 'LARK_APP_SECRET' : 'LARK_APP_ID',
      problem: 'set both LARK_APP_ID and LARK_APP_SECRET for Lark mode, or neither for local mode',
    });
  }
  // Over the long connection Lark authenticates the app at connect time: events carry no signature to check.
  const wsMode = e?.LARK_EVENT_MODE === 'ws';
  // The SDK's long-connection client silently refuses any other shape of app id.
  if (wsMode && hasId && /^cli_[0-9A-Za-z]+$/u.test(input.LARK_APP_ID ?? '') && !/^cli_[0-9a-fA-F]{16}$/u.test(input.LARK_APP_ID ?? '')) {
    problems.push({ variable: 'LARK_APP_ID', problem: 'the long connection (LARK_EVENT_MODE=ws) needs the App ID exactly as the console shows it: cli_ and 16 hex digits' });
  }
  if (hasId && hasSecret && !wsMode && input.LARK_ENCRYPT_KEY === undefined && input.LARK_VERIFICATION_TOKEN === undefined) {
    problems.push({
      variable: 'LARK_ENCRYPT_KEY',
      problem: 'set LARK_ENCRYPT_KEY (recommended) or LARK_VERIFICATION_TOKEN so that webhook requests can be verified (Developer Console → Events & Callbacks → Encryption Strategy)',
    });
  }
  const cron = input.DIGEST_CRON ?? DEFAULT_DIGEST_CRON;
  const tz = input.DIGEST_TZ ?? DEFAULT_DIGEST_TZ;
  for (const p of digestScheduleProblems(cron, tz)) {
    const [variable, ...rest] = p.split(': ');
    problems.push({ variable: variable ?? 'DIGEST_CRON', problem: rest.join(': ') });
  }
  if (problems.length > 0 || !e) throw new ConfigError(problems);

  const lark: LarkCredentials | null =
    e.LARK_APP_ID && e.LARK_APP_SECRET
      ? { appId: e.LARK_APP_ID, appSecret: e.LARK_APP_SECRET, verificationToken: e.LARK_VERIFICATION_TOKEN ?? null, encryptKey: e.LARK_ENCRYPT_KEY ?? null, domain: e.LARK_DOMAIN, eventMode: e.LARK_EVENT_MODE, wsMaxDownMs: e.LARK_WS_MAX_DOWN_SECONDS * 1000 }
      : null;
  return Object.freeze({
    mode: lark ? 'lark' : 'local',
    lark,
    larkDomain: e.LARK_DOMAIN,
    larkSendQps: e.LARK_SEND_QPS,
    port: e.PORT,
    adminPort: e.ADMIN_PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? null,
    knowledgeDir: e.KNOWLEDGE_DIR,
    digest: { cron: e.DIGEST_CRON, timeZone: e.DIGEST_TZ, chatIds: e.DIGEST_CHAT_IDS },
    logLevel: e.LOG_LEVEL,
    questionLogDays: e.QUESTION_LOG_DAYS,
    playground: { enabled: e.PLAYGROUND ?? true, host: e.PLAYGROUND_HOST },
    homeRegion: e.HOME_REGION,
  } satisfies Config);
}

const SECRET_KEYS = new Set(['LARK_APP_SECRET', 'LARK_ENCRYPT_KEY', 'LARK_VERIFICATION_TOKEN', 'DATABASE_URL']);
const redactIfSecret = (key: string, value: string) => (SECRET_KEYS.has(key) ? '[redacted]' : value);
