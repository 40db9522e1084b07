'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ListItem, RenderLine } from './list-item';

/** A line's height before it is measured (a one-line row with its chips), and the gap between lines. */
const ROW_ESTIMATE = 66;
const ROW_GAP = 8;

interface Props {
  items: ListItem[];
  renderLine: RenderLine;
  /** The keyboard selection and a just-added task: scrolled to, since off screen their rows are not in the page. */
  selectedIndex: number;
  addedIndex: number;
}

const keyOf = (item: ListItem) => (item.kind === 'task' ? item.task.id : item.key);

/**
 * The list with only the lines near the screen in the page (the page itself scrolls); space above and below
 * stands for the rest, so the scrollbar and Page Down behave as for the whole list.
 */
export default function VirtualLines({ items, renderLine, selectedIndex, addedIndex }: Props) {
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
    count: items.length,
    estimateSize: () => ROW_ESTIMATE,
    gap: ROW_GAP,
    overscan: 8,
    scrollMargin: listTop,
    getItemKey: (i) => keyOf(items[i]!),
  });

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  useEffect(() => {
    if (addedIndex >= 0) virtualizer.scrollToIndex(addedIndex, { align: 'center' });
  }, [addedIndex, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const before = rows.length ? rows[0]!.start - listTop : 0;
  const after = rows.length ? virtualizer.getTotalSize() - (rows.at(-1)!.end - listTop) : 0;
  return (
    <ul
      ref={listRef}
      className="mt-3 flex flex-col gap-2"
      aria-label="Tasks"
      data-testid="task-list"
      style={{ paddingTop: Math.max(0, before), paddingBottom: Math.max(0, after) }}
    >
      {rows.map((row) => renderLine(items[row.index]!, row.index, virtualizer.measureElement))}
    </ul>
  );
}
