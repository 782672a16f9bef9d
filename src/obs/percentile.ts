// The one percentile of the project (eval timing, benchmarks): nearest rank over unsorted samples.

/** The p-th percentile (0–100) by nearest rank; NaN for no samples, since none is not a latency of 0 ms. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
