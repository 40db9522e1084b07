import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz, timestamptzNow } from './columns.js';
import { users } from './users.js';

export const personalAccessTokens = pgTable(
  'personal_access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    expiresAt: timestamptz('expires_at'),
    lastUsedAt: timestamptz('last_used_at'),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [
    uniqueIndex('personal_access_tokens_token_hash_key').on(table.tokenHash),
    index('personal_access_tokens_user_idx').on(table.userId, table.createdAt),
  ],
);
