import type { FieldError } from '../common/app-errors.js';
import { ValidationFailed } from '../common/app-errors.js';
import { MAX_LEVELS } from '../tasks/task-placement.js';

export type Priority = 'low' | 'medium' | 'high';
export type Recurrence = 'daily' | 'weekly' | 'monthly';
export type Color = 'red' | 'orange' | 'yellow' | 'green' | 'teal' | 'blue' | 'violet' | 'pink' | 'grey';

/** A task to create, its place given by keys of the same plan; siblings are listed in their order. */
export interface PlannedTask {
  key: string;
  sectionKey: string | null;
  parentKey: string | null;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: Date | null;
  priority: Priority;
  tags: string[];
  dueAt: Date | null;
  remindAt: Date | null;
  recurrence: Recurrence | null;
  createdAt: Date | null;
  /** Oldest first; each becomes the importing person's comment. */
  comments?: { body: string; createdAt: Date | null }[];
}

/** A project to create (or, for the Inbox, to add to): sections and tasks each in their order. */
export interface PlannedProject {
  name: string;
  color: Color | null;
  isInbox: boolean;
  sections: { key: string; name: string }[];
  tasks: PlannedTask[];
}

export interface ImportPlan {
  projects: PlannedProject[];
}

export const countsOf = (plan: ImportPlan) => ({
  projects: plan.projects.filter((project) => !project.isInbox).length,
  sections: plan.projects.reduce((sum, project) => sum + project.sections.length, 0),
  tasks: plan.projects.reduce((sum, project) => sum + project.tasks.length, 0),
});

/**
 * Checks what the schema cannot: keys unique, sections and parents known in the same project, no cycles, at most
 * MAX_LEVELS deep. A subtask takes its parent's section, as in the app. `where(i, field)` names a task's field for
 * the error (`projects.0.tasks.3.parentId`, `line 7`).
 */
export function checkProject(project: PlannedProject, where: (index: number, field: string) => string): void {
  const errors: FieldError[] = [];
  const sections = new Set<string>();
  for (const section of project.sections) sections.add(section.key);
  const byKey = new Map<string, { task: PlannedTask; index: number }>();
  project.tasks.forEach((task, index) => {
    if (byKey.has(task.key)) errors.push({ path: where(index, 'id'), message: 'is used by another task' });
    byKey.set(task.key, { task, index });
    if (task.sectionKey !== null && !sections.has(task.sectionKey)) {
      errors.push({ path: where(index, 'sectionId'), message: 'is not a section of this project' });
    }
  });
  if (project.sections.length !== sections.size) {
    errors.push({ path: where(-1, 'sections'), message: 'must not repeat a section id' });
  }
  project.tasks.forEach((task, index) => {
    if (task.parentKey !== null && !byKey.has(task.parentKey)) {
      errors.push({ path: where(index, 'parentId'), message: 'is not a task of this project' });
    }
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  // Depth by walking up; coming back to a task already passed is a cycle.
  project.tasks.forEach((task, index) => {
    const seen = new Set<string>([task.key]);
    let parent = task.parentKey;
    while (parent !== null) {
      if (seen.has(parent)) {
        errors.push({ path: where(index, 'parentId'), message: 'makes a cycle of subtasks' });
        return;
      }
      seen.add(parent);
      parent = byKey.get(parent)!.task.parentKey;
    }
    if (seen.size > MAX_LEVELS) {
      errors.push({
        path: where(index, 'parentId'),
        message: `nests subtasks more than ${MAX_LEVELS} levels deep`,
      });
    }
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  for (const task of project.tasks) {
    let root = task;
    while (root.parentKey !== null) root = byKey.get(root.parentKey)!.task;
    task.sectionKey = root.sectionKey;
  }
}
