'use client';

import type { Task } from '@todo/openapi';
import { useCallback, useEffect, useRef, useState } from 'react';
import { matchesFilter, type BoardFilter } from '@/lib/tasks/filters';
import { useToasts } from '@/components/ui/toaster';

/** How long a just-added task is highlighted where it landed (the highlight fades over this time). */
const ADDED_HIGHLIGHT_MS = 2500;

interface Options {
  filter: BoardFilter;
  now: Date;
  /** Whether the list has read as far as the task (false: it sorts below the pages read so far). */
  isReached: (task: Task) => boolean;
  /** Clears the filters that hide a task (keeping the sort). */
  showAll: () => void;
  select: (id: string) => void;
}

/**
 * A task added here lands where the sort puts it, maybe far down, or outside the filters: the board shows
 * where it went. In view of the filters its row is scrolled to (when out of sight) and highlighted; otherwise
 * a toast says so and its Show clears the filters and takes the person to it.
 */
export function useAddedTask(options: Options) {
  const [addedId, setAddedId] = useState<string | null>(null);
  const toasts = useToasts();
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const onAdded = useCallback(
    (t: Task) => {
      const { filter, now, isReached } = latest.current;
      if (matchesFilter(t, filter, now)) {
        if (isReached(t)) return setAddedId(t.id);
        return void toasts.show({
          message: `Added “${t.title}”. It is further down the list than the tasks read so far.`,
        });
      }
      toasts.show({
        message: `Added “${t.title}”. The current filters hide it.`,
        action: {
          label: 'Show',
          run: () => {
            latest.current.showAll();
            setAddedId(t.id);
            latest.current.select(t.id);
          },
        },
      });
    },
    [toasts],
  );

  useEffect(() => {
    if (!addedId) return;
    const row = document.querySelector<HTMLElement>(`[data-task-id="${addedId}"]`);
    if (row) {
      const { top, bottom } = row.getBoundingClientRect();
      if (top < 0 || bottom > window.innerHeight) row.scrollIntoView({ block: 'center' });
    }
    const timer = setTimeout(() => setAddedId(null), ADDED_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [addedId]);

  return { addedId, onAdded };
}
