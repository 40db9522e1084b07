import { integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptzNow } from './columns.js';

/** The first response to a POST with an Idempotency-Key, replayed on retries with the same body. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').notNull(),
    location: text('location'),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [primaryKey({ columns: [table.userId, table.key] })],
);
