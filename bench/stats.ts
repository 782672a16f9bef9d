import { percentile } from '../src/obs/percentile.js';

export { percentile };

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** Peak resident set size of this process so far, MB. */
export const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);
export const rssMb = () => round(process.memoryUsage().rss / 1024 / 1024, 1);
