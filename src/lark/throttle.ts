// Spacing-based send throttle: each key (a chat) gets at most `perKeyPerSec` sends per second, and all keys
// together at most `globalPerSec` (Lark: 5 QPS per chat shared by all bots, 50/s per app — stay below both).
// Waiting callers are bounded: past `maxWaiting` the caller is refused at once.

export interface ThrottleOptions {
  perKeyPerSec: number;
  globalPerSec: number;
  maxWaiting: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleepUnref = (ms: number) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    setTimeout(resolve, ms).unref();
  });

export class ThrottleFullError extends Error {
  constructor() {
    super('send queue full');
  }
}

export class Throttle {
  private readonly nextByKey = new Map<string, number>();
  private nextGlobal = 0;
  private waiting = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: ThrottleOptions) {
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? sleepUnref;
  }

  get queued(): number {
    return this.waiting;
  }

  /** Resolves when a send for `key` may go out; throws ThrottleFullError when too many are waiting. */
  async acquire(key: string): Promise<void> {
    if (this.waiting >= this.o.maxWaiting) throw new ThrottleFullError();
    const now = this.now();
    // Reserve the slot synchronously, so concurrent callers get distinct slots.
    const keySlot = Math.max(now, this.nextByKey.get(key) ?? 0);
    this.nextByKey.set(key, keySlot + 1000 / this.o.perKeyPerSec);
    const slot = Math.max(keySlot, this.nextGlobal);
    this.nextGlobal = slot + 1000 / this.o.globalPerSec;
    if (this.nextByKey.size > 10_000) this.sweep(now);
    if (slot <= now) return;
    this.waiting++;
    try {
      await this.sleep(slot - now);
    } finally {
      this.waiting--;
    }
  }

  private sweep(now: number) {
    for (const [k, next] of this.nextByKey) if (next < now) this.nextByKey.delete(k);
  }
}
