/** Nearest-rank percentile of unsorted samples (ms); NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** Peak resident set size of this process so far, MB. */
export const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);
export const rssMb = () => round(process.memoryUsage().rss / 1024 / 1024, 1);
