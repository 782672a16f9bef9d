import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../src/pipeline/work-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('work queue', () => {
  it('runs at most `concurrency` jobs, refuses past capacity, survives failing jobs and drains', async () => {
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const started: number[] = [];
    const errors: number[] = [];
    let maxRunning = 0;
    const q = createWorkQueue<number>({
      capacity: 3,
      concurrency: 2,
      run: async (n) => {
        started.push(n);
        maxRunning = Math.max(maxRunning, q.running);
        const g = deferred();
        gates.set(n, g);
        await g.promise;
        if (n === 2) throw new Error('boom');
      },
      onError: (_e, n) => errors.push(n),
    });
    expect([1, 2, 3, 4, 5].map((n) => q.offer(n))).toEqual([true, true, true, false, false]);
    expect(q.offer(6, { force: true })).toBe(true);
    // Jobs start on later turns of the event loop, never inside offer().
    expect(started).toEqual([]);
    const drained = q.drain(5_000);
    while (started.length < 2) await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2]);
    for (let n = 1; n <= 6; n++) {
      while (!gates.has(n) && n !== 4 && n !== 5) await new Promise((r) => setImmediate(r));
      gates.get(n)?.resolve();
    }
    expect(await drained).toBe(true);
    expect(started).toEqual([1, 2, 3, 6]);
    expect(errors).toEqual([2]);
    expect(maxRunning).toBe(2);
  });

  it('drain reports false when jobs outlast the bound', async () => {
    const q = createWorkQueue<number>({ capacity: 1, concurrency: 1, run: () => new Promise<void>(() => undefined) });
    q.offer(1);
    expect(await q.drain(20)).toBe(false);
  });
});
