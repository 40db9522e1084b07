'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import type { LineItem, RenderLine } from './project-view';

/** A row's height before it is measured. */
const ROW_ESTIMATE = 45;

/** The project's rows with only those near the screen in the page; the page itself scrolls. */
export default function VirtualRows({ items, renderLine }: { items: LineItem[]; renderLine: RenderLine }) {
  const listRef = useRef<HTMLUListElement>(null);
  const [listTop, setListTop] = useState(0);
  // Where the list starts on the page; after every render on purpose, it sets only a changed offset.
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
    overscan: 10,
    scrollMargin: listTop,
    getItemKey: (i) => items[i]!.key,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows.length ? rows[0]!.start - listTop : 0;
  const after = rows.length ? virtualizer.getTotalSize() - (rows.at(-1)!.end - listTop) : 0;
  return (
    <ul
      ref={listRef}
      className="mt-3 flex flex-col"
      aria-label="Tasks"
      data-testid="project-rows"
      data-virtual="true"
      style={{ paddingTop: Math.max(0, before), paddingBottom: Math.max(0, after) }}
    >
      {rows.map((row) => renderLine(items[row.index]!, row.index, virtualizer.measureElement))}
    </ul>
  );
}
