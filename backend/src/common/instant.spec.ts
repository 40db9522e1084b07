import { describe, expect, it } from 'vitest';
import { instantSchema } from './instant.js';

describe('instantSchema', () => {
  it.each([
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '2026-11-27T10:00:00+05:30',
    '9999-12-31T23:00:00+01:00',
  ])('accepts %s', (value) => expect(instantSchema.safeParse(value).success).toBe(true));

  it.each([
    '0000-12-31T23:59:59Z',
    '0001-01-01T00:00:00+05:00', // 0000-12-31T19:00Z
    '9999-12-31T23:00:00-05:00', // 10000-01-01T04:00Z
    '2026-11-27',
    'tomorrow',
  ])('rejects %s', (value) => expect(instantSchema.safeParse(value).success).toBe(false));
});
