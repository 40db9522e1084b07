import type { tasks } from '../../database/schema/index.js';
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
