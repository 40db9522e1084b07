import { Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';

export const ACTIVITY_ACTIONS = [
  'task.created',
  'task.updated',
  'task.completed',
  'task.reopened',
  'task.moved',
  'task.trashed',
  'task.restored',
  'comment.created',
  'comment.deleted',
  'section.created',
  'section.updated',
  'section.deleted',
  'project.created',
  'project.updated',
  'member.joined',
  'member.left',
  'member.removed',
  'member.role_changed',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** Each changed field with its value before and after, as the API shows it (instants as ISO strings). */
export type ActivityChanges = Record<string, { from: unknown; to: unknown }>;

/** One entry of a project's activity. A task entry may leave `projectId` out: the task's project is used. */
export interface ActivityEntry {
  action: ActivityAction;
  projectId?: string;
  taskId?: string | null;
  changes?: ActivityChanges;
}

/** Rows per INSERT for long lists (a project's tasks, an import): 5 parameters a row, far below 65,535. */
const CHUNK = 1000;

const apiValue = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

/**
 * `{ from, to }` for each of `fields` that `after` sets to another value than `before` holds; `after` may carry Dates
 * (a row about to be written), `before` the API shape. Built from rows the caller already has: no reads.
 */
export function changesBetween<T extends string>(
  before: Partial<Record<T, unknown>>,
  after: Partial<Record<T, unknown>>,
  fields: readonly T[],
): ActivityChanges {
  const changes: ActivityChanges = {};
  for (const field of fields) {
    if (after[field] === undefined) continue;
    const from = apiValue(before[field]);
    const to = apiValue(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/**
 * Writes a project's activity inside the transaction of the change it describes, so an entry commits or rolls back
 * with it: one INSERT per change (multi-row for many), or folded into the statement that records the change's event
 * (`insertSql`, see TaskEventLog.record), so the hot paths pay no extra round trip. There is no API to write it.
 */
@Injectable()
export class ActivityLog {
  async record(tx: Executor, actorId: string, entries: readonly ActivityEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += CHUNK) {
      await tx.execute(ActivityLog.insertSql(actorId, entries.slice(start, start + CHUNK)));
    }
  }

  /**
   * The INSERT of one task's entry with named placeholders (`actorId`, `action`, `taskId`, `changes`, and
   * `projectId` when `withProject`), for a statement built once per shape; oneEntryValues gives their values.
   */
  static insertOneSql(withProject: boolean): SQL {
    const taskId = sql.placeholder('taskId');
    const projectId = withProject
      ? sql.placeholder('projectId')
      : sql`(select project_id from tasks where id = ${taskId})`;
    return sql`insert into activity (project_id, actor_id, action, task_id, changes)
      values (${projectId}, ${sql.placeholder('actorId')}, ${sql.placeholder('action')}, ${taskId},
              ${sql.placeholder('changes')}::jsonb)`;
  }

  static oneEntryValues(actorId: string, taskId: string, entry: ActivityEntry): Record<string, unknown> {
    return {
      actorId,
      action: entry.action,
      taskId,
      changes: JSON.stringify(entry.changes ?? {}),
      ...(entry.projectId ? { projectId: entry.projectId } : {}),
    };
  }

  /** The INSERT for `entries` (at least one), to run alone or as a data-modifying CTE of another statement. */
  static insertSql(actorId: string, entries: readonly ActivityEntry[]): SQL {
    const rows = entries.map((entry) => {
      const taskId = entry.taskId ?? null;
      const projectId = entry.projectId ?? sql`(select project_id from tasks where id = ${taskId})`;
      const changes = JSON.stringify(entry.changes ?? {});
      return sql`(${projectId}, ${actorId}, ${entry.action}, ${taskId}, ${changes}::jsonb)`;
    });
    return sql`insert into activity (project_id, actor_id, action, task_id, changes) values ${sql.join(rows, sql`, `)}`;
  }
}
