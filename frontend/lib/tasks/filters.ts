import type { Task } from '@todo/openapi';

export type StatusFilter = 'all' | 'active' | 'completed';
export type DueFilter = 'overdue' | 'today' | null;
export type Priority = Task['priority'];
export type SortKey = 'smart' | 'dueAt' | '-createdAt' | 'createdAt' | 'priority' | 'title';

export interface BoardFilter {
  status: StatusFilter;
  priority: Priority | null;
  tag: string | null;
  due: DueFilter;
  q: string;
  sort: SortKey;
}

export const defaultFilter: BoardFilter = {
  status: 'active',
  priority: null,
  tag: null,
  due: null,
  q: '',
  sort: 'smart',
};

const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

export function isOverdue(task: Task, now: Date): boolean {
  return !task.completed && task.dueAt !== null && new Date(task.dueAt).getTime() < now.getTime();
}

export function isDueToday(task: Task, now: Date): boolean {
  if (!task.dueAt) return false;
  const start = startOfDay(now);
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1); // DST-safe
  const due = new Date(task.dueAt).getTime();
  return due >= start.getTime() && due < end.getTime();
}

export function matchesQuery(task: Task, q: string): boolean {
  const needle = q.trim().toLocaleLowerCase();
  if (!needle) return true;
  return needle
    .split(/\s+/)
    .every(
      (word) =>
        task.title.toLocaleLowerCase().includes(word) ||
        (task.description ?? '').toLocaleLowerCase().includes(word) ||
        task.tags.some((t) => t.toLocaleLowerCase().includes(word.replace(/^#/, ''))),
    );
}

export function matchesFilter(task: Task, f: BoardFilter, now: Date): boolean {
  if (f.status === 'active' && task.completed) return false;
  if (f.status === 'completed' && !task.completed) return false;
  if (f.priority && task.priority !== f.priority) return false;
  if (f.tag && !task.tags.includes(f.tag)) return false;
  if (f.due === 'overdue' && !isOverdue(task, now)) return false;
  if (f.due === 'today' && !isDueToday(task, now)) return false;
  return matchesQuery(task, f.q);
}

const byCreatedDesc = (a: Task, b: Task) =>
  b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
const dueTime = (t: Task) => (t.dueAt ? new Date(t.dueAt).getTime() : Number.POSITIVE_INFINITY);

export function compareTasks(sort: SortKey): (a: Task, b: Task) => number {
  switch (sort) {
    case 'dueAt':
      return (a, b) => dueTime(a) - dueTime(b) || byCreatedDesc(a, b);
    case 'createdAt':
      return (a, b) => -byCreatedDesc(a, b);
    case '-createdAt':
      return byCreatedDesc;
    case 'priority':
      return (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byCreatedDesc(a, b);
    case 'title':
      return (a, b) =>
        a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }) || byCreatedDesc(a, b);
    case 'smart':
      // Open before done; then dated by due date; then by priority; newest first.
      return (a, b) =>
        Number(a.completed) - Number(b.completed) ||
        dueTime(a) - dueTime(b) ||
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        byCreatedDesc(a, b);
  }
}

export function visibleTasks(tasks: Task[], f: BoardFilter, now: Date): Task[] {
  return tasks.filter((t) => matchesFilter(t, f, now)).sort(compareTasks(f.sort));
}

/**
 * `visibleTasks`, except that tasks in `held` (just completed, mapped to how they were before) are filtered and
 * sorted as they were, so they stay in place, shown as they are now, for a moment before they leave the view.
 */
export function visibleTasksHolding(
  tasks: Task[],
  f: BoardFilter,
  now: Date,
  held: ReadonlyMap<string, Task>,
): Task[] {
  if (held.size === 0) return visibleTasks(tasks, f, now);
  const current = new Map(tasks.map((t) => [t.id, t]));
  const asBefore = tasks.map((t) => held.get(t.id) ?? t);
  return visibleTasks(asBefore, f, now).map((t) => current.get(t.id) ?? t);
}

export interface Counts {
  all: number;
  active: number;
  completed: number;
  overdue: number;
  today: number;
}

export function countTasks(tasks: Task[], now: Date): Counts {
  const c: Counts = { all: 0, active: 0, completed: 0, overdue: 0, today: 0 };
  for (const t of tasks) {
    c.all++;
    if (t.completed) c.completed++;
    else c.active++;
    if (isOverdue(t, now)) c.overdue++;
    if (!t.completed && isDueToday(t, now)) c.today++;
  }
  return c;
}

/** Every tag in use, most used first, for filters and suggestions. */
export function tagsInUse(tasks: Task[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tasks) for (const tag of t.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}

export function suggestTags(all: string[], current: string[], typed: string, limit = 6): string[] {
  const needle = typed.trim().toLocaleLowerCase();
  return all.filter((t) => !current.includes(t) && t.toLocaleLowerCase().includes(needle)).slice(0, limit);
}

export function isFiltered(f: BoardFilter): boolean {
  return (
    f.status !== 'active' || f.priority !== null || f.tag !== null || f.due !== null || f.q.trim() !== ''
  );
}

const STATUS = ['all', 'active', 'completed'] as const;
const PRIORITIES = ['low', 'medium', 'high'] as const;
const SORTS = ['smart', 'dueAt', '-createdAt', 'createdAt', 'priority', 'title'] as const;

/** Filter ↔ URL query, so a filtered board can be bookmarked and survives reloads. */
export function filterFromParams(p: URLSearchParams): BoardFilter {
  const pick = <T extends string>(v: string | null, allowed: readonly T[], d: T): T =>
    allowed.includes(v as T) ? (v as T) : d;
  const due = p.get('due');
  return {
    status: pick(p.get('status'), STATUS, defaultFilter.status),
    priority: PRIORITIES.includes(p.get('priority') as Priority) ? (p.get('priority') as Priority) : null,
    tag: p.get('tag') || null,
    due: due === 'overdue' || due === 'today' ? due : null,
    q: p.get('q') ?? '',
    sort: pick(p.get('sort'), SORTS, defaultFilter.sort),
  };
}

export function filterToParams(f: BoardFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status !== defaultFilter.status) p.set('status', f.status);
  if (f.priority) p.set('priority', f.priority);
  if (f.tag) p.set('tag', f.tag);
  if (f.due) p.set('due', f.due);
  if (f.q) p.set('q', f.q);
  if (f.sort !== defaultFilter.sort) p.set('sort', f.sort);
  return p;
}
