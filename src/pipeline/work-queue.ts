// A bounded in-process work queue with fixed concurrency. `offer` refuses when full (the webhook then answers
// 503 so Lark redelivers later); resumed inbox entries are forced in (they were acked already).

export interface WorkQueue<T> {
  /** Adds a job; false when the queue is full (unless `force`). */
  offer(job: T, opts?: { force?: boolean }): boolean;
  readonly waiting: number;
  readonly running: number;
  readonly full: boolean;
  /** Resolves true once nothing waits or runs, false if `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean>;
}

export interface WorkQueueOptions<T> {
  capacity: number;
  concurrency: number;
  run: (job: T) => Promise<void>;
  onDepth?: (depth: number) => void;
  onError?: (e: unknown, job: T) => void;
}

export function createWorkQueue<T>(o: WorkQueueOptions<T>): WorkQueue<T> {
  const jobs: T[] = [];
  let running = 0;
  const idle = new Set<() => void>();
  const depth = () => o.onDepth?.(jobs.length + running);

  // One job starts per turn of the event loop (setImmediate): the synchronous part of an answer (search, render)
  // takes milliseconds, and incoming webhook requests must get their ack in between, not after a whole batch.
  let scheduled = false;
  function schedule() {
    if (scheduled || running >= o.concurrency || jobs.length === 0) return;
    scheduled = true;
    setImmediate(startOne);
  }

  function startOne() {
    scheduled = false;
    const job = jobs.shift();
    if (job === undefined) return;
    running++;
    // Detached: each job has its own catch; the queue never stops on a failing job.
    void Promise.resolve()
      .then(() => o.run(job))
      .catch((e: unknown) => o.onError?.(e, job))
      .finally(() => {
        running--;
        depth();
        if (running === 0 && jobs.length === 0) for (const f of [...idle]) f();
        schedule();
      });
    schedule();
  }

  return {
    offer(job, opts = {}) {
      if (!opts.force && jobs.length >= o.capacity) return false;
      jobs.push(job);
      depth();
      schedule();
      return true;
    },
    get waiting() {
      return jobs.length;
    },
    get running() {
      return running;
    },
    get full() {
      return jobs.length >= o.capacity;
    },
    drain(timeoutMs) {
      if (jobs.length === 0 && running === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          idle.delete(done);
          resolve(true);
        };
        const timer = setTimeout(() => {
          idle.delete(done);
          resolve(false);
        }, timeoutMs);
        timer.unref();
        idle.add(done);
      });
    },
  };
}
