import { getTableColumns } from 'drizzle-orm';
import { parseTimestamptz } from '../../database/schema/columns.js';
import { tasks } from '../../database/schema/index.js';
import type { Task } from './task.schemas.js';

export type TaskRow = typeof tasks.$inferSelect;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    completedAt: iso(row.completedAt),
    priority: row.priority,
    tags: row.tags,
    dueAt: iso(row.dueAt),
    remindAt: iso(row.remindAt),
    recurrence: row.recurrence,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toTaskPage(page: { rows: TaskRow[]; nextCursor: string | null }) {
  return { items: page.rows.map(toTask), nextCursor: page.nextCursor };
}

/**
 * A tasks row as both drivers hand it to drizzle for `select *`: keyed by column name, timestamps as
 * PostgreSQL's text (drizzle turns the timestamp parsers off and decodes them itself).
 */
export interface TaskDriverRow {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completed_at: string | null;
  priority: TaskRow['priority'];
  tags: string[] | string;
  due_at: string | null;
  remind_at: string | null;
  recurrence: TaskRow['recurrence'];
  next_occurrence_id: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

// PostgreSQL's ISO output of a timestamptz(3) in a UTC session: `2026-11-26 23:31:35.12+00` (trailing zeros of
// the fraction, or the whole fraction, left out).
const UTC_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,3})?\+00$/;

/**
 * The wire form (`Date#toISOString`) of a timestamp as the driver returns it: what the column's decoder followed
 * by toTask produces, without the Date for the common UTC form. Any other form (another session time zone) goes
 * through the decoder.
 */
export function isoFromDriver(text: string): string {
  if (!UTC_TEXT.test(text)) return parseTimestamptz(text).toISOString();
  const length = text.length;
  // 22 characters: no fraction; 24/25/26: one to three digits.
  const fraction = length === 22 ? '000' : text.slice(20, length - 3).padEnd(3, '0');
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}

const isoOrNull = (text: string | null) => (text === null ? null : isoFromDriver(text));

/**
 * The Task of a raw driver row, field for field what `toTask` makes of drizzle's mapped row (same keys in the same
 * order, so the JSON is byte-identical), without drizzle's generic row mapper and the Date round trips. Used for
 * the prepared hot reads (tasks.repository.ts).
 */
export function toTaskFromDriver(row: TaskDriverRow): Task {
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
    createdAt: isoFromDriver(row.created_at),
    updatedAt: isoFromDriver(row.updated_at),
    version: row.version,
  };
}

const COLUMNS = Object.entries(getTableColumns(tasks)).map(([key, column]) => ({ key, column }));

/**
 * The TaskRow of a raw driver row: each column's own decoder, nulls left null, keys in the table's order — what
 * drizzle's row mapper makes of a `select *` row, without its per-field entity checks. For statements the
 * repository writes itself (tasks.repository.ts).
 */
export function toTaskRow(raw: TaskDriverRow): TaskRow {
  const values = raw as unknown as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const { key, column } of COLUMNS) {
    const value = values[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as TaskRow;
}
