import { describe, expect, it, vi } from 'vitest';
import { AppendKeys, instantKey, keyBetween } from './order-keys.js';

describe('instantKey', () => {
  it('sorts like the instants, across base-62 digit rollovers', () => {
    const base = Date.UTC(2026, 11, 6, 12);
    const instants = [0, 1, 61, 62, 63, 3843, 3844, 86_400_000, 62 ** 5].map((ms) => new Date(base + ms));
    const keys = instants.map(instantKey);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is a key the fractional-indexing library takes, after every short key', () => {
    const key = instantKey(new Date());
    expect(key).toMatch(/^h[0-9A-Za-z]{8}$/);
    expect(keyBetween('a0', key) < key).toBe(true);
    expect(keyBetween(key, null) > key).toBe(true);
    expect('gzzzzzzz' < key).toBe(true);
  });
});

describe('AppendKeys', () => {
  it('hands out strictly growing keys, also within one millisecond', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 6) });
    try {
      const keys = new AppendKeys();
      const handed = Array.from({ length: 100 }, () => keys.next());
      expect(new Set(handed).size).toBe(100);
      expect([...handed].sort()).toEqual(handed);
      vi.advanceTimersByTime(1_000);
      expect(keys.next() > handed.at(-1)!).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('goes after a sibling whose key is ahead of the clock', () => {
    const keys = new AppendKeys();
    const ahead = instantKey(new Date(Date.now() + 60_000));
    expect(keys.after(ahead) > ahead).toBe(true);
    expect(keys.after(null) < ahead).toBe(true);
    expect(keys.after('a5') > 'a5').toBe(true);
  });
});
