// A bounded in-process work queue with fixed concurrency. `offer` refuses when full (the webhook then answers
// 503 so Lark redelivers later); resumed inbox entries are forced in (they were acked already).
import PQueue from 'p-queue';

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
  // p-queue keeps the concurrency and tells when all is done; the counts here keep "waiting" meaning "accepted,
  // not started", so capacity bounds exactly the jobs that have not begun.
  const pq = new PQueue({ concurrency: o.concurrency });
  let waiting = 0;
  let running = 0;
  const depth = () => o.onDepth?.(waiting + running);

  // One job starts per turn of the event loop (setImmediate): the synchronous part of an answer (search, render)
  // takes milliseconds, and incoming webhook requests must get their ack in between, not after a whole batch.
  let turn: Promise<unknown> = Promise.resolve();
  const nextTurn = () => (turn = turn.then(() => new Promise<void>((r) => setImmediate(r))));

  return {
    offer(job, opts = {}) {
      if (!opts.force && waiting >= o.capacity) return false;
      waiting++;
      depth();
      void pq.add(async () => {
        await nextTurn();
        waiting--;
        running++;
        try {
          await o.run(job);
        } catch (e) {
          // Each job has its own catch; the queue never stops on a failing job.
          o.onError?.(e, job);
        } finally {
          running--;
          depth();
        }
      });
      return true;
    },
    get waiting() {
      return waiting;
    },
    get running() {
      return running;
    },
    get full() {
      return waiting >= o.capacity;
    },
    drain(timeoutMs) {
      if (waiting === 0 && running === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
        void pq.onIdle().then(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
