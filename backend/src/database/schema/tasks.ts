import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { auditColumns, orderKey, timestamptz, versionColumn } from './columns.js';
import { projects, sections } from './projects.js';
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
    // Nullable only while migration 0004 backfills (tasks_project_id_not_null holds it once validated); the
    // previous release inserts without it and the tasks_fill_project trigger fills it.
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    sectionId: uuid('section_id').references(() => sections.id, { onDelete: 'set null' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => tasks.id, { onDelete: 'cascade' }),
    position: orderKey('position'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    // The task or project whose trashing took this task along; null when trashed on its own (or not trashed).
    trashedWithId: uuid('trashed_with_id'),
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
    index('tasks_project_position_idx')
      .on(table.projectId, table.position, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_project_section_parent_idx')
      .on(table.projectId, table.sectionId, table.parentId, table.position, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_project_created_idx')
      .on(table.projectId, table.createdAt, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('tasks_parent_idx')
      .on(table.parentId)
      .where(sql`${table.parentId} is not null`),
    index('tasks_section_idx')
      .on(table.sectionId)
      .where(sql`${table.sectionId} is not null`),
    index('tasks_assignee_idx')
      .on(table.assigneeId, table.createdAt, table.id)
      .where(sql`${table.assigneeId} is not null and ${table.deletedAt} is null`),
    index('tasks_trashed_with_idx')
      .on(table.trashedWithId)
      .where(sql`${table.trashedWithId} is not null`),
    check('tasks_project_id_not_null', sql`${table.projectId} is not null`),
  ],
);
