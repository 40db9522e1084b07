'use client';

import { useCallback, useEffect, useState } from 'react';
import { filterToParams, type BoardFilter } from '@/lib/tasks/filters';

/** The board's filter and open task, kept in step with the URL (bookmarkable, survives reloads). */
export function useBoardUrlState(initialFilter: BoardFilter, initialOpenId?: string) {
  const [filter, setFilter] = useState<BoardFilter>(initialFilter);
  const [openId, setOpenId] = useState<string | null>(initialOpenId ?? null);

  useEffect(() => {
    const qs = filterToParams(filter).toString();
    const path = openId && !openId.startsWith('temp-') ? `/tasks/${openId}` : '/tasks';
    const url = `${path}${qs ? `?${qs}` : ''}`;
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, '', url);
  }, [filter, openId]);

  const changeFilter = useCallback((f: Partial<BoardFilter>) => setFilter((cur) => ({ ...cur, ...f })), []);

  return { filter, setFilter, changeFilter, openId, setOpenId };
}
