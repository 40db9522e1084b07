import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './columns.js';

describe('parseTimestamptz', () => {
  it.each([
    ['2026-11-27 09:30:00.25+00', '2026-11-27T09:30:00.250Z'],
    ['2026-11-27 09:30:00+05:30', '2026-11-27T04:00:00.000Z'],
    ['2026-11-27 09:30:00.123-08', '2026-11-27T17:30:00.123Z'],
    // V8 reads "0001-01-01 00:00:00+00" as 2001 and "0050-..." as 1950; the first century must survive.
    ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000Z'],
    ['0050-06-15 12:00:00+00', '0050-06-15T12:00:00.000Z'],
    ['9999-12-31 23:59:59.999+00', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimestamptz(text).toISOString()).toBe(iso);
  });
});
