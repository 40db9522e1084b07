import type { Task } from '@todo/openapi';

/** Test data: a plausible task, overridable field by field. */
let seq = 0;
export function aTask(over: Partial<Task> = {}): Task {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    title: `Task ${seq}`,
    description: null,
    completed: false,
    completedAt: null,
    priority: 'medium',
    tags: [],
    dueAt: null,
    remindAt: null,
    recurrence: null,
    projectId: '00000000-0000-4000-8000-0000000000aa',
    sectionId: null,
    parentId: null,
    position: `a${seq}`,
    assigneeId: null,
    createdBy: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    version: 1,
    ...over,
  };
}
