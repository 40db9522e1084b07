import { matchesSearch, searchWords } from '@todo/quick-add/search';
import type { operations, Task } from '@todo/openapi';

export type StatusFilter = 'all' | 'active' | 'completed';
export type DueFilter = 'overdue' | 'today' | null;
export type Priority = Task['priority'];
/** The query `GET /api/v1/tasks` takes: the board asks the API for exactly what it shows. */
export type TaskListQuery = NonNullable<operations['listTasks']['parameters']['query']>;
/** The API's sort keys, with its meaning (`priority`: low first; `-priority`: high first). */
export type ApiSort = NonNullable<TaskListQuery['sort']>;
/**
 * A sort of the board: one of the API's, or `smart` (the default): open before done, dated by due date, then
 * undated newest first — read from the API as a sequence of its own sorts (see listSegments).
 */
export type SortKey = ApiSort | 'smart';
/**
 * Inbox: every task; Today: open and due by the end of today; Upcoming: open and due in the next 7 days;
 * Assigned: open and assigned to the signed-in person.
 */
export type BoardView = 'inbox' | 'today' | 'upcoming' | 'assigned';

export interface BoardFilter {
  view: BoardView;
  status: StatusFilter;
  priority: Priority | null;
  tag: string | null;
  due: DueFilter;
  q: string;
  sort: SortKey;
  /**
   * The signed-in person's id, for the Assigned view's matching of tasks that arrive live (the API filters with
   * `assignee=me`). Not in the URL; without it any assigned task matches.
   */
  me?: string | null;
}

export const defaultFilter: BoardFilter = {
  view: 'inbox',
  status: 'active',
  priority: null,
  tag: null,
  due: null,
  q: '',
  sort: 'smart',
};

// The API's order of the priority enum: ascending is low first.
const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2 };

/** The days the Upcoming view covers, today included. */
export const UPCOMING_DAYS = 7;

export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

export function isOverdue(task: Task, now: Date): boolean {
  return !task.completed && task.dueAt !== null && new Date(task.dueAt).getTime() < now.getTime();
}

/** Midnight `days` after the start of `d`'s day, in the browser's zone (DST-safe). */
export function dayStart(d: Date, days = 0): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
}

export function isDueToday(task: Task, now: Date): boolean {
  if (!task.dueAt) return false;
  const start = startOfDay(now);
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1); // DST-safe
  const due = new Date(task.dueAt).getTime();
  return due >= start.getTime() && due < end.getTime();
}

/** The API's search (`q`), for tasks that arrive live: every word, `#word` a tag (see @todo/quick-add/search). */
export function matchesQuery(task: Task, q: string): boolean {
  return matchesSearch(task, searchWords(q));
}

function inView(task: Task, view: BoardView, now: Date, me?: string | null): boolean {
  if (view === 'inbox') return true;
  if (view === 'assigned')
    return !task.completed && task.assigneeId != null && (!me || task.assigneeId === me);
  if (task.completed || !task.dueAt) return false;
  const due = new Date(task.dueAt).getTime();
  if (view === 'today') return due < dayStart(now, 1).getTime();
  return due >= dayStart(now).getTime() && due < dayStart(now, UPCOMING_DAYS).getTime();
}

/** The status filter as it applies in a view (Today and Upcoming hold open tasks only). */
export function statusIn(f: BoardFilter): StatusFilter {
  return f.view === 'inbox' ? f.status : 'active';
}

/** The sort as it applies in a view (Upcoming is grouped by day, so it is in due order). */
export function sortIn(f: BoardFilter): SortKey {
  return f.view === 'upcoming' ? 'smart' : f.sort;
}

export function matchesFilter(task: Task, f: BoardFilter, now: Date): boolean {
  if (!inView(task, f.view, now, f.me)) return false;
  const status = statusIn(f);
  if (status === 'active' && task.completed) return false;
  if (status === 'completed' && !task.completed) return false;
  if (f.priority && task.priority !== f.priority) return false;
  if (f.tag && !task.tags.includes(f.tag)) return false;
  const due = f.view === 'inbox' ? f.due : null;
  if (due === 'overdue' && !isOverdue(task, now)) return false;
  if (due === 'today' && !isDueToday(task, now)) return false;
  return matchesQuery(task, f.q);
}

/** Each sort key's value, ordered the way the API orders it (undated tasks as if due at infinity). */
const SORT_VALUE: Record<string, (t: Task) => number | string> = {
  createdAt: (t) => t.createdAt,
  dueAt: (t) => (t.dueAt ? new Date(t.dueAt).getTime() : Number.POSITIVE_INFINITY),
  priority: (t) => PRIORITY_RANK[t.priority],
  title: (t) => t.title,
};

const compareValues = (a: number | string, b: number | string) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0;

/**
 * The API's order for a sort key (backend/src/tasks/task-sort.ts): by the key, then by id, both in the key's
 * direction, so the board lays locally changed tasks exactly where the API's next page would put them.
 */
export function compareTasks(sort: SortKey): (a: Task, b: Task) => number {
  if (sort === 'smart') return compareSmart;
  const descending = sort.startsWith('-');
  const value = SORT_VALUE[descending ? sort.slice(1) : sort]!;
  const sign = descending ? -1 : 1;
  return (a, b) => sign * (compareValues(value(a), value(b)) || compareValues(a.id, b.id));
}

