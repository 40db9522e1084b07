import { z } from 'zod';

/** PostgreSQL stores far wider, but RFC 3339 (and so every client) only writes four-digit years. */
export const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

const RANGE_MESSAGE =
  'must fall between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z once converted to UTC';

export function isSupportedInstant(time: number): boolean {
  return time >= EARLIEST_INSTANT && time <= LATEST_INSTANT;
}

/** An RFC 3339 date-time with offset whose UTC instant has a four-digit year. */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => isSupportedInstant(Date.parse(value)), RANGE_MESSAGE);
