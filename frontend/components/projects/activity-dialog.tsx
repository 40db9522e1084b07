'use client';

import type { Schemas } from '@todo/openapi';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { browserApi } from '@/lib/api/browser';
import { describeActivity } from '@/lib/projects/activity';
import { formatWhen } from '@/lib/tasks/dates';

type Entry = Schemas['ActivityEntry'];

interface Props {
  projectId: string;
  projectName: string;
  /** The title of a task the page holds, to name it in an entry (entries carry only its id). */
  titleOf: (taskId: string) => string | undefined;
  onClose: () => void;
}

const PAGE = 50;

/** The project's activity, newest first, a page at a time: who changed what, and from what to what. */
export default function ActivityDialog({ projectId, projectName, titleOf, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [state, setState] = useState<'loading' | 'idle' | 'failed'>('loading');

  /** Reads a page; its state changes only after the answer (the caller shows "loading" when it asks again). */
  const fetchPage = useCallback(
    async (after: string | undefined) => {
      try {
        const api = await browserApi();
        const { data } = await api.GET('/api/v1/projects/{id}/activity', {
          params: { path: { id: projectId }, query: { limit: PAGE, ...(after ? { cursor: after } : {}) } },
        });
        if (!data) throw new Error('refused');
        setEntries((all) => (after ? [...all, ...data.items] : data.items));
        setCursor(data.nextCursor ?? null);
        setState('idle');
      } catch {
        setState('failed');
      }
    },
    [projectId],
  );

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // The first page, once (later pages on request).
  const first = useRef(false);
  useEffect(() => {
    if (first.current) return;
    first.current = true;
    void (async () => {
      await fetchPage(undefined);
    })();
  }, [fetchPage]);

  const load = (after: string | undefined) => {
    setState('loading');
    void fetchPage(after);
  };

  const now = new Date();
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      className="m-auto max-h-[min(40rem,calc(100vh-2rem))] w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-border bg-surface p-6 text-fg shadow-xl backdrop:bg-black/40"
    >
      <div className="mb-4 flex items-center gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Activity in {projectName}
        </h2>
        <button type="button" className="btn-ghost ml-auto" onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
      {entries.length === 0 && state === 'idle' && (
        <p className="text-sm text-muted">Nothing has happened yet.</p>
      )}
      <ol className="space-y-2" aria-busy={state === 'loading'}>
        {entries.map((entry) => (
          <li key={entry.id} className="text-sm">
            <span className="font-medium">{entry.actor.name}</span> {describeActivity(entry, titleOf)}
            <time className="ml-2 text-xs text-muted" dateTime={entry.at}>
              {formatWhen(entry.at, now)}
            </time>
          </li>
        ))}
      </ol>
      <div className="mt-4" aria-live="polite">
        {state === 'loading' && <p className="text-sm text-muted">Loading…</p>}
        {state === 'failed' && (
          <p className="text-sm text-danger">
            The activity could not be loaded.{' '}
            <button type="button" className="underline" onClick={() => load(cursor ?? undefined)}>
              Try again
            </button>
          </p>
        )}
        {state === 'idle' && cursor && (
          <button type="button" className="btn-ghost" onClick={() => load(cursor)}>
            Show older
          </button>
        )}
      </div>
    </dialog>
  );
}
