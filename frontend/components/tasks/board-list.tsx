'use client';

import { lazy, Suspense, useEffect, useRef } from 'react';
import { canChangeTask } from '@/lib/projects/roles';
import type { BoardFilter } from '@/lib/tasks/filters';
import { EmptyState } from './empty-state';
import { TaskRow, type TaskRowHandlers } from './task-row';
import type { ListItem, RenderLine } from './list-item';

// Only a list longer than VIRTUAL_FROM needs it, and the first page never is: not part of the first load.
const VirtualLines = lazy(() => import('./virtual-lines'));

/** Above this many lines only those near the screen are in the page (10,000 tasks stay smooth). */
const VIRTUAL_FROM = 200;
/** How close (px) the end of the list may come to the screen before the next page is read. */
const READ_MORE_WITHIN = 1200;

interface Props extends TaskRowHandlers {
  loaded: boolean;
  /** How many tasks the person has at all (an empty board and an over-filtered one say different things). */
  total: number;
  items: ListItem[];
  filter: BoardFilter;
  now: Date;
  selectedId: string | null;
  editingId: string | null;
  /** A task just added here: highlighted where it landed. */
  addedId: string | null;
  /** The API has more pages for what the list shows; `onNearEnd` asks for the next as the end comes near. */
  hasMore: boolean;
  onNearEnd: () => void;
  onClearFilters: () => void;
  /** Projects the person only views: their tasks' rows are read-only. */
  viewerOf: ReadonlySet<string>;
}

/** The task list, or what stands in for it: a skeleton while loading, a first-run or a no-match message. */
export function BoardList({
  loaded,
  total,
  items,
  filter,
  now,
  selectedId,
  editingId,
  addedId,
  hasMore,
  onNearEnd,
  onClearFilters,
  viewerOf,
  ...handlers
}: Props) {
  if (!loaded || (items.length === 0 && hasMore)) {
    return (
      <ul className="mt-3 space-y-2" aria-hidden="true" data-testid="skeleton">
        {Array.from({ length: 5 }, (_, i) => (
          <li key={i} className="h-16 animate-pulse rounded-xl bg-surface-2" />
        ))}
      </ul>
    );
  }
  if (total === 0 && filter.view === 'inbox') {
    return (
      <EmptyState
        title="A clear list. Nice."
        body="Add your first task above. Use #tags and !high for quick labels, open a task to set a due date, a reminder or make it repeat."
        hint="Press n to add from anywhere, ? for every shortcut."
      />
    );
  }
  if (items.length === 0) {
    return (
      <EmptyState
        title={emptyTitle(filter)}
        body={
          filter.q
            ? `Nothing matches “${filter.q}” with these filters.`
            : filter.view === 'inbox'
              ? 'Try another filter, or clear them to see everything.'
              : 'Tasks with a due date in this range show up here.'
        }
        action={{ label: 'Clear filters', run: onClearFilters }}
      />
    );
  }
  return (
    <Lines
      items={items}
      now={now}
      selectedId={selectedId}
      editingId={editingId}
      addedId={addedId}
      hasMore={hasMore}
      onNearEnd={onNearEnd}
      viewerOf={viewerOf}
      handlers={handlers}
    />
  );
}

function emptyTitle(filter: BoardFilter) {
  if (filter.view === 'today' && !filter.q) return 'Nothing due today';
  if (filter.view === 'upcoming' && !filter.q) return 'Nothing due in the next 7 days';
  if (filter.view === 'assigned' && !filter.q) return 'Nothing assigned to you';
  return filter.status === 'completed' && !filter.q ? 'Nothing done yet' : 'No tasks match';
}

interface LinesProps {
  items: ListItem[];
  now: Date;
  selectedId: string | null;
  editingId: string | null;
  addedId: string | null;
  hasMore: boolean;
  onNearEnd: () => void;
  viewerOf: ReadonlySet<string>;
  handlers: TaskRowHandlers;
}

function Lines({
  items,
  now,
  selectedId,
  editingId,
  addedId,
  hasMore,
  onNearEnd,
  viewerOf,
  handlers,
}: LinesProps) {
  const endRef = useRef<HTMLDivElement>(null);
  const virtual = items.length > VIRTUAL_FROM;

  // The next page is read when the end of the list comes within reach of the screen, and again after each
  // page while it still is (a narrow search may match few tasks per page).
  useEffect(() => {
    const end = endRef.current;
    if (!hasMore || !end) return;
    if (end.getBoundingClientRect().top < window.innerHeight + READ_MORE_WITHIN) onNearEnd();
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && onNearEnd(),
      { rootMargin: `0px 0px ${READ_MORE_WITHIN}px 0px` },
    );
    observer.observe(end);
    return () => observer.disconnect();
  }, [hasMore, onNearEnd, items.length]);

  const indexOf = (id: string | null) =>
    id ? items.findIndex((item) => item.kind === 'task' && item.task.id === id) : -1;
  const selectedIndex = indexOf(selectedId);
  // Roving tabindex: the list is one Tab stop (the selected row, else the first); arrows move within it.
  const firstTask = items.find((item) => item.kind === 'task');
  const tabStopId = selectedIndex >= 0 ? selectedId : firstTask?.kind === 'task' ? firstTask.task.id : null;
  const line: RenderLine = (item, index, measureRef) =>
    item.kind === 'heading' ? (
      <li key={item.key} data-index={index} ref={measureRef} className="px-1 pt-3 first:pt-0">
        <h2 className="text-sm font-semibold text-muted">{item.label}</h2>
      </li>
    ) : (
      <TaskRow
        key={item.task.id}
        index={index}
        measureRef={measureRef}
        task={item.task}
        now={now}
        selected={item.task.id === selectedId}
        tabStop={item.task.id === tabStopId}
        editing={item.task.id === editingId}
        justAdded={item.task.id === addedId}
        readOnly={!canChangeTask(item.task, viewerOf)}
        {...handlers}
      />
    );

  const plain = (
    <ul className="mt-3 flex flex-col gap-2" aria-label="Tasks" data-testid="task-list">
      {items.map((item, i) => line(item, i))}
    </ul>
  );
  return (
    <>
      {virtual ? (
        <Suspense fallback={plain}>
          <VirtualLines
            items={items}
            renderLine={line}
            selectedIndex={selectedIndex}
            addedIndex={indexOf(addedId)}
          />
        </Suspense>
      ) : (
        plain
      )}
      <div ref={endRef} className="py-3 text-center text-sm text-muted" data-testid="list-end">
        {hasMore ? 'Loading more tasks…' : null}
      </div>
    </>
  );
}
