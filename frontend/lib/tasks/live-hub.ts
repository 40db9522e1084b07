/**
 * One live stream per tab, shared by whoever listens: the board, the project page and the sidebar's open counts.
 * The stream opens with the first listener and closes shortly after the last leaves, so a navigation from the
 * board to a project (one listener leaving, the next arriving) keeps the same connection and its Last-Event-ID.
 */
import { connectLive, type LiveStatus, type TaskEvent } from './sse';

export interface LiveListener {
  onEvent?: (e: TaskEvent) => void;
  /** After a reconnect: events may have been missed, so read again. */
  onResync?: () => void;
  onStatus?: (s: LiveStatus) => void;
}

const URL = '/api/v1/tasks/events';
/** How long the stream stays open without listeners (a route change unmounts one page before the next mounts). */
const LINGER_MS = 5000;

const listeners = new Set<LiveListener>();
let stop: (() => void) | null = null;
let status: LiveStatus = 'connecting';
let closeTimer: ReturnType<typeof setTimeout> | null = null;

function open() {
  stop = connectLive({
    url: URL,
    onEvent: (e) => listeners.forEach((l) => l.onEvent?.(e)),
    onResync: () => listeners.forEach((l) => l.onResync?.()),
    onStatus: (s) => {
      status = s;
      listeners.forEach((l) => l.onStatus?.(s));
    },
  });
}

/** Listens to the tab's stream (opening it if needed); returns the function that stops listening. */
export function subscribeLive(listener: LiveListener): () => void {
  listeners.add(listener);
  if (closeTimer) {
    clearTimeout(closeTimer);
    closeTimer = null;
  }
  if (!stop) open();
  else listener.onStatus?.(status);
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    closeTimer = setTimeout(() => {
      closeTimer = null;
      if (listeners.size > 0) return;
      stop?.();
      stop = null;
      status = 'connecting';
    }, LINGER_MS);
  };
}
