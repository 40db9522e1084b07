import { sql } from 'drizzle-orm';
import { customType, integer } from 'drizzle-orm/pg-core';

const PG_TIMESTAMPTZ = /^(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::(\d\d))?$/;

/**
 * A Date from PostgreSQL's timestamptz text ("0001-01-01 09:30:00.25+02"), by way of RFC 3339: `new Date(text)`
 * on the text itself (what drizzle's own timestamp column does) reads the years 0001 to 0099 as 1950 to 2049.
 */
export function parseTimestamptz(text: string): Date {
  const match = PG_TIMESTAMPTZ.exec(text);
  if (!match) return new Date(text);
  const [, year, month, day, time, offsetHours, offsetMinutes = '00'] = match;
  return new Date(`${year}-${month}-${day}T${time}${offsetHours}:${offsetMinutes}`);
}

/** timestamptz(3) as a Date. Millisecond precision matches JavaScript dates, so keyset cursors compare exactly. */
export const timestamptz = customType<{ data: Date; driverData: string | Date }>({
  dataType: () => 'timestamp (3) with time zone',
  toDriver: (value) => value.toISOString(),
  fromDriver: (value) => (typeof value === 'string' ? parseTimestamptz(value) : value),
});

/** A required timestamptz that the database fills with the transaction time when an insert leaves it out. */
export const timestamptzNow = (name: string) =>
  timestamptz(name)
    .notNull()
    .default(sql`now()`);

/** Audit columns every mutable table carries. */
export const auditColumns = {
  createdAt: timestamptzNow('created_at'),
  updatedAt: timestamptzNow('updated_at'),
};

/** Optimistic concurrency: bumped on every update, compared against If-Match. */
export const versionColumn = { version: integer('version').notNull().default(1) };

/**
 * A fractional-indexing order key (the `fractional-indexing` package). Compared byte by byte, as the library
 * compares them: under a language collation "a0" and "Zz" would sort the other way round.
 */
export const orderKey = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });
