'use client';

import type { Task } from '@todo/openapi';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import {
  countTasks,
  defaultFilter,
  filterToParams,
  isFiltered,
  tagsInUse,
  visibleTasks,
  type BoardFilter,
} from '@/lib/tasks/filters';
import { parseQuickAdd } from '@/lib/tasks/quick-add';
import { Icon } from '@/components/ui/icons';
import { FilterBar } from './filter-bar';
import { TaskRow } from './task-row';
import { useTasks } from './use-tasks';

// Not needed for the first paint: each is downloaded when it is first shown (the detail panel is still
// server-rendered when the page is /tasks/<id>). React.lazy rather than next/dynamic: the latter's own
// runtime (~2.6 kB gzip) would be part of the board's first load.
const TaskDetail = lazy(() => import('./task-detail').then((m) => ({ default: m.TaskDetail })));
const ShortcutsDialog = lazy(() =>
  import('./shortcuts-dialog').then((m) => ({ default: m.ShortcutsDialog })),
);
const Reminders = lazy(() => import('./reminders'));

interface Props {
  initialTasks: Task[] | null;
  initialFilter: BoardFilter;
  initialOpenId?: string;
}

function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

const subscribeOnline = (cb: () => void) => {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
};

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    Boolean(el.closest('dialog[open]'))
  );
}

