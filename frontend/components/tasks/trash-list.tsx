'use client';

import type { Schemas } from '@todo/openapi';
import { useState } from 'react';
import { problemMessage } from '@/lib/api/problem';
import { formatWhen } from '@/lib/tasks/dates';
import { Icon } from '@/components/ui/icons';
import { useToasts } from '@/components/ui/toaster';
import { useMutation } from '@/components/use-mutation';
import { EmptyState } from './empty-state';

type TrashedTask = Schemas['TrashedTask'];

/** Days (rounded up) until an instant: "in 3 days" reads better than a date for the near future. */
function erasesLabel(iso: string, now: Date): string {
  const days = Math.ceil((Date.parse(iso) - now.getTime()) / 86_400_000);
  if (days <= 1) return 'Erased for good within a day';
  return `Erased for good in ${days} days (${formatWhen(iso, now)})`;
}

export function TrashList({ initial }: { initial: TrashedTask[] }) {
  const [items, setItems] = useState(initial);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [confirmingEmpty, setConfirmingEmpty] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const toasts = useToasts();
  const mutate = useMutation();
  const now = new Date();

  const emptyTrash = async () => {
    setConfirmingEmpty(false);
    const before = items;
    const result = await mutate({
      apply: () => {
        setItems([]);
        return () => setItems(before);
      },
      send: (api) => api.DELETE('/api/v1/trash'),
      refused: ({ error }) => `Could not empty the trash: ${problemMessage(error)}`,
    });
    if (!result.ok) return;
    setAnnouncement(`Erased ${before.length === 1 ? '1 task' : `${before.length} tasks`} for good.`);
  };

  const act = async (task: TrashedTask, kind: 'restore' | 'erase') => {
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
          body="Deleted tasks wait here for a while (each says until when), so you can change your mind."
        />
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center justify-end gap-2">
            {confirmingEmpty ? (
              <div
                role="group"
                aria-label="Empty the trash?"
                className="flex flex-wrap items-center gap-2"
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setConfirmingEmpty(false);
                }}
              >
                <p className="text-sm">
                  Erase all {items.length === 1 ? '1 task' : `${items.length} tasks`} for good? This cannot be
                  undone.
                </p>
                <button type="button" className="btn-danger" autoFocus onClick={() => void emptyTrash()}>
                  Yes, empty the trash
                </button>
                <button
                  type="button"
                  className="btn-ghost border border-border"
                  onClick={() => setConfirmingEmpty(false)}
                >
                  Cancel
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="btn-ghost text-danger"
                onClick={() => setConfirmingEmpty(true)}
              >
                <Icon name="trash" /> Empty trash
              </button>
            )}
          </div>
          <ul className="space-y-2" aria-label="Trashed tasks" data-testid="trash-list">
            {items.map((t) => (
              <li
                key={t.id}
                data-testid="trash-row"
                className="flex flex-wrap items-center gap-3 rounded-xl border border-border bg-surface px-4 py-2"
              >
                <div className="min-w-0 flex-1 py-2">
                  <p className="break-words" dir="auto">
                    {t.title}
                  </p>
                  <p className="text-xs text-muted" data-testid="erases-at">
                    {erasesLabel(t.erasesAt, now)} · trashed {formatWhen(t.trashedAt, now)}
                  </p>
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
        </>
      )}
    </>
  );
}
