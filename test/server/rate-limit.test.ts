import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/server/rate-limit.js';

describe('token bucket per caller', () => {
  it('allows the burst, then the steady rate, per key', () => {
    let t = 0;
    const limit = createRateLimiter({ perSec: 2, burst: 3, now: () => t });
    expect([1, 2, 3, 4].map(() => limit.take('a'))).toEqual([0, 0, 0, 500]);
    expect(limit.take('b')).toBe(0);
    t = 500;
    expect(limit.take('a')).toBe(0);
    expect(limit.take('a')).toBe(500);
  });

  it('keeps at most maxKeys callers; a dropped one starts with a full bucket', () => {
    const limit = createRateLimiter({ perSec: 1, burst: 1, maxKeys: 2, now: () => 0 });
    expect(limit.take('a')).toBe(0);
    expect(limit.take('a')).toBeGreaterThan(0);
    limit.take('b');
    limit.take('c'); // drops a
    expect(limit.take('a')).toBe(0);
  });
});
