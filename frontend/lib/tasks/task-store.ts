import type { Task } from '@todo/openapi';

/**
 * The board's local copy of the person's tasks. Server data (responses, live events) only replaces a
 * task with an equal or newer version, so a late event never undoes a fresher response; optimistic
 * edits and rollbacks use `replace`, which always wins.
 */
export interface TaskState {
  byId: Record<string, Task>;
  loaded: boolean;
}

export type TaskAction =
  | { type: 'loaded'; tasks: Task[] }
  | { type: 'merged'; tasks: Task[] }
  | { type: 'upsert'; task: Task }
  | { type: 'replace'; task: Task }
  | { type: 'remove'; id: string };

export const emptyTaskState: TaskState = { byId: {}, loaded: false };

export function initTaskState(tasks: Task[] | null): TaskState {
  return tasks ? taskReducer(emptyTaskState, { type: 'loaded', tasks }) : emptyTaskState;
}

export function taskReducer(state: TaskState, action: TaskAction): TaskState {
  switch (action.type) {
    case 'loaded':
      return { loaded: true, byId: Object.fromEntries(action.tasks.map((t) => [t.id, t])) };
    case 'merged': {
      const byId = { ...state.byId };
      for (const task of action.tasks) {
        const current = byId[task.id];
        if (!current || current.version <= task.version) byId[task.id] = task;
      }
      return { loaded: true, byId };
    }
    case 'upsert': {
      const current = state.byId[action.task.id];
      if (current && current.version > action.task.version) return state;
      return { ...state, byId: { ...state.byId, [action.task.id]: action.task } };
    }
    case 'replace':
      return { ...state, byId: { ...state.byId, [action.task.id]: action.task } };
    case 'remove': {
      if (!state.byId[action.id]) return state;
      const { [action.id]: _gone, ...rest } = state.byId;
      return { ...state, byId: rest };
    }
  }
}

/** Applies a partial update locally, the way the server will (used for optimistic updates). */
export function applyPatch(task: Task, patch: Partial<Task>, now = new Date()): Task {
  const next = { ...task, ...patch, updatedAt: now.toISOString() };
  if (patch.completed !== undefined && patch.completed !== task.completed) {
    next.completedAt = patch.completed ? now.toISOString() : null;
  }
  return next;
}