export function Board({ initialTasks, initialFilter, initialOpenId }: Props) {
  const { state, loadError, live, conflict, setConflict, announcement, loadAll, create, update, trash } =
    useTasks(initialTasks);
  const [filter, setFilter] = useState<BoardFilter>(initialFilter);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(initialOpenId ?? null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [quick, setQuick] = useState('');
  const quickRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow();
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );

  const all = useMemo(() => Object.values(state.byId), [state.byId]);
  const visible = useMemo(() => visibleTasks(all, filter, now), [all, filter, now]);
  const counts = useMemo(() => countTasks(all, now), [all, now]);
  const tags = useMemo(() => tagsInUse(all), [all]);
  const hasReminders = useMemo(() => all.some((t) => t.remindAt && !t.completed), [all]);
  const openTask = openId ? state.byId[openId] : undefined;

  // Keep the URL in step with filters and the open task (bookmarkable, survives reloads).
  useEffect(() => {
    const qs = filterToParams(filter).toString();
    const path = openId && !openId.startsWith('temp-') ? `/tasks/${openId}` : '/tasks';
    const url = `${path}${qs ? `?${qs}` : ''}`;
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, '', url);
  }, [filter, openId]);

  const changeFilter = useCallback((f: Partial<BoardFilter>) => setFilter((cur) => ({ ...cur, ...f })), []);
  const open = useCallback((id: string) => {
    setSelectedId(id);
    setOpenId(id);
  }, []);
  const closeDetail = useCallback(() => {
    const id = openId;
    setOpenId(null);
    setConflict(null);
    if (id)
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task-id="${id}"]`)?.focus());
  }, [openId, setConflict]);

  const toggle = useCallback((t: Task) => void update(t, { completed: !t.completed }), [update]);
  const rename = useCallback(
    (t: Task, title: string) => {
      setEditingId(null);
      void update(t, { title });
    },
    [update],
  );
  const trashTask = useCallback(
    (t: Task) => {
      const idx = visible.findIndex((v) => v.id === t.id);
      const next = visible[idx + 1] ?? visible[idx - 1];
      setSelectedId(next?.id ?? null);
      if (openId === t.id) setOpenId(null);
      void trash(t);
    },
    [visible, openId, trash],
  );

  const submitQuick = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseQuickAdd(quick);
    if (!parsed.title) return;
    setQuick('');
    quickRef.current?.focus();
    const ok = await create(parsed);
    if (!ok) setQuick((cur) => cur || quick);
  };

  // Global keyboard shortcuts (ignored while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      // The focused row is the current one (mouse focus, Tab), else the keyboard selection.
      const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-task-id]')
        ?.dataset.taskId;
      const currentId = focusedId ?? selectedId;
      const idx = visible.findIndex((t) => t.id === currentId);
      const current = idx >= 0 ? visible[idx] : undefined;
      const move = (delta: number) => {
        if (!visible.length) return;
        const next = visible[Math.min(visible.length - 1, Math.max(0, idx < 0 ? 0 : idx + delta))];
        if (next) setSelectedId(next.id);
      };
      switch (e.key) {
        case 'n':
          e.preventDefault();
          quickRef.current?.focus();
          break;
        case '/':
          e.preventDefault();
          searchRef.current?.focus();
          break;
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          move(-1);
          break;
        case 'x':
          if (current) toggle(current);
          break;
        case 'e':
          if (current) {
            e.preventDefault();
            setEditingId(current.id);
          }
          break;
        case 'Enter':
          if (current && (e.target as HTMLElement).tagName !== 'BUTTON') open(current.id);
          break;
        case 'Delete':
        case 'Backspace':
          if (current) {
            e.preventDefault();
            trashTask(current);
          }
          break;
        case '?':
          e.preventDefault();
          setShowHelp(true);
          break;
        case 'Escape':
          if (openId) closeDetail();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, selectedId, toggle, open, trashTask, openId, closeDetail]);

  const empty = !state.loaded ? null : all.length === 0 ? 'first' : visible.length === 0 ? 'filtered' : null;

  return (
    <div
      className={`mx-auto grid max-w-6xl gap-6 px-4 pb-24 sm:px-6 ${openTask ? 'lg:grid-cols-[minmax(0,1fr)_24rem]' : ''}`}
    >
      <div className="min-w-0">
        {!online ? (
          <p
            role="status"
            className="mb-4 rounded-xl bg-warn-soft px-4 py-3 text-sm text-warn"
            data-testid="offline-banner"
          >
            You are offline. Changes can’t be saved right now; we’ll catch up as soon as you’re back.
          </p>
        ) : null}
        {loadError ? (
          <div
            role="alert"
            className="mb-4 flex items-center justify-between gap-3 rounded-xl bg-danger-soft px-4 py-3 text-sm text-danger"
          >
            <span>{loadError}</span>
            <button type="button" className="btn-ghost" onClick={() => void loadAll()}>
              Retry
            </button>
          </div>
        ) : null}

        <form onSubmit={submitQuick} className="mb-5 flex gap-2" aria-label="Add a task">
          <label htmlFor="quick-add" className="sr-only">
            New task
          </label>
          <input
            ref={quickRef}
            id="quick-add"
            className="field h-12 text-base"
            placeholder="Add a task — try “Pay rent #home !high”   ( n )"
            value={quick}
            onChange={(e) => setQuick(e.target.value)}
            maxLength={200}
            autoComplete="off"
            enterKeyHint="done"
          />
          <button type="submit" className="btn-primary h-12 shrink-0" disabled={!quick.trim()}>
            <Icon name="plus" />
            <span className="hidden sm:inline">Add</span>
            <span className="sr-only sm:hidden">Add task</span>
          </button>
        </form>

        <FilterBar
          filter={filter}
          counts={counts}
          tags={tags}
          onChange={changeFilter}
          searchRef={searchRef}
        />

        <div className="mt-5 flex items-center justify-between text-sm text-muted">
          <p aria-live="polite" data-testid="result-count">
            {state.loaded
              ? `${visible.length} ${visible.length === 1 ? 'task' : 'tasks'}${isFiltered(filter) && !(filter.status === 'all' && !narrowed(filter)) ? ' match' : ''}`
              : 'Loading tasks…'}
          </p>
          <div className="flex items-center gap-2">
            <LiveBadge status={live} />
            <button
              type="button"
              className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
              onClick={() => setShowHelp(true)}
              aria-label="Keyboard shortcuts"
            >
              <Icon name="keyboard" /> <span className="hidden sm:inline">?</span>
            </button>
          </div>
        </div>

        {!state.loaded ? (
          <ul className="mt-3 space-y-2" aria-hidden="true" data-testid="skeleton">
            {Array.from({ length: 5 }, (_, i) => (
              <li key={i} className="h-16 animate-pulse rounded-xl bg-surface-2" />
            ))}
          </ul>
        ) : empty === 'first' ? (
          <EmptyState
            title="A clear list. Nice."
            body="Add your first task above. Use #tags and !high for quick labels, open a task to set a due date, a reminder or make it repeat."
            hint="Press n to add from anywhere, ? for every shortcut."
          />
        ) : empty === 'filtered' ? (
          <EmptyState
            title={filter.status === 'completed' && !filter.q ? 'Nothing done yet' : 'No tasks match'}
            body={
              filter.q
                ? `Nothing matches “${filter.q}” with these filters.`
                : 'Try another filter, or clear them to see everything.'
            }
            action={{ label: 'Clear filters', run: () => setFilter({ ...defaultFilter, status: 'all' }) }}
          />
        ) : (
          <ul className="mt-3 space-y-2" aria-label="Tasks" data-testid="task-list">
            {visible.map((t) => (
              <TaskRow
                key={t.id}
                task={t}
                now={now}
                selected={t.id === selectedId}
                editing={t.id === editingId}
                onSelect={setSelectedId}
                onToggle={toggle}
                onOpen={open}
                onTrash={trashTask}
                onStartEdit={setEditingId}
                onRename={rename}
              />
            ))}
          </ul>
        )}
        {hasReminders ? (
          <Suspense fallback={null}>
            <Reminders tasks={all} onOpen={open} />
          </Suspense>
        ) : null}
      </div>

      {openTask ? (
        <Suspense fallback={<DetailSkeleton />}>
          <TaskDetail
            key={openTask.id}
            task={openTask}
            allTags={tags}
            conflict={conflict?.taskId === openTask.id ? conflict.fresh : null}
            onSave={update}
            onClose={closeDetail}
            onTrash={trashTask}
          />
        </Suspense>
      ) : null}

      <p className="sr-only" aria-live="polite" data-testid="announcer">
        {announcement}
      </p>
      {showHelp ? (
        <Suspense fallback={null}>
          <ShortcutsDialog open onClose={() => setShowHelp(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** Filters that hide tasks beyond the status tabs. */
function narrowed(f: BoardFilter): boolean {
  return f.priority !== null || f.tag !== null || f.due !== null || f.q.trim() !== '';
}

function LiveBadge({ status }: { status: string }) {
  const label =
    status === 'live'
      ? 'Live'
      : status === 'connecting'
        ? 'Connecting…'
        : status === 'unavailable'
          ? 'Live updates off'
          : status === 'offline'
            ? 'Reconnecting…'
            : 'Signed out';
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs"
      data-testid="live-status"
      data-status={status}
      title="Changes from your other tabs and devices appear here automatically"
    >
      <span
        aria-hidden="true"
        className={`h-2 w-2 rounded-full ${status === 'live' ? 'bg-ok' : status === 'unavailable' ? 'bg-muted' : 'bg-warn'}`}
      />
      {label}
    </span>
  );
}

function EmptyState({
  title,
  body,
  hint,
  action,
}: {
  title: string;
  body: string;
  hint?: string;
  action?: { label: string; run: () => void };
}) {
  return (
    <div
      className="mt-6 rounded-2xl border border-dashed border-border px-6 py-12 text-center"
      data-testid="empty-state"
    >
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-muted">{body}</p>
      {hint ? <p className="mt-3 text-xs text-muted">{hint}</p> : null}
      {action ? (
        <button type="button" className="btn-ghost mt-4 border border-border" onClick={action.run}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div
      aria-hidden="true"
      className="hidden h-96 animate-pulse rounded-2xl border border-border bg-surface lg:sticky lg:top-20 lg:block"
    />
  );
}
