import type { Schemas } from '@todo/openapi';

export type Task = Schemas['Task'];
export type Section = Schemas['Section'];

export type Row =
  | { kind: 'section'; key: string; section: Section; count: number; collapsed: boolean }
  | { kind: 'task'; key: string; task: Task; depth: number; childCount: number; collapsed: boolean };

/** Byte order of the API's order keys (ASCII letters and digits), ties by id. */
export const byPosition = (a: { position: string; id: string }, b: { position: string; id: string }) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export interface Tree {
  /** Children of each task id, and of each section id ('' for no section) at the top level, in order. */
  children: Map<string, Task[]>;
  topLevel: Map<string, Task[]>;
}

/**
 * Groups the tasks read so far into sections and subtasks. A subtask whose parent has not been read yet waits for
 * it (`complete` false), or, once every page is read, shows at its section's top level rather than nowhere.
 */
export function buildTree(tasks: Iterable<Task>, complete: boolean): Tree {
  const all = new Map<string, Task>();
  for (const task of tasks) all.set(task.id, task);
  const children = new Map<string, Task[]>();
  const topLevel = new Map<string, Task[]>();
  const push = (map: Map<string, Task[]>, key: string, task: Task) => {
    const list = map.get(key);
    if (list) list.push(task);
    else map.set(key, [task]);
  };
  for (const task of all.values()) {
    if (task.parentId && all.has(task.parentId)) push(children, task.parentId, task);
    else if (!task.parentId || complete) push(topLevel, task.sectionId ?? '', task);
  }
  for (const list of children.values()) list.sort(byPosition);
  for (const list of topLevel.values()) list.sort(byPosition);
  return { children, topLevel };
}

/** The rows on screen: tasks outside any section first, then each section with its tasks, collapsed ones folded. */
export function visibleRows(tree: Tree, sections: Section[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const countUnder = (task: Task): number =>
    (tree.children.get(task.id) ?? []).reduce((n, child) => n + 1 + countUnder(child), 0);
  const addTasks = (list: Task[], depth: number) => {
    for (const task of list) {
      const kids = tree.children.get(task.id) ?? [];
      const folded = collapsed.has(task.id);
      rows.push({ kind: 'task', key: task.id, task, depth, childCount: kids.length, collapsed: folded });
      if (!folded) addTasks(kids, depth + 1);
    }
  };
  addTasks(tree.topLevel.get('') ?? [], 1);
  for (const section of [...sections].sort(byPosition)) {
    const list = tree.topLevel.get(section.id) ?? [];
    const folded = collapsed.has(section.id);
    const count = list.reduce((n, task) => n + 1 + countUnder(task), 0);
    rows.push({ kind: 'section', key: section.id, section, count, collapsed: folded });
    if (!folded) addTasks(list, 1);
  }
  return rows;
}

/** The sibling just above a task in its group (same section and parent), if any. */
export function previousSibling(tree: Tree, task: Task): Task | undefined {
  const list = task.parentId ? tree.children.get(task.parentId) : tree.topLevel.get(task.sectionId ?? '');
  const index = list?.findIndex((t) => t.id === task.id) ?? -1;
  return index > 0 ? list![index - 1] : undefined;
}

/** Every descendant's id of a task (to drop them from view when it is completed or moved away). */
export function descendantIds(tree: Tree, id: string): string[] {
  const out: string[] = [];
  for (const child of tree.children.get(id) ?? []) out.push(child.id, ...descendantIds(tree, child.id));
  return out;
}
