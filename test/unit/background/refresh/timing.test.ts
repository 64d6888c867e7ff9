import { describe, expect, it } from 'vitest';
import {
  MIN_MARGIN_MS,
  nextRetryAt,
  refreshDueAt,
  retryDelay,
} from '../../../../src/background/refresh/timing.ts';

const HOUR = 3_600_000;

describe('refreshDueAt', () => {
  it('refreshes an hour token five minutes before it ends (the default margin)', () => {
    expect(refreshDueAt(0, HOUR, 300)).toBe(HOUR - 300_000);
  });

  it('caps the margin at 20 % of the lifetime', () => {
    expect(refreshDueAt(0, 600_000, 300)).toBe(600_000 - 120_000);
    expect(refreshDueAt(1_000, 11_000, 300)).toBe(11_000 - 2_000);
  });

  it('keeps at least a few seconds of margin, but never more than half a tiny lifetime', () => {
    expect(refreshDueAt(0, 5_000, 300)).toBe(5_000 - MIN_MARGIN_MS);
    expect(refreshDueAt(0, 2_000, 300)).toBe(1_000);
    expect(refreshDueAt(0, 0, 300)).toBe(0);
  });
});

describe('retryDelay', () => {
  it('doubles per failure between half and the whole of the step, capped at a minute', () => {
    expect(retryDelay(1, () => 0)).toBe(500);
    expect(retryDelay(1, () => 1)).toBe(1_000);
    expect(retryDelay(4, () => 0.5)).toBe(6_000);
    expect(retryDelay(30, () => 1)).toBe(60_000);
  });

  it("waits at least as long as the broker's Retry-After", () => {
    expect(retryDelay(1, () => 0, 10_000)).toBe(10_000);
  });
});

describe('nextRetryAt', () => {
  it('retries after the delay, or just before expiry when that comes first', () => {
    expect(nextRetryAt(0, 100_000, 5_000)).toBe(5_000);
    expect(nextRetryAt(0, 3_000, 5_000)).toBe(2_500);
  });

  it('gives up once the token is about to expire', () => {
    expect(nextRetryAt(99_800, 100_000, 1_000)).toBeUndefined();
  });
});
