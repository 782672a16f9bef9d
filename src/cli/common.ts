// What every command-line entry point shares: the environment read through the bot's own schema, argument
// parsing with usage, loading the knowledge directory, and turning outcomes into exit codes (0 ok, 1 bad
// knowledge or failure, 2 bad usage or configuration).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { asCodedError, ErrorCode } from '../errors.js';
import { loadKnowledge, type LoadResult } from '../knowledge/load-knowledge.js';

/** Ends a CLI run with an exit code and a message (stdout for code 0, stderr otherwise). */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
    this.name = 'CliExit';
  }
}

/** `parseArgs`, with `--help` printing the usage and a usage error printed with it (exit 2). */
export function parseCliArgs<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    throw new CliExit(2, `${asCodedError(e).message}\n${usage}`);
  }
  if ((parsed.values as { help?: unknown }).help === true) throw new CliExit(0, usage);
  return parsed;
}

/** The variables the tools read; the Lark settings are left out, since the tools never talk to Lark. */
const TOOL_KEYS = ['DATA_DIR', 'DATABASE_URL', 'KNOWLEDGE_DIR', 'DIGEST_CRON', 'DIGEST_TZ', 'HOME_REGION'] as const;
let toolConfigRead: Readonly<Config> | undefined;

/**
 * The tools' one read of the environment: the same variables, defaults and checks as the server (src/config.ts),
 * so `npm run ask` and `npm run digest` answer as the bot does. A bad value ends the run with exit code 2.
 */
export function toolConfig(env: Readonly<Record<string, string | undefined>> = process.env): Readonly<Config> {
  toolConfigRead ??= loadConfig(Object.fromEntries(TOOL_KEYS.map((k) => [k, env[k]])));
  return toolConfigRead;
}

/** The knowledge directory from `--knowledge`, else `KNOWLEDGE_DIR` (default `./knowledge`); warnings go to stderr unless the caller reports them. */
export function loadKnowledgeOrExit(dir: string | undefined, opts: { printWarnings?: boolean } = {}): LoadResult {
  const loaded = loadKnowledge(knowledgeDir(dir));
  if (opts.printWarnings ?? true) for (const w of loaded.warnings) console.error(`warning: ${w}`);
  return loaded;
}

export function knowledgeDir(dir: string | undefined): string {
  return dir ?? toolConfig().knowledgeDir;
}

/**
 * Runs a CLI's main and sets the exit code. An error raised on purpose (bad configuration: 2, unusable
 * knowledge: 1) prints its message, which says what to fix; anything else is a bug, reported with its stack.
 */
export function runCli(name: string, main: () => number | void | Promise<number | void>): void {
  const done = (code: number | void) => {
    process.exitCode = code ?? 0;
  };
  const fail = (e: unknown) => {
    if (e instanceof CliExit) {
      if (e.message) (e.exitCode === 0 ? console.log : console.error)(e.message);
      process.exitCode = e.exitCode;
      return;
    }
    const err = asCodedError(e);
    console.error(err.code === ErrorCode.Unknown ? `${name} failed: ${err.stack ?? err.message}` : err.message);
    process.exitCode = err.code === ErrorCode.ConfigInvalid ? 2 : 1;
  };
  try {
    const result = main();
    if (result instanceof Promise) result.then(done, fail);
    else done(result);
  } catch (e) {
    fail(e);
  }
}
