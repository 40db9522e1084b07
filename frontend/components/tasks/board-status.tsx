'use client';

import { isFiltered, type BoardFilter } from '@/lib/tasks/filters';
import type { LiveStatus } from '@/lib/tasks/sse';
import { Icon } from '@/components/ui/icons';

interface Props {
  loaded: boolean;
  shown: number;
  /** More tasks than shown: the API has further pages, read as the list is scrolled. */
  more?: boolean;
  filter: BoardFilter;
  live: LiveStatus;
  onHelp: () => void;
}

/** The line above the list: how many tasks show, whether live updates flow, and the shortcuts button. */
export function BoardStatus({ loaded, shown, more = false, filter, live, onHelp }: Props) {
  return (
    <div className="mt-5 flex items-center justify-between text-sm text-muted">
      <p aria-live="polite" data-testid="result-count">
        {loaded
          ? `${resultCount(shown, isFiltered(filter) && !(filter.status === 'all' && !narrowed(filter)))}${more ? ' so far, more as you scroll' : ''}`
          : 'Loading tasks…'}
      </p>
      <div className="flex items-center gap-2">
        <LiveBadge status={live} />
        <button
          type="button"
          className="btn-ghost min-h-11 min-w-11 px-2 text-muted"
          onClick={onHelp}
          aria-label="Keyboard shortcuts"
        >
          <Icon name="keyboard" /> <span className="hidden sm:inline">?</span>
        </button>
      </div>
    </div>
  );
}

/** "1 task", "2 tasks"; with a filter on, "1 task matches", "2 tasks match". */
export function resultCount(shown: number, filtered: boolean): string {
  const n = shown.toLocaleString('en');
  if (!filtered) return `${n} ${shown === 1 ? 'task' : 'tasks'}`;
  return shown === 1 ? '1 task matches' : `${n} tasks match`;
}

/** Filters that hide tasks beyond the status tabs. */
function narrowed(f: BoardFilter): boolean {
  return f.view !== 'inbox' || f.priority !== null || f.tag !== null || f.due !== null || f.q.trim() !== '';
}

const LIVE_LABEL: Record<LiveStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  unavailable: 'Live updates off',
  offline: 'Reconnecting…',
  unauthorised: 'Signed out',
};

function LiveBadge({ status }: { status: LiveStatus }) {
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
      {LIVE_LABEL[status]}
    </span>
  );
}
