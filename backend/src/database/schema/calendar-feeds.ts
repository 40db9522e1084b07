import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptzNow } from './columns.js';
import { projects } from './projects.js';
import { users } from './users.js';

/**
 * Secret iCalendar addresses: only the SHA-256 of each token is kept, so a database leak does not hand out the
 * feeds. Revoking deletes the row; a project feed goes with its project.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [
    uniqueIndex('calendar_feeds_token_hash_key').on(table.tokenHash),
    index('calendar_feeds_user_idx').on(table.userId, table.createdAt),
  ],
);
