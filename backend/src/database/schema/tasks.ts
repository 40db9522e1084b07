import { sql } from 'drizzle-orm';
import { boolean, index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, timestamptz, versionColumn } from './columns.js';
import { users } from './users.js';

// Enum order is the sort order: ORDER BY priority gives low < medium < high.
export const taskPriority = pgEnum('task_priority', ['low', 'medium', 'high']);
export const taskRecurrence = pgEnum('task_recurrence', ['daily', 'weekly', 'monthly']);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    completed: boolean('completed').notNull().default(false),
    completedAt: timestamptz('completed_at'),
    priority: taskPriority('priority').notNull().default('medium'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    dueAt: timestamptz('due_at'),
    remindAt: timestamptz('remind_at'),
    recurrence: taskRecurrence('recurrence'),
    // Set once the next occurrence of a recurring task exists, so completing twice never spawns two.
    nextOccurrenceId: uuid('next_occurrence_id'),
    deletedAt: timestamptz('deleted_at'),
    ...auditColumns,
    ...versionColumn,
  },
  (table) => [
    index('tasks_user_created_idx')
      .on(table.userId, table.createdAt, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_user_due_idx')
      .on(table.userId, sql`coalesce(${table.dueAt}, 'infinity'::timestamptz)`, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_user_priority_idx')
      .on(table.userId, table.priority, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_user_title_idx')
      .on(table.userId, table.title, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_tags_idx').using('gin', table.tags),
    index('tasks_user_trash_idx')
      .on(table.userId, table.deletedAt, table.id)
      .where(sql`${table.deletedAt} is not null`),
  ],
);
