import type { Task } from '@todo/openapi';
import { normaliseTag, validateTitle } from '@todo/quick-add/rules';

// One definition of the title and tag rules, shared with quick add and the API's quick-add endpoint.
export { normaliseTag, TITLE_COUNTER_FROM, TITLE_MAX_LENGTH, validateTitle } from '@todo/quick-add/rules';

export interface TaskDraft {
  title: string;
  description: string;
  priority: Task['priority'];
  tags: string[];
  dueAt: string | null;
  remindAt: string | null;
  recurrence: Task['recurrence'];
  /** A member of the task's project, or null for nobody. */
  assigneeId: string | null;
}

export type DraftErrors = Partial<Record<keyof TaskDraft, string>>;

/** Adds typed tags ("home, errands") to a list, skipping blanks and repeats. */
export function addTags(current: string[], raw: string): string[] {
  const out = [...current];
  for (const part of raw.split(',')) {
    const tag = normaliseTag(part);
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export function validateDraft(d: TaskDraft): DraftErrors {
  const e: DraftErrors = {};
  const title = validateTitle(d.title);
  if (title) e.title = title;
  if (d.description.length > 10_000) e.description = 'Notes can be up to 10,000 characters.';
  if (d.tags.length > 20) e.tags = 'Up to 20 tags per task.';
  else if (d.tags.some((t) => t.length > 32)) e.tags = 'Each tag can be up to 32 characters.';
  if (d.recurrence && !d.dueAt) e.dueAt = 'A repeating task needs a due date to repeat from.';
  if (d.remindAt && d.dueAt && new Date(d.remindAt).getTime() > new Date(d.dueAt).getTime()) {
    e.remindAt = 'The reminder is after the due date.';
  }
  return e;
}

/** Only the fields that changed, in the shape of an update request. */
export function draftPatch(task: Task, d: TaskDraft) {
  const patch: Partial<
    Pick<
      Task,
      'title' | 'description' | 'priority' | 'tags' | 'dueAt' | 'remindAt' | 'recurrence' | 'assigneeId'
    >
  > = {};
  const description = d.description.trim() === '' ? null : d.description;
  if (d.title.trim() !== task.title) patch.title = d.title.trim();
  if (description !== task.description) patch.description = description;
  if (d.priority !== task.priority) patch.priority = d.priority;
  if (d.tags.join('\u0000') !== task.tags.join('\u0000')) patch.tags = d.tags;
  if (!sameInstant(d.dueAt, task.dueAt)) patch.dueAt = d.dueAt;
  if (!sameInstant(d.remindAt, task.remindAt)) patch.remindAt = d.remindAt;
  if (d.recurrence !== task.recurrence) patch.recurrence = d.recurrence;
  if (d.assigneeId !== (task.assigneeId ?? null)) patch.assigneeId = d.assigneeId;
  return patch;
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Date(a).getTime() === new Date(b).getTime();
}

export function draftFromTask(t: Task): TaskDraft {
  return {
    title: t.title,
    description: t.description ?? '',
    priority: t.priority,
    tags: [...t.tags],
    dueAt: t.dueAt,
    remindAt: t.remindAt,
    recurrence: t.recurrence,
    assigneeId: t.assigneeId ?? null,
  };
}
