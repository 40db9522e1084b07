import { describe, expect, it } from 'vitest';
import { hashTag, matches, pageTag, versionTag } from './conditional-get.js';

describe('conditional GET', () => {
  it('tags a task by its version', () => {
    expect(versionTag({ title: '"version":9', version: 3 })).toBe('W/"3"');
    expect(versionTag({ items: [] })).toBeUndefined();
    expect(versionTag(null)).toBeUndefined();
  });

  it('hashes lists to a stable weak tag that changes with the body', () => {
    expect(hashTag('{"items":[]}')).toBe(hashTag('{"items":[]}'));
    expect(hashTag('{"items":[]}')).not.toBe(hashTag('{"items":[1]}'));
  });

  it('tags a page of tasks by cursor, ids and versions in order', () => {
    const a = { id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a01', version: 1 };
    const b = { id: '0b6c1c1e-9f3a-4c55-8f0e-2d1f6f1e7a02', version: 7 };
    const tag = pageTag({ items: [a, b], nextCursor: null });
    expect(tag).toMatch(/^W\/"[\w-]{22}"$/);
    expect(pageTag({ items: [{ ...a }, { ...b }], nextCursor: null })).toBe(tag);
    const others = [
      pageTag({ items: [a, { ...b, version: 8 }], nextCursor: null }),
      pageTag({ items: [b, a], nextCursor: null }),
      pageTag({ items: [a], nextCursor: null }),
      pageTag({ items: [a, b], nextCursor: 'eyJzIjoiLWNyZWF0ZWRBdCJ9' }),
      pageTag({ items: [], nextCursor: null }),
    ];
    expect(new Set([tag, ...others]).size).toBe(others.length + 1);
  });

  it('compares weakly, accepts lists and the wildcard', () => {
    expect(matches('"3"', 'W/"3"')).toBe(true);
    expect(matches('W/"2", W/"3"', 'W/"3"')).toBe(true);
    expect(matches('*', 'W/"3"')).toBe(true);
    expect(matches('W/"4"', 'W/"3"')).toBe(false);
    expect(matches(undefined, 'W/"3"')).toBe(false);
  });
});
