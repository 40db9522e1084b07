'use client';

import type { Task } from '@todo/openapi';
import type { BoardFilter } from '@/lib/tasks/filters';
import { EmptyState } from './empty-state';
import { TaskRow, type TaskRowHandlers } from './task-row';

interface Props extends TaskRowHandlers {
  loaded: boolean;
  /** How many tasks the person has at all (an empty board and an over-filtered one say different things). */
  total: number;
  visible: Task[];
  filter: BoardFilter;
  now: Date;
  selectedId: string | null;
  editingId: string | null;
  /** A task just added here: highlighted where it landed. */
  addedId: string | null;
  onClearFilters: () => void;
}

/** The task list, or what stands in for it: a skeleton while loading, a first-run or a no-match message. */
export function BoardList({
  loaded,
  total,
  visible,
  filter,
  now,
  selectedId,
  editingId,
  addedId,
  onClearFilters,
  ...handlers
}: Props) {
  if (!loaded) {
    return (
      <ul className="mt-3 space-y-2" aria-hidden="true" data-testid="skeleton">
        {Array.from({ length: 5 }, (_, i) => (
          <li key={i} className="h-16 animate-pulse rounded-xl bg-surface-2" />
        ))}
      </ul>
    );
  }
  if (total === 0) {
    return (
      <EmptyState
        title="A clear list. Nice."
        body="Add your first task above. Use #tags and !high for quick labels, open a task to set a due date, a reminder or make it repeat."
        hint="Press n to add from anywhere, ? for every shortcut."
      />
    );
  }
  if (visible.length === 0) {
    return (
      <EmptyState
        title={filter.status === 'completed' && !filter.q ? 'Nothing done yet' : 'No tasks match'}
        body={
          filter.q
            ? `Nothing matches “${filter.q}” with these filters.`
            : 'Try another filter, or clear them to see everything.'
        }
        action={{ label: 'Clear filters', run: onClearFilters }}
      />
    );
  }
  // Roving tabindex: the list is one Tab stop (the selected row, else the first); arrows move within it.
  const tabStopId = visible.some((t) => t.id === selectedId) ? selectedId : visible[0]?.id;
  return (
    <ul className="mt-3 space-y-2" aria-label="Tasks" data-testid="task-list">
      {visible.map((t) => (
        <TaskRow
          key={t.id}
          task={t}
          now={now}
          selected={t.id === selectedId}
          tabStop={t.id === tabStopId}
          editing={t.id === editingId}
          justAdded={t.id === addedId}
          {...handlers}
        />
      ))}
    </ul>
  );
}
