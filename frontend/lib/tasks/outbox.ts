import type { Schemas, Task } from '@todo/openapi';
import { applyPatch } from './task-store';

type CreateTaskRequest = Schemas['CreateTaskRequest'];

/**
 * Changes the API could not be reached for, kept on this device until they are delivered. A create keeps the
 * Idempotency-Key of its first attempt, so a retry whose first try did reach the API still makes one task; an
 * update keeps the version it was made against (its If-Match), so a retry never overwrites someone else's change.
 */
export type TaskPatch = Partial<
  Pick<
    Task,
    'title' | 'description' | 'priority' | 'tags' | 'dueAt' | 'remindAt' | 'recurrence' | 'completed'
  >
>;

interface Delivery {
  /** Failed attempts so far (the first, made when the change was made, counts). */
  attempts: number;
  /** When the change was made (ISO); a create's placeholder shows this as its creation time. */
  queuedAt: string;
}

export interface QueuedCreate extends Delivery {
  kind: 'create';
  /** The placeholder row's id (`temp-…`), stable across reloads. */
  tempId: string;
  idempotencyKey: string;
  body: CreateTaskRequest;
}

export interface QueuedUpdate extends Delivery {
  kind: 'update';
  taskId: string;
  /** The task's version when the first of these changes was made: sent as If-Match. */
  version: number;
  patch: TaskPatch;
}

export type OutboxEntry = QueuedCreate | QueuedUpdate;

/** After this many failed attempts a change shows "Not saved · Retry" rather than "retrying". */
export const STUCK_AFTER_ATTEMPTS = 3;

export const entryTaskId = (e: OutboxEntry) => (e.kind === 'create' ? e.tempId : e.taskId);
export const isStuck = (e: OutboxEntry) => e.attempts >= STUCK_AFTER_ATTEMPTS;

/** Seconds-scale back-off between automatic retries: 2, 4, 8, 16, 32, then every 60 s. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(1, attempts));
}

/**
 * Adds a change to the queue. A second change to a task that already waits is merged into the first (one PATCH
 * with the first's version), so our own queued changes never conflict with each other.
 */
export function enqueue(entries: readonly OutboxEntry[], entry: OutboxEntry): OutboxEntry[] {
  if (entry.kind === 'create') return [...entries, entry];
  const at = entries.findIndex((e) => e.kind === 'update' && e.taskId === entry.taskId);
  if (at < 0) return [...entries, entry];
  const existing = entries[at] as QueuedUpdate;
  const merged: QueuedUpdate = { ...existing, patch: { ...existing.patch, ...entry.patch } };
  return entries.map((e, i) => (i === at ? merged : e));
}

/** A stand-in row for a create that waits: what the person typed, shown until the API has it. */
export function placeholderFor(entry: QueuedCreate): Task {
  return {
    id: entry.tempId,
    title: entry.body.title,
    description: entry.body.description ?? null,
    completed: entry.body.completed ?? false,
    completedAt: entry.body.completed ? entry.queuedAt : null,
    priority: entry.body.priority ?? 'medium',
    tags: entry.body.tags ?? [],
    dueAt: entry.body.dueAt ?? null,
    remindAt: entry.body.remindAt ?? null,
    recurrence: entry.body.recurrence ?? null,
    // v1.1: where it lands (the Inbox without a project) is known once the API answers.
    projectId: '',
    sectionId: null,
    parentId: null,
    position: '',
    assigneeId: null,
    createdBy: null,
    createdAt: entry.queuedAt,
    updatedAt: entry.queuedAt,
    version: 0,
  };
}

/**
 * The tasks as the person expects to see them: the server's copy with every queued change laid over it. A queued
 * update of a task that no longer exists shows nothing (its delivery will say so).
 */
export function withQueuedChanges(
  byId: Record<string, Task>,
  entries: readonly OutboxEntry[],
): Record<string, Task> {
  if (!entries.length) return byId;
  const out = { ...byId };
  for (const e of entries) {
    if (e.kind === 'create') out[e.tempId] = placeholderFor(e);
    else if (out[e.taskId]) out[e.taskId] = applyPatch(out[e.taskId]!, e.patch, new Date(e.queuedAt));
  }
  return out;
}
