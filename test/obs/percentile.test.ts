import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/obs/percentile.js';

describe('percentile', () => {
  it('is the nearest-rank sample, whatever the order', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });

  it('has no value for no samples (NaN, not 0 ms)', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('is one of the samples, and at least p% of them are at most it', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 100 }), (xs, p) => {
        const v = percentile(xs, p);
        expect(xs).toContain(v);
        expect(xs.filter((x) => x <= v).length).toBeGreaterThanOrEqual(Math.ceil((p / 100) * xs.length));
      }),
    );
  });
});
