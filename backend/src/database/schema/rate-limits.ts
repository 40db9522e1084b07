import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';

/**
 * Rate-limit windows shared by every replica (src/throttling/postgres-throttler.storage.ts). The key is a SHA-256
 * of route, limit name and tracker (client IP, account email, user or token id), so nothing is stored in clear.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    blockedUntil: timestamptz('blocked_until'),
  },
  (table) => [index('rate_limits_expires_at_idx').on(table.expiresAt)],
);
