// The one way tests wait for something asynchronous: poll a condition, bounded in time (no fixed sleeps).

/** Resolves when `cond` holds; rejects after `timeoutMs` with `what` (a function is read only on timeout). */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what: string | (() => string) = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
