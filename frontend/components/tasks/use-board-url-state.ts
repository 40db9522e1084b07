'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { filterToParams, type BoardFilter } from '@/lib/tasks/filters';

/** Marks a history entry this board pushed for an open task (Next keeps our keys beside its own). */
const DETAIL_ENTRY = 'todoDetail';

function urlFor(filter: BoardFilter, openId: string | null): string {
  const qs = filterToParams(filter).toString();
  const path = openId && !openId.startsWith('temp-') ? `/tasks/${openId}` : '/tasks';
  return `${path}${qs ? `?${qs}` : ''}`;
}

function openIdIn(pathname: string): string | null {
  const m = /^\/tasks\/([^/]+)$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/**
 * The board's filter and open task, kept in step with the URL (bookmarkable, survives reloads). Opening a task
 * adds a history entry, so Back (a phone's back gesture above all) closes the detail instead of leaving the
 * board; closing it with ✕ or Esc goes back over that entry. Filters replace the entry they are in.
 */
export function useBoardUrlState(initialFilter: BoardFilter, initialOpenId?: string) {
  const [filter, setFilter] = useState<BoardFilter>(initialFilter);
  const [openId, setOpenIdState] = useState<string | null>(initialOpenId ?? null);
  const current = useRef({ filter, openId });
  // Whether the current history entry is one we pushed for the open task; and a Back of ours in flight.
  const pushed = useRef(false);
  const goingBack = useRef(false);

  useEffect(() => {
    current.current = { filter, openId };
    if (goingBack.current) return;
    const url = urlFor(filter, openId);
    if (url !== window.location.pathname + window.location.search)
      window.history.replaceState(pushed.current ? { [DETAIL_ENTRY]: true } : null, '', url);
  }, [filter, openId]);

  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      goingBack.current = false;
      const id = openIdIn(window.location.pathname);
      pushed.current = Boolean(id && (e.state as Record<string, unknown> | null)?.[DETAIL_ENTRY]);
      setOpenIdState(id);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const setOpenId = useCallback((id: string | null) => {
    const { filter: f, openId: was } = current.current;
    if (id && !was) {
      window.history.pushState({ [DETAIL_ENTRY]: true }, '', urlFor(f, id));
      pushed.current = true;
    } else if (!id && was && pushed.current) {
      pushed.current = false;
      goingBack.current = true;
      window.history.back();
    }
    current.current = { filter: f, openId: id };
    setOpenIdState(id);
  }, []);

  const changeFilter = useCallback((f: Partial<BoardFilter>) => setFilter((cur) => ({ ...cur, ...f })), []);

  return { filter, setFilter, changeFilter, openId, setOpenId };
}
