'use client';

import { useEffect } from 'react';
import { useWindowList } from '@/components/ui/use-window-list';
import type { ListItem, RenderLine } from './list-item';

interface Props {
  items: ListItem[];
  renderLine: RenderLine;
  /** The keyboard selection and a just-added task: scrolled to, since off screen their rows are not in the page. */
  selectedIndex: number;
  addedIndex: number;
}

const keyOf = (item: ListItem) => (item.kind === 'task' ? item.task.id : item.key);

/** The board's list with only the lines near the screen in the page (the page itself scrolls). */
export default function VirtualLines({ items, renderLine, selectedIndex, addedIndex }: Props) {
  const { listRef, virtualizer, rows, padding } = useWindowList({
    count: items.length,
    // A one-line row with its chips, and the gap between lines.
    estimate: 66,
    gap: 8,
    overscan: 8,
    getItemKey: (i) => keyOf(items[i]!),
  });

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  useEffect(() => {
    if (addedIndex >= 0) virtualizer.scrollToIndex(addedIndex, { align: 'center' });
  }, [addedIndex, virtualizer]);

  return (
    <ul
      ref={listRef}
      className="mt-3 flex flex-col gap-2"
      aria-label="Tasks"
      data-testid="task-list"
      style={padding}
    >
      {rows.map((row) => renderLine(items[row.index]!, row.index, virtualizer.measureElement))}
    </ul>
  );
}
