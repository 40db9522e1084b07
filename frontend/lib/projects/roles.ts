import type { Schemas } from '@todo/openapi';

type ProjectRole = Pick<Schemas['Project'], 'id' | 'role'>;

/** The projects the person may only look at (the API answers 403 to any change of them or their tasks). */
export function viewerProjectIds(projects: readonly ProjectRole[] | null): ReadonlySet<string> {
  return new Set((projects ?? []).filter((p) => p.role === 'viewer').map((p) => p.id));
}

/**
 * Whether the person may complete, edit, move or trash a task: not in a project they only view. A project the list
 * does not have is not known to be read-only (the API decides, as always).
 */
export function canChangeTask(task: { projectId: string }, viewerOf: ReadonlySet<string>): boolean {
  return !viewerOf.has(task.projectId);
}
