// A token bucket per key (the caller's address): `burst` requests at once, then `perSec` a second. The table of
// keys is bounded: past `maxKeys` the least recently used key is dropped (it starts again with a full bucket).
// No installed library does per-key limiting (p-queue limits one queue's rate and makes callers wait, whereas an
// HTTP caller over the limit should be told 429 at once).

export interface RateLimiter {
  /** Takes one token for `key`: 0 when allowed, else the milliseconds until a token is available. */
  take(key: string): number;
}

export interface RateLimitOptions {
  perSec: number;
  burst: number;
  maxKeys?: number;
  now?: () => number;
}

export function createRateLimiter(o: RateLimitOptions): RateLimiter {
  const now = o.now ?? (() => performance.now());
  const maxKeys = o.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: o.burst, at: t };
      buckets.delete(key); // re-inserted last: Map order is recency
      b.tokens = Math.min(o.burst, b.tokens + ((t - b.at) / 1000) * o.perSec);
      b.at = t;
      buckets.set(key, b);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - b.tokens) / o.perSec) * 1000);
    },
  };
}
