import { describe, expect, it } from 'vitest';
import { hashTag, matches, versionTag } from './conditional-get.js';

describe('conditional GET', () => {
  it('tags a task by its top-level version, ignoring look-alikes inside strings', () => {
    expect(versionTag('{"title":"\\"version\\":9","version":3}')).toBe('W/"3"');
    expect(versionTag('{"items":[]}')).toBeUndefined();
  });

  it('hashes lists to a stable weak tag that changes with the body', () => {
    expect(hashTag('{"items":[]}')).toBe(hashTag('{"items":[]}'));
    expect(hashTag('{"items":[]}')).not.toBe(hashTag('{"items":[1]}'));
  });

  it('compares weakly, accepts lists and the wildcard', () => {
    expect(matches('"3"', 'W/"3"')).toBe(true);
    expect(matches('W/"2", W/"3"', 'W/"3"')).toBe(true);
    expect(matches('*', 'W/"3"')).toBe(true);
    expect(matches('W/"4"', 'W/"3"')).toBe(false);
    expect(matches(undefined, 'W/"3"')).toBe(false);
  });
});
