import { parseTimestamptz } from '../../database/schema/columns.js';
import { tasks } from '../../database/schema/index.js';
import type { Task } from './task.schemas.js';

type StoredTask = typeof tasks.$inferSelect;

/**
 * A `select *` row of tasks as both drivers return it: keyed by column name, timestamps as PostgreSQL's text
 * (the drizzle drivers turn the timestamp parsers off).
 */
export interface TaskDriverRow {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completed_at: string | null;
  priority: StoredTask['priority'];
  tags: string[] | string;
  due_at: string | null;
  remind_at: string | null;
  recurrence: StoredTask['recurrence'];
  next_occurrence_id: string | null;
  deleted_at: string | null;
  project_id: string;
  section_id: string | null;
  parent_id: string | null;
  position: string;
  assignee_id: string | null;
  created_by: string | null;
  trashed_with_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

// PostgreSQL's ISO output of a timestamptz(3) in a UTC session: `2026-11-26 23:31:35.12+00` (trailing zeros of
// the fraction, or the whole fraction, left out).
const UTC_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,3})?\+00$/;

/**
 * The wire form (`Date#toISOString`) of a timestamp as the driver returns it, without a Date for the common UTC
 * form; any other form (another session time zone) goes through the column's parser.
 */
export function isoFromDriver(text: string): string {
  if (!UTC_TEXT.test(text)) return parseTimestamptz(text).toISOString();
  const length = text.length;
  // 22 characters: no fraction; 24/25/26: one to three digits.
  const fraction = length === 22 ? '000' : text.slice(20, length - 3).padEnd(3, '0');
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}

export const isoOrNull = (text: string | null) => (text === null ? null : isoFromDriver(text));

/** The API's Task of a tasks row; keys in the schema's order. */
export function toTask(row: TaskDriverRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    completedAt: isoOrNull(row.completed_at),
    priority: row.priority,
    // Both drivers parse text[]; a driver that did not would hand over PostgreSQL's array text.
    tags: Array.isArray(row.tags) ? row.tags : (tasks.tags.mapFromDriverValue(row.tags) as string[]),
    dueAt: isoOrNull(row.due_at),
    remindAt: isoOrNull(row.remind_at),
    recurrence: row.recurrence,
    projectId: row.project_id,
    sectionId: row.section_id,
    parentId: row.parent_id,
    position: row.position,
    assigneeId: row.assignee_id,
    createdBy: row.created_by,
    createdAt: isoFromDriver(row.created_at),
    updatedAt: isoFromDriver(row.updated_at),
    version: row.version,
  };
}
