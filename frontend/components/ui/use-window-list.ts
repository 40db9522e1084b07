'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';

interface Options {
  count: number;
  /** A row's height before it is measured. */
  estimate: number;
  gap?: number;
  overscan: number;
  getItemKey: (index: number) => string;
}

/**
 * A list virtualised against the window (the page itself scrolls): only the rows near the screen are rendered, and
 * padding above and below stands for the rest, so the scrollbar and Page Down behave as for the whole list. Shared by
 * the board's long list and a long project; imported only by their lazily loaded list components, so the virtualiser
 * is in no first load.
 */
export function useWindowList({ count, estimate, gap, overscan, getItemKey }: Options) {
  const listRef = useRef<HTMLUListElement>(null);
  const [listTop, setListTop] = useState(0);
  // Where the list starts on the page (what is above it may change height: banners, the phone's filters).
  // After every render on purpose: it sets only a changed offset, so it settles at once.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const top = Math.round(list.getBoundingClientRect().top + window.scrollY);
    if (top !== listTop) setListTop(top);
  });
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: () => estimate,
    ...(gap ? { gap } : {}),
    overscan,
    scrollMargin: listTop,
    getItemKey,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows.length ? rows[0]!.start - listTop : 0;
  const after = rows.length ? virtualizer.getTotalSize() - (rows.at(-1)!.end - listTop) : 0;
  return {
    listRef,
    virtualizer,
    rows,
    /** The `<ul>`'s padding standing for the rows not rendered. */
    padding: { paddingTop: Math.max(0, before), paddingBottom: Math.max(0, after) },
  };
}
