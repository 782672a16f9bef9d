import { describe, expect, it } from 'vitest';
import { magnitude, nearness, roughValue } from '../../src/search/rough-number.js';

describe('what a rough number in a question is worth', () => {
  it.each([
    ['听说有两百多个', 200],
    ['五十家左右', 50],
    ['破千', 1000],
    ['过万', 10000],
    ['1.5万', 15000],
    ['三千来', 3000],
    ['将近300', 300],
    ['八成', 80],
  ])('%s → %d', (phrase, value) => expect(roughValue(phrase)).toBe(value));

  it('is nothing without a number', () => expect(roughValue('左右')).toBeNull());
});

describe("a figure's size and its nearness to a rough number", () => {
  it('counts the multiplier its unit starts with', () => {
    expect(magnitude(1.2, '万条')).toBe(12000);
    expect(magnitude(97.2, '%')).toBe(97.2);
  });

  it('is 1 at the number and falls to 0 at a factor of two', () => {
    expect(nearness(50, 50)).toBe(1);
    expect(nearness(48, 50)).toBeGreaterThan(nearness(210, 50));
    expect(nearness(100, 50)).toBe(0);
    expect(nearness(25, 50)).toBe(0);
  });
});
