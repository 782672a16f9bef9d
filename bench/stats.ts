import { percentile } from '../src/obs/percentile.js';

export { percentile };

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** Peak resident set size of this process so far, MB. */
export const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);
export const rssMb = () => round(process.memoryUsage().rss / 1024 / 1024, 1);

/** Ack and event-to-reply latencies as both load runs (webhook, long connection) report them. */
export function latencySummary(ackMs: readonly number[], e2eMs: readonly number[]) {
  return {
    ack_p50_ms: round(percentile(ackMs, 50)),
    ack_p99_ms: round(percentile(ackMs, 99)),
    ack_max_ms: round(Math.max(...ackMs, 0)),
    e2e_p50_ms: round(percentile(e2eMs, 50)),
    e2e_p99_ms: round(percentile(e2eMs, 99)),
    e2e_max_ms: round(Math.max(...e2eMs, 0)),
  };
}

/**
 * Replies per message from the mock's delivered sends (message id → delivery times): how many, how many were a
 * second reply to the same message, and each message's event-to-first-reply time.
 */
export function replyStats(delivered: ReadonlyMap<string, readonly number[]>, sentAt: ReadonlyMap<string, number>) {
  const e2e: number[] = [];
  let duplicates = 0;
  let replies = 0;
  for (const [id, ats] of delivered) {
    replies += ats.length;
    duplicates += ats.length - 1;
    e2e.push(ats[0]! - sentAt.get(id)!);
  }
  return { e2e, duplicates, replies };
}
