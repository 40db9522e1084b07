import { index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';

/**
 * The authorization server's state (src/oauth/): registered clients, grants, interactions, codes, access and refresh
 * tokens, one row per oidc-provider record, kept here so every replica serves (and revokes) the same grants.
 * `grant_id`, `uid`, `account_id` and `client_id` are copied out of the payload for the lookups the library and
 * Settings make.
 */
export const oauthRecords = pgTable(
  'oauth_records',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').notNull(),
    grantId: text('grant_id'),
    uid: text('uid'),
    accountId: text('account_id'),
    clientId: text('client_id'),
    expiresAt: timestamptz('expires_at'),
    consumedAt: timestamptz('consumed_at'),
  },
  (table) => [
    primaryKey({ columns: [table.model, table.id] }),
    index('oauth_records_grant_idx').on(table.grantId),
    index('oauth_records_uid_idx').on(table.uid),
    index('oauth_records_account_idx').on(table.accountId, table.model),
    index('oauth_records_expires_at_idx').on(table.expiresAt),
  ],
);
