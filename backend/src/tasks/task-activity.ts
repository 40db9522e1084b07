import type { ActivityEntry } from '../events/activity-log.js';
import { changesBetween } from '../events/activity-log.js';
import type { Task } from './dto/task.schemas.js';
import type { TaskChanges } from './tasks.repository.js';

/** The fields of a task a person edits; their changes are what a `task.updated` entry shows. */
const EDITED_FIELDS = [
  'title',
  'description',
  'priority',
  'tags',
  'dueAt',
  'remindAt',
  'recurrence',
  'assigneeId',
  'completed',
] as const;

/** Where a task is: what a `task.moved` entry shows. */
export const MOVED_FIELDS = ['projectId', 'sectionId', 'parentId', 'position'] as const;

/**
 * The activity entry of an update, from the task as it was and the changes about to be written: completing or
 * reopening names itself (with any other field changed alongside), and an update that changes no field has none.
 */
export function updateActivity(current: Task, changes: TaskChanges): ActivityEntry | undefined {
  const changed = changesBetween(current, changes, EDITED_FIELDS);
  if (changes.completed === true) return { action: 'task.completed', changes: changed };
  if (changes.completed === false) return { action: 'task.reopened', changes: changed };
  return Object.keys(changed).length > 0 ? { action: 'task.updated', changes: changed } : undefined;
}
