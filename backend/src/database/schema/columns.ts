// Millisecond precision matches JavaScript dates, so keyset cursors built from them compare exactly.
import { integer, timestamp } from 'drizzle-orm/pg-core';

export const timestamptz = (name: string) =>
  timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** Audit columns every mutable table carries. */
export const auditColumns = {
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
};

/** Optimistic concurrency: bumped on every update, compared against If-Match. */
export const versionColumn = { version: integer('version').notNull().default(1) };
