'use client';

import type { Task } from '@todo/openapi';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAppKeyboard } from '@/components/keyboard/app-keyboard';
import {
  defaultFilter,
  listSegments,
  reachedUntil,
  sortIn,
  tagsInUse,
  visibleTasks,
  visibleTasksHolding,
  type BoardFilter,
} from '@/lib/tasks/filters';
import { groupByDay } from '@/lib/tasks/dates';
import { canChangeTask } from '@/lib/projects/roles';
import { BoardBanners } from './board-banners';
import { BoardList } from './board-list';
import type { ListItem } from './list-item';
import { BoardStatus } from './board-status';
import { FilterBar } from './filter-bar';
import { QuickAdd } from './quick-add';
import { useBoardShortcuts } from './use-board-shortcuts';
import { useBoardUrlState } from './use-board-url-state';
import { useNow } from './use-now';
import type { TaskDetailHandle } from './task-detail';
import { useAddedTask } from './use-added-task';
import { useViewerProjects } from './use-viewer-projects';
import { useTasks } from './use-tasks';
import { useCreateWhere } from './use-create-where';

// Not needed for the first paint: each is downloaded when it is first shown (the detail panel is still
// server-rendered when the page is /tasks/<id>). React.lazy rather than next/dynamic: the latter's own
// runtime (~2.6 kB gzip) would be part of the board's first load.
const TaskDetail = lazy(() => import('./task-detail').then((m) => ({ default: m.TaskDetail })));
const Reminders = lazy(() => import('./reminders'));

/** How long a just-completed task stays, ticked, in a view it no longer belongs to. */
const COMPLETED_HOLD_MS = 1500;

interface Props {
  /** The first page of the initial filter's query (null: the client reads it). */
  initialTasks: Task[] | null;
  /** That page's `nextCursor`. */
  initialCursor?: string | null;
  initialFilter: BoardFilter;
  initialOpenId?: string;
  /** Whose copy and outbox this browser keeps (see useTasks). */
  userId?: string | null;
  /** The page was rendered while the API could not be reached. */
  serverUnavailable?: boolean;
}

