'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { onOutboxChangedElsewhere, readOutbox, writeOutbox } from '@/lib/tasks/browser-copy';
import { enqueue, entryTaskId, isStuck, retryDelayMs, type OutboxEntry } from '@/lib/tasks/outbox';

/** What delivering one queued change came to. `refused`: the API said no (the deliverer has told the person). */
export type DeliveryOutcome = 'delivered' | 'unreachable' | 'refused';

export type QueuedState = 'retrying' | 'stuck';

/** What a row needs to show about the queue, published by the board's useTasks (one board per page). */
export interface OutboxView {
  stateOf: (taskId: string) => QueuedState | undefined;
  retry: () => void;
  /** The board shows the browser's copy: rows offer no changes. */
  readOnly: boolean;
}

const EMPTY_VIEW: OutboxView = { stateOf: () => undefined, retry: () => {}, readOnly: false };
let shownView = EMPTY_VIEW;
const viewListeners = new Set<() => void>();

/** Makes `view` what rows see (null: the board is gone). A store rather than a context: rows read it directly. */
export function publishOutboxView(view: OutboxView | null): void {
  shownView = view ?? EMPTY_VIEW;
  for (const listener of viewListeners) listener();
}

export function useOutboxView(): OutboxView {
  return useSyncExternalStore(
    (listener) => {
      viewListeners.add(listener);
      return () => viewListeners.delete(listener);
    },
    () => shownView,
    () => EMPTY_VIEW,
  );
}

/**
 * The queue of changes that could not reach the API, kept in this browser (see lib/tasks/browser-copy) and sent
 * again, in order, by `deliver`: when the browser comes back online, when the caller says the API is back (the
 * live stream reconnected), on a back-off timer, on "Retry", and on the next page load. Tabs share the queue; a
 * Web Lock keeps two of them from sending the same change at once.
 */
export function useOutbox(userId: string | null, deliver: (entry: OutboxEntry) => Promise<DeliveryOutcome>) {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const memory = useRef<OutboxEntry[]>([]);
  const deliverRef = useRef(deliver);
  useEffect(() => {
    deliverRef.current = deliver;
  });

  const load = useCallback(() => (userId ? readOutbox(userId) : memory.current), [userId]);
  const change = useCallback(
    (f: (entries: OutboxEntry[]) => OutboxEntry[]) => {
      const next = f(load());
      memory.current = next;
      if (userId) writeOutbox(userId, next);
      setEntries(next);
      return next;
    },
    [userId, load],
  );

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inProgress = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  /** Sends what waits, oldest first; resolves when the queue is empty or the API proved unreachable again. */
  const flush = useCallback((): Promise<void> => {
    if (inProgress.current) {
      again.current = true;
      return inProgress.current;
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const sendAll = async () => {
      for (;;) {
        const next = load()[0];
        if (!next) return;
        let outcome: DeliveryOutcome;
        try {
          outcome = await deliverRef.current(next);
        } catch {
          outcome = 'unreachable';
        }
        const same = (e: OutboxEntry) => entryTaskId(e) === entryTaskId(next) && e.kind === next.kind;
        if (outcome !== 'unreachable') {
          change((all) => all.filter((e) => !same(e)));
          continue;
        }
        // The API is away for all of them: each counts a failed attempt, and the timer tries again later.
        const left = change((all) => all.map((e) => ({ ...e, attempts: e.attempts + 1 })));
        timer.current = setTimeout(() => void flush(), retryDelayMs(left[0]?.attempts ?? 1));
        return;
      }
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run = (async () => {
      if (locks && userId) await locks.request(`todo-outbox:${userId}`, sendAll);
      else await sendAll();
    })().finally(() => {
      inProgress.current = null;
      if (again.current) {
        again.current = false;
        void flush();
      }
    });
    inProgress.current = run;
    return run;
  }, [userId, load, change]);

  /** Keeps a change whose first attempt could not reach the API, and schedules its retry. */
  const queue = useCallback(
    (entry: OutboxEntry) => {
      const next = change((all) => enqueue(all, entry));
      if (!timer.current && !inProgress.current) {
        timer.current = setTimeout(() => void flush(), retryDelayMs(next[0]?.attempts ?? 1));
      }
    },
    [change, flush],
  );

  const has = useCallback((taskId: string) => load().some((e) => entryTaskId(e) === taskId), [load]);

  // What an earlier visit (or another tab) left undelivered is sent as soon as this page is up.
  useEffect(() => {
    const stored = load();
    // Reading browser storage can only happen after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setEntries(stored);
    if (stored.length) void flush();
  }, [load, flush]);

  useEffect(() => {
    if (!userId) return;
    return onOutboxChangedElsewhere(userId, () => setEntries(readOutbox(userId)));
  }, [userId]);

  useEffect(() => {
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [flush]);

  const stateOf = useMemo(() => {
    const states = new Map(
      entries.map((e) => [entryTaskId(e), isStuck(e) ? ('stuck' as const) : ('retrying' as const)]),
    );
    return (taskId: string) => states.get(taskId);
  }, [entries]);

  return { entries, queue, flush, has, stateOf };
}
