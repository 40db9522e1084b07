'use client';

import { useOnline } from './use-online';

/** What stands between the person and saving: being offline, or a list that could not load (with a retry). */
export function BoardBanners({ loadError, onRetry }: { loadError: string | null; onRetry: () => void }) {
  const online = useOnline();
  return (
    <>
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
          <button type="button" className="btn-ghost" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}
