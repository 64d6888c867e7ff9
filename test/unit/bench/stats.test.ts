import { describe, expect, it } from 'vitest';
import { summarize } from '../../../bench/stats.ts';

describe('benchmark statistics', () => {
  it('gives the median of odd and even counts, and nearest-rank p95', () => {
    expect(summarize([5, 1, 3])).toEqual({ runs: 3, median: 3, p95: 5, min: 1, max: 5 });
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4 });
    const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(summarize(hundred)).toMatchObject({ median: 50.5, p95: 95 });
  });

  it('is unchanged by order, and refuses an empty list', () => {
    expect(summarize([3, 9, 1, 7])).toEqual(summarize([9, 7, 3, 1]));
    expect(() => summarize([])).toThrow('No measurements');
  });
});
