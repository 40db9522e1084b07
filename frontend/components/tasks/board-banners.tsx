'use client';

import { useOnline } from './use-online';
import type { StaleCopy } from './use-tasks';

interface Props {
  loadError: string | null;
  /** Set while the board shows the copy kept in this browser because the API could not be reached. */
  stale?: StaleCopy | null;
  onRetry: () => void;
}

/** What stands between the person and saving: being offline, the API away, or a list that could not load. */
export function BoardBanners({ loadError, stale = null, onRetry }: Props) {
  const online = useOnline();
  return (
    <>
      {!online ? (
        <p
          role="status"
          className="mb-4 rounded-xl bg-warn-soft px-4 py-3 text-sm text-warn"
          data-testid="offline-banner"
        >
          You are offline. What you change now is kept on this device and saved when you are back online.
        </p>
      ) : null}
      {stale ? (
        <div
          role="status"
          className="mb-4 flex items-center justify-between gap-3 rounded-xl bg-warn-soft px-4 py-3 text-sm text-warn"
          data-testid="outage-banner"
        >
          <span>
            The server can’t be reached right now.{' '}
            {stale.savedAt
              ? `These are your tasks as this browser last saw them (${savedAtLabel(stale.savedAt)}), read-only until it is back.`
              : 'This browser has no copy of your tasks to show.'}{' '}
            This page reconnects by itself.
          </span>
          <button type="button" className="btn-ghost shrink-0" onClick={onRetry}>
            Try now
          </button>
        </div>
      ) : loadError ? (
        <div
          role="alert"
          className="mb-4 flex items-center justify-between gap-3 rounded-xl bg-danger-soft px-4 py-3 text-sm text-danger"
        >
          <span>{loadError}</span>
          <button type="button" className="btn-ghost" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}

function savedAtLabel(iso: string): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return at.toLocaleString(
    undefined,
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
  );
}
