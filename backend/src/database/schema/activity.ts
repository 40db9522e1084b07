import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptzNow } from './columns.js';
import { projects } from './projects.js';
import { users } from './users.js';

/**
 * A project's activity: one row per change, written in the transaction of the change (ActivityLog), never through
 * the API. `seq` orders the page newest first (rows of one transaction share `at`); `id` is the public id. `taskId`
 * has no foreign key: the entry outlives an erased task. `changes` maps a changed field to `{ from, to }`.
 */
export const activity = pgTable(
  'activity',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    taskId: uuid('task_id'),
    changes: jsonb('changes')
      .notNull()
      .default(sql`'{}'::jsonb`),
    at: timestamptzNow('at'),
  },
  (table) => [index('activity_project_seq_idx').on(table.projectId, table.seq.desc())],
);
