import type { ImportDocument } from './dto/portability.schemas.js';
import { checkProject, type ImportPlan, type PlannedProject } from './import-plan.js';

/** Sorts by `position` (byte order, as the app orders), entries without one last, ties in document order. */
function inOrder<T extends { position?: string | null }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const [x, y] = [a.item.position ?? null, b.item.position ?? null];
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return x < y ? -1 : 1;
      }
      return a.index - b.index;
    })
    .map(({ item }) => item);
}

/** An export document as a plan, its references checked (400 naming `projects.<i>.tasks.<j>.<field>`). */
export function documentPlan(document: ImportDocument, now: Date): ImportPlan {
  const projects = inOrder(document.projects.map((project, index) => ({ ...project, index })));
  const plan: ImportPlan = { projects: [] };
  for (const source of projects) {
    const tasks = inOrder((source.tasks ?? []).map((task, index) => ({ ...task, index })));
    const project: PlannedProject = {
      name: source.name,
      color: source.color ?? null,
      isInbox: source.isInbox ?? false,
      sections: inOrder(source.sections ?? []).map((section) => ({ key: section.id, name: section.name })),
      tasks: tasks.map((task) => {
        const completed = task.completed ?? false;
        return {
          key: task.id,
          sectionKey: task.sectionId ?? null,
          parentKey: task.parentId ?? null,
          title: task.title,
          description: task.description ?? null,
          completed,
          completedAt: completed ? new Date(task.completedAt ?? now) : null,
          priority: task.priority ?? 'medium',
          tags: task.tags ?? [],
          dueAt: task.dueAt ? new Date(task.dueAt) : null,
          remindAt: task.remindAt ? new Date(task.remindAt) : null,
          recurrence: task.recurrence ?? null,
          createdAt: task.createdAt ? new Date(task.createdAt) : null,
          comments: (task.comments ?? []).map((comment) => ({
            body: comment.body,
            createdAt: comment.createdAt ? new Date(comment.createdAt) : null,
          })),
        };
      }),
    };
    const where = (index: number, field: string) =>
      index < 0
        ? `projects.${source.index}.${field}`
        : `projects.${source.index}.tasks.${tasks[index]!.index}.${field}`;
    checkProject(project, where);
    plan.projects.push(project);
  }
  return plan;
}
