import type { Task } from './tree';

/** What the project page shows: one project's tasks, open ones only unless completed ones are asked for. */
export interface Scope {
  projectId: string;
  showCompleted: boolean;
}

export const inScope = (task: Task, scope: Scope) =>
  task.projectId === scope.projectId && (scope.showCompleted || !task.completed);

/** Every descendant of `id` among the tasks read (by their parentId), nearest first. */
export function descendantsIn(tasks: ReadonlyMap<string, Task>, id: string): string[] {
  const kids = new Map<string, string[]>();
  for (const task of tasks.values()) {
    if (!task.parentId) continue;
    const list = kids.get(task.parentId);
    if (list) list.push(task.id);
    else kids.set(task.parentId, [task.id]);
  }
  const out: string[] = [];
  const queue = [id];
  while (queue.length) {
    for (const child of kids.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

export interface Applied {
  tasks: Map<string, Task>;
  /** The task came into the view from elsewhere (another project): its subtasks, carried with it, need reading. */
  arrived: boolean;
}

/**
 * Applies a task as it is now (a move's answer, a live event) to the tasks on screen. A task that left the view
 * (another project, completed while only open ones show) leaves with its subtasks; one that changed section takes
 * its subtasks along (the API carries them without an event of their own). An older version than the one shown is
 * ignored (an event that overtook our own answer).
 */
export function applyTask(tasks: Map<string, Task>, task: Task, scope: Scope): Applied {
  const before = tasks.get(task.id);
  // Nothing to do (an older version, or a task of another project that is not shown): the same map, no render.
  if (before && before.version > task.version) return { tasks, arrived: false };
  if (!before && !inScope(task, scope)) return { tasks, arrived: false };
  const next = new Map(tasks);
  if (!inScope(task, scope)) {
    // Its subtasks went with it (another project), or were completed with it.
    for (const id of descendantsIn(tasks, task.id)) next.delete(id);
    next.delete(task.id);
    return { tasks: next, arrived: false };
  }
  next.set(task.id, task);
  if (before && before.sectionId !== task.sectionId) {
    for (const id of descendantsIn(tasks, task.id)) {
      const child = next.get(id)!;
      next.set(id, { ...child, sectionId: task.sectionId });
    }
  }
  return { tasks: next, arrived: !before };
}

/** Removes tasks (trashed, deleted) with their subtasks. */
export function removeTasks(tasks: Map<string, Task>, ids: string[]): Map<string, Task> {
  if (!ids.some((id) => tasks.has(id))) return tasks;
  const next = new Map(tasks);
  for (const id of ids) {
    for (const child of descendantsIn(tasks, id)) next.delete(child);
    next.delete(id);
  }
  return next;
}