const byDue = compareTasks('dueAt');
const byNewest = compareTasks('-createdAt');

/** `smart`: open before done; dated tasks by the API's `dueAt` order, before undated ones by its `-createdAt`. */
function compareSmart(a: Task, b: Task): number {
  if (a.completed !== b.completed) return a.completed ? 1 : -1;
  if (Boolean(a.dueAt) !== Boolean(b.dueAt)) return a.dueAt ? -1 : 1;
  return a.dueAt ? byDue(a, b) : byNewest(a, b);
}

export function visibleTasks(tasks: Task[], f: BoardFilter, now: Date): Task[] {
  return tasks.filter((t) => matchesFilter(t, f, now)).sort(compareTasks(sortIn(f)));
}

/**
 * Whether a task is within the pages read so far: at or before `last`, the last task read, in `sort`'s order
 * (null: every page is read). Beyond it the store may hold some tasks but not all, so they wait for the next page.
 */
export function reachedUntil(sort: SortKey, last: Task | null): (task: Task) => boolean {
  if (!last) return () => true;
  const compare = compareTasks(sort);
  return (task) => compare(task, last) <= 0;
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
    f.view !== 'inbox' ||
    f.status !== 'active' ||
    f.priority !== null ||
    f.tag !== null ||
    f.due !== null ||
    f.q.trim() !== ''
  );
}

const STATUS = ['all', 'active', 'completed'] as const;
const PRIORITIES = ['low', 'medium', 'high'] as const;
const VIEWS = ['inbox', 'today', 'upcoming', 'assigned'] as const;
const SORTS = [
  'smart',
  'dueAt',
  '-dueAt',
  '-createdAt',
  'createdAt',
  'priority',
  '-priority',
  'title',
  '-title',
] as const satisfies readonly SortKey[];

/** Later than any due date: `dueBefore` it asks for dated tasks only. */
const FAR_FUTURE = '9999-12-31T00:00:00Z';

/** Filter ↔ URL query, so a filtered board can be bookmarked and survives reloads. */
export function filterFromParams(p: URLSearchParams): BoardFilter {
  const pick = <T extends string>(v: string | null, allowed: readonly T[], d: T): T =>
    allowed.includes(v as T) ? (v as T) : d;
  const due = p.get('due');
  return {
    view: pick(p.get('view'), VIEWS, defaultFilter.view),
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
  if (f.view !== defaultFilter.view) p.set('view', f.view);
  if (f.status !== defaultFilter.status) p.set('status', f.status);
  if (f.priority) p.set('priority', f.priority);
  if (f.tag) p.set('tag', f.tag);
  if (f.due) p.set('due', f.due);
  if (f.q) p.set('q', f.q);
  if (f.sort !== defaultFilter.sort) p.set('sort', f.sort);
  return p;
}

/** One API list query the board reads pages of. */
export interface ListSegment {
  query: TaskListQuery;
}

/** The filters of `f` as API query params (no sort). Day bounds are the browser's own (`now`'s zone). */
function filterQuery(f: BoardFilter, now: Date): TaskListQuery {
  const query: TaskListQuery = {};
  const status = statusIn(f);
  if (status !== 'all') query.completed = status === 'completed' ? 'true' : 'false';
  if (f.priority) query.priority = f.priority;
  if (f.tag) query.tag = f.tag;
  const q = f.q.trim();
  if (q) query.q = q;
  if (f.view === 'today') query.dueBefore = dayStart(now, 1).toISOString();
  if (f.view === 'assigned') query.assignee = 'me';
  if (f.view === 'upcoming') {
    query.dueAfter = dayStart(now).toISOString();
    query.dueBefore = dayStart(now, UPCOMING_DAYS).toISOString();
  }
  if (f.view === 'inbox' && f.due === 'today') {
    query.dueAfter = dayStart(now).toISOString();
    query.dueBefore = dayStart(now, 1).toISOString();
  }
  if (f.view === 'inbox' && f.due === 'overdue') {
    // To the minute, so the query (and its pages) changes once a minute, not on every render.
    query.completed = 'false';
    query.dueBefore = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  }
  return query;
}

/**
 * What the board asks `GET /api/v1/tasks` for to show `f`, in order: the API filters and sorts, so the board
 * reads no more than the pages it shows. An API sort is one query; `smart` is, per status (open first), the
 * dated tasks by `dueAt`, then the undated ones (`due=none`) by `-createdAt`.
 */
export function listSegments(f: BoardFilter, now: Date): ListSegment[] {
  const base = filterQuery(f, now);
  const sort = sortIn(f);
  if (sort !== 'smart') return [{ query: { ...base, sort } }];
  const statuses = base.completed ? [base.completed] : (['false', 'true'] as const);
  const dateBound = Boolean(base.dueBefore || base.dueAfter);
  return statuses.flatMap((completed): ListSegment[] => [
    { query: { ...base, completed, sort: 'dueAt', dueBefore: base.dueBefore ?? FAR_FUTURE } },
    ...(dateBound
      ? []
      : [{ query: { ...base, completed, due: 'none' as const, sort: '-createdAt' as const } }]),
  ]);
}

/** Whether `listSegments` depends on the browser's time zone (a server render cannot know it). */
export function needsBrowserZone(f: BoardFilter): boolean {
  return f.view === 'today' || f.view === 'upcoming' || f.due === 'today';
}
