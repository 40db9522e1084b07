import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-schedule.js';

describe(retryDelayMs.name, () => {
  it('backs off from 5 s to 8 h and gives up after about a day', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1, 5000));
    expect(delays.slice(0, 4)).toEqual([5_000, 30_000, 120_000, 600_000]);
    expect(delays.at(-2)).toBe(8 * 3_600_000);
    expect(delays.at(-1)).toBeUndefined();
    const total = delays.reduce<number>((sum, delay) => sum + (delay ?? 0), 0);
    expect(total / 3_600_000).toBeGreaterThan(23);
    expect(total / 3_600_000).toBeLessThan(25);
  });

  it('scales with the base', () => {
    expect(retryDelayMs(2, 10)).toBe(60);
  });
});
