import { bigserial, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptzNow } from './columns.js';

/** A short log of task changes: the source of live events and of Last-Event-ID resume. Pruned on a schedule. */
export const taskEvents = pgTable(
  'task_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    taskId: uuid('task_id').notNull(),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [
    index('task_events_user_idx').on(table.userId, table.id),
    index('task_events_created_idx').on(table.createdAt),
  ],
);
