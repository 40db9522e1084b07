import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptzNow } from './columns.js';
import { tasks } from './tasks.js';
import { users } from './users.js';

/** A task's comment thread, read oldest first (task, created_at, id). Goes with its task and its author. */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [index('comments_task_created_idx').on(table.taskId, table.createdAt, table.id)],
);
