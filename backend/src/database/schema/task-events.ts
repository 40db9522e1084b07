import { bigserial, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptzNow } from './columns.js';

/**
 * A short log of changes in projects: the source of live events, of Last-Event-ID resume and of webhook deliveries.
 * `userId` is who made the change; the event belongs to `projectId` (null only on rows written before projects had
 * events). Task events name `taskId`; the others name what they are about in `subjectId` (a member, a comment). On a
 * `task.deleted` that a move recorded, `subjectId` is the project the task went to. Pruned on a schedule.
 */
export const taskEvents = pgTable(
  'task_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    taskId: uuid('task_id'),
    projectId: uuid('project_id'),
    subjectId: uuid('subject_id'),
    createdAt: timestamptzNow('created_at'),
  },
  (table) => [
    index('task_events_user_idx').on(table.userId, table.id),
    index('task_events_created_idx').on(table.createdAt),
  ],
);
