// The one Lark SDK client per process: right domain, its own token cache (the SDK's default cache is
// process-global by appId and never dropped on 99991663), a request timeout, and a logger that never prints
// the request config (the SDK logs whole AxiosErrors, i.e. the Authorization header and the message body).
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../obs/logger.js';

/** `feishu` | `lark` | a base URL (tests point it at the mock). */
export type LarkDomain = string;

export function resolveDomain(domain: LarkDomain): lark.Domain | string {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/u, ''); // a trailing slash makes the SDK request `//open-apis/…`
}

/** A per-client token cache that can be dropped when Lark says the token is invalid. */
export class TokenCache implements lark.Cache {
  private readonly entries = new Map<string | symbol, { value: unknown; expire: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  private key(key: string | symbol | Symbol, ns?: string): string | symbol {
    return typeof key === 'symbol' ? Symbol.for(`${ns ?? ''}:${key.description ?? ''}`) : `${ns ?? ''}:${String(key)}`;
  }
  async set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean> {
    this.entries.set(this.key(key as string | symbol, options?.namespace), { value, expire: expire ?? Number.POSITIVE_INFINITY });
    return true;
  }
  async get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown> {
    const k = this.key(key as string | symbol, options?.namespace);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expire <= this.now()) {
      this.entries.delete(k);
      return undefined;
    }
    return e.value;
  }
  clear(): void {
    this.entries.clear();
  }
}

/** Only strings and error messages reach the log, at debug level: never request configs or bodies. */
export function quietSdkLogger(log: Logger): lark.Logger {
  const flatten = (args: unknown[]): string =>
    args
      .flat(3)
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : ''))
      .filter(Boolean)
      .join(' ')
      .slice(0, 300);
  const at = (level: 'debug' | 'trace') => (...args: unknown[]) => {
    const msg = flatten(args);
    if (msg) log[level]({ sdk: true }, msg);
  };
  return { error: at('debug'), warn: at('debug'), info: at('trace'), debug: at('trace'), trace: at('trace') };
}

/**
 * Wraps the SDK's axios instance (which unwraps `resp.data`) to add a per-request timeout. `maxRedirects: 0`:
 * the Open API never redirects, and it lets axios use plain `http` instead of the costlier follow-redirects.
 */
function withTimeout(timeoutMs: number): lark.HttpInstance {
  const base = lark.defaultHttpInstance;
  const t = <O extends { timeout?: number }>(o: O | undefined) => ({ maxRedirects: 0, ...(o ?? {}), timeout: o?.timeout ?? timeoutMs }) as unknown as O;
  return {
    request: (opts) => base.request(t(opts)),
    get: (url, opts) => base.get(url, t(opts)),
    delete: (url, opts) => base.delete(url, t(opts)),
    head: (url, opts) => base.head(url, t(opts)),
    options: (url, opts) => base.options(url, t(opts)),
    post: (url, data, opts) => base.post(url, data, t(opts)),
    put: (url, data, opts) => base.put(url, data, t(opts)),
    patch: (url, data, opts) => base.patch(url, data, t(opts)),
  } as lark.HttpInstance;
}

export interface LarkClientOptions {
  appId: string;
  appSecret: string;
  domain: LarkDomain;
  logger: Logger;
  timeoutMs?: number;
}

export interface LarkSdkClient {
  sdk: lark.Client;
  tokens: TokenCache;
}

export function createLarkClient(o: LarkClientOptions): LarkSdkClient {
  const tokens = new TokenCache();
  const sdk = new lark.Client({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: resolveDomain(o.domain),
    cache: tokens,
    logger: quietSdkLogger(o.logger),
    loggerLevel: lark.LoggerLevel.error,
    httpInstance: withTimeout(o.timeoutMs ?? 10_000),
  });
  return { sdk, tokens };
}
