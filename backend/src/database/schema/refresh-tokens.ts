import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz, timestamptzNow } from './columns.js';
import { users } from './users.js';

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes; a family is one login's rotation chain. A spent token keeps
 * its successor sealed under a key only the spent token itself yields (auth/successor-seal.ts), for the reuse grace
 * window; housekeeping clears the seal once the window has passed.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptzNow('created_at'),
    spentAt: timestamptz('spent_at'),
    revokedAt: timestamptz('revoked_at'),
    successorSeal: text('successor_seal'),
    // When the family's password sign-in happened; every access token of the family carries it as auth_time.
    // Null for families started before the column existed: those must sign in again for what needs a recent one.
    authTime: timestamptz('auth_time'),
  },
  (table) => [
    uniqueIndex('refresh_tokens_token_hash_key').on(table.tokenHash),
    index('refresh_tokens_family_idx').on(table.familyId),
  ],
);
