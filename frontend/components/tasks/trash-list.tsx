'use client';

import type { Task } from '@todo/openapi';
import { useState } from 'react';
import { problemMessage } from '@/lib/api/problem';
import { formatWhen } from '@/lib/tasks/dates';
import { Icon } from '@/components/ui/icons';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';
import { EmptyState } from './empty-state';

export function TrashList({ initial }: { initial: Task[] }) {
  const [items, setItems] = useState(initial);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const toasts = useToasts();
  const mutate = useMutation();
  const now = new Date();

  const act = async (task: Task, kind: 'restore' | 'erase') => {
    setConfirming(null);
    const result = await mutate({
      apply: () => {
        setItems((all) => all.filter((t) => t.id !== task.id));
        return () => setItems((all) => [task, ...all]);
      },
      send: (api) =>
        kind === 'restore'
          ? api.POST('/api/v1/trash/{id}/restore', { params: { path: { id: task.id } } })
          : api.DELETE('/api/v1/trash/{id}', { params: { path: { id: task.id } } }),
      refused: ({ error }) => problemMessage(error),
    });
    if (!result.ok) return;
    setAnnouncement(
      kind === 'restore'
        ? `Restored “${task.title}”. It is back on your list.`
        : `Erased “${task.title}” for good.`,
    );
    if (kind === 'restore') toasts.show({ message: `Restored “${task.title}”.`, tone: 'success' });
  };

  return (
    <>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {items.length === 0 ? (
        <EmptyState
          className=""
          title="The trash is empty"
          body="Deleted tasks wait here for 30 days, so you can always change your mind."
        />
      ) : (
        <ul className="space-y-2" aria-label="Trashed tasks" data-testid="trash-list">
          {items.map((t) => (
            <li
              key={t.id}
              data-testid="trash-row"
              className="flex flex-wrap items-center gap-3 rounded-xl border border-border bg-surface px-4 py-2"
            >
              <div className="min-w-0 flex-1 py-2">
                <p className="break-words">{t.title}</p>
                <p className="text-xs text-muted">Last changed {formatWhen(t.updatedAt, now)}</p>
              </div>
              <button
                type="button"
                className="btn-ghost border border-border"
                onClick={() => void act(t, 'restore')}
                aria-label={`Restore “${t.title}”`}
              >
                <Icon name="restore" /> Restore
              </button>
              {confirming === t.id ? (
                <button
                  type="button"
                  autoFocus
                  className="btn-danger"
                  onClick={() => void act(t, 'erase')}
                  onBlur={() => setConfirming(null)}
                >
                  Erase forever?
                </button>
              ) : (
                <button
                  type="button"
                  className="btn-ghost text-danger"
                  onClick={() => setConfirming(t.id)}
                  aria-label={`Erase “${t.title}” for good`}
                >
                  <Icon name="trash" /> Erase
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