/** The task board: composes the store, URL state, shortcuts and the pieces of the page. */
export function Board({
  initialTasks,
  initialCursor,
  initialFilter,
  initialOpenId,
  userId,
  serverUnavailable,
}: Props) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const {
    filter: urlFilter,
    setFilter,
    changeFilter,
    openId,
    setOpenId,
  } = useBoardUrlState(initialFilter, initialOpenId);
  // The Assigned view matches tasks that arrive live against the signed-in person.
  const filter = useMemo(
    () => (urlFilter.view === 'assigned' ? { ...urlFilter, me: userId ?? null } : urlFilter),
    [urlFilter, userId],
  );
  const now = useNow();
  // Set below, once the pages read are known; a task added here is shown where it landed only if reached.
  const reachedRef = useRef<(task: Task) => boolean>(() => true);
  const { addedId, onAdded } = useAddedTask({
    filter,
    now,
    isReached: (task) => reachedRef.current(task),
    showAll: () => setFilter({ ...defaultFilter, view: filter.view, sort: filter.sort }),
    select: setSelectedId,
  });
  const query = useMemo(() => listSegments(filter, now), [filter, now]);
  const {
    state,
    pages,
    loadMore,
    stale,
    loadError,
    live,
    conflict,
    setConflict,
    announcement,
    loadAll,
    create,
    update,
    saveEdit,
    complete,
    trash,
    undoLast,
  } = useTasks(initialTasks, setSelectedId, {
    userId,
    serverUnavailable,
    onAdded,
    query,
    initialCursor,
  });
  const createWhere = useCreateWhere(create);
  // Tasks of projects the person only views are shown read-only: rows, shortcuts and the detail change nothing.
  const viewerOf = useViewerProjects();
  const changeable = useCallback((t: Task) => canChangeTask(t, viewerOf), [viewerOf]);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  // Just-completed tasks as they were before, kept in place for a moment (see COMPLETED_HOLD_MS).
  const [held, setHeld] = useState<ReadonlyMap<string, Task>>(() => new Map());
  const quickRef = useRef<HTMLInputElement>(null);
  const detailRef = useRef<TaskDetailHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const keyboard = useAppKeyboard();

  const all = useMemo(() => Object.values(state.byId), [state.byId]);
  // What the store holds of this view, cut at the last task the API's pages have given so far: beyond it the
  // store may hold some tasks but not all, so they wait for the next page.
  const reached = useMemo(
    () => reachedUntil(sortIn(filter), pages.done ? null : pages.last),
    [filter, pages.done, pages.last],
  );
  useEffect(() => {
    reachedRef.current = reached;
  }, [reached]);
  const visible = useMemo(
    () => visibleTasksHolding(all, filter, now, held).filter(reached),
    [all, filter, now, held, reached],
  );
  const items = useMemo<ListItem[]>(
    () =>
      filter.view === 'upcoming'
        ? groupByDay(visible, now).flatMap(({ key, label, tasks }) => [
            { kind: 'heading' as const, key, label },
            ...tasks.map((task) => ({ kind: 'task' as const, task })),
          ])
        : visible.map((task) => ({ kind: 'task' as const, task })),
    [visible, filter.view, now],
  );
  const tags = useMemo(() => tagsInUse(all), [all]);
  const hasReminders = useMemo(() => all.some((t) => t.remindAt && !t.completed), [all]);
  const openTask = openId ? state.byId[openId] : undefined;

  // An open panel saves what waits before it closes or gives way to another task; it stays open instead when
  // that save met someone else's change, to show both versions.
  const flushDetail = useCallback(async () => (detailRef.current ? detailRef.current.flush() : true), []);
  const open = useCallback(
    async (id: string) => {
      if (openId && openId !== id && !(await flushDetail())) return;
      setSelectedId(id);
      setOpenId(id);
    },
    [openId, setOpenId, flushDetail],
  );
  const closeDetail = useCallback(async () => {
    const id = openId;
    if (!(await flushDetail())) return;
    setOpenId(null);
    setConflict(null);
    if (id)
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task-id="${id}"]`)?.focus());
  }, [openId, setOpenId, setConflict, flushDetail]);

  const toggle = useCallback(
    (t: Task) => {
      if (!changeable(t)) return;
      if (t.completed) return void update(t, { completed: false });
      const leavesView = visibleTasks([{ ...t, completed: true }], filter, now).length === 0;
      if (leavesView) {
        // Focus goes on to the next row (the previous one for the last) while this one shows its tick.
        const idx = visible.findIndex((v) => v.id === t.id);
        const next = visible[idx + 1] ?? visible[idx - 1];
        if (next) setSelectedId(next.id);
        setHeld((h) => new Map(h).set(t.id, t));
        setTimeout(
          () =>
            setHeld((h) => {
              const rest = new Map(h);
              rest.delete(t.id);
              return rest;
            }),
          COMPLETED_HOLD_MS,
        );
      }
      void complete(t);
    },
    [update, complete, filter, now, visible, changeable],
  );
  const rename = useCallback(
    (t: Task, title: string) => {
      setEditingId(null);
      if (changeable(t)) void update(t, { title });
    },
    [update, changeable],
  );
  const startEdit = useCallback(
    (id: string | null) => {
      const t = id ? state.byId[id] : undefined;
      if (!t || changeable(t)) setEditingId(id);
    },
    [state.byId, changeable],
  );
  const trashTask = useCallback(
    (t: Task) => {
      if (!changeable(t)) return;
      const idx = visible.findIndex((v) => v.id === t.id);
      const next = visible[idx + 1] ?? visible[idx - 1];
      setSelectedId(next?.id ?? null);
      if (openId === t.id) setOpenId(null);
      void trash(t);
    },
    [visible, openId, setOpenId, trash, changeable],
  );

  // The list is one Tab stop: the selected row, else the first. Esc in quick add or search comes back to it.
  const focusList = useCallback(() => {
    const id = visible.some((t) => t.id === selectedId) ? selectedId : visible[0]?.id;
    if (!id) return;
    setSelectedId(id);
    document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(id)}"]`)?.focus();
  }, [visible, selectedId]);

  // On a phone the search is folded away with the other filters: unfold them first.
  const focusSearch = useCallback(() => {
    setFiltersOpen(true);
    requestAnimationFrame(() => searchRef.current?.focus());
  }, []);

  // `n` and the command palette reach the quick add and search from any page through the app's keyboard.
  const { registerBoard } = keyboard;
  useEffect(() => {
    registerBoard({
      focusQuickAdd: () => quickRef.current?.focus(),
      focusSearch,
    });
    return () => registerBoard(null);
  }, [registerBoard, focusSearch]);

  useBoardShortcuts({
    visible,
    selectedId,
    openId,
    select: setSelectedId,
    focusSearch,
    returnsToList: (target) => target === quickRef.current || target === searchRef.current,
    focusList,
    toggle,
    startEdit,
    open: (id) => void open(id),
    trash: trashTask,
    undo: undoLast,
    closeDetail: () => void closeDetail(),
  });

  return (
    <div
      className={`mx-auto grid max-w-6xl gap-6 px-4 pb-24 sm:px-6 ${openTask ? 'lg:grid-cols-[minmax(0,1fr)_24rem]' : ''}`}
    >
      <div className="min-w-0">
        <BoardBanners loadError={loadError} stale={stale} onRetry={() => void loadAll()} />
        {/* A copy shown while the API is away is read-only (rows disable their own actions then). */}
        <fieldset disabled={Boolean(stale)} className="contents">
          <QuickAdd inputRef={quickRef} onCreate={createWhere} />
        </fieldset>
        <FilterBar
          filter={filter}
          tags={tags}
          onChange={changeFilter}
          searchRef={searchRef}
          open={filtersOpen}
          onOpenChange={setFiltersOpen}
        />
        <BoardStatus
          loaded={state.loaded}
          shown={visible.length}
          more={!pages.done}
          filter={filter}
          live={live}
          onHelp={keyboard.showHelp}
        />
        <BoardList
          loaded={state.loaded}
          total={all.length}
          items={items}
          hasMore={!pages.done}
          onNearEnd={loadMore}
          filter={filter}
          now={now}
          selectedId={selectedId}
          editingId={editingId}
          addedId={addedId}
          onSelect={setSelectedId}
          onToggle={toggle}
          onOpen={(id) => void open(id)}
          onTrash={trashTask}
          onStartEdit={startEdit}
          onRename={rename}
          viewerOf={viewerOf}
          onClearFilters={() =>
            setFilter({
              ...defaultFilter,
              view: filter.view,
              status: filter.view === 'inbox' ? 'all' : 'active',
            })
          }
        />
        {hasReminders ? (
          <Suspense fallback={null}>
            <Reminders tasks={all} onOpen={(id) => void open(id)} />
          </Suspense>
        ) : null}
      </div>

      {openTask ? (
        <Suspense fallback={<DetailSkeleton />}>
          <TaskDetail
            ref={detailRef}
            key={openTask.id}
            task={openTask}
            userId={userId}
            allTags={tags}
            conflict={conflict?.taskId === openTask.id ? conflict.fresh : null}
            onSave={saveEdit}
            onClose={() => void closeDetail()}
            onTrash={trashTask}
            readOnly={!changeable(openTask)}
          />
        </Suspense>
      ) : null}

      <p className="sr-only" aria-live="polite" data-testid="announcer">
        {announcement}
      </p>
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
