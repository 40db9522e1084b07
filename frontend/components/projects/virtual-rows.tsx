'use client';

import { useWindowList } from '@/components/ui/use-window-list';
import type { LineItem, RenderLine } from './project-view';

/** The project's rows with only those near the screen in the page; the page itself scrolls. */
export default function VirtualRows({ items, renderLine }: { items: LineItem[]; renderLine: RenderLine }) {
  const { listRef, virtualizer, rows, padding } = useWindowList({
    count: items.length,
    estimate: 45,
    overscan: 10,
    getItemKey: (i) => items[i]!.key,
  });
  return (
    <ul
      ref={listRef}
      className="mt-3 flex flex-col"
      aria-label="Tasks"
      data-testid="project-rows"
      data-virtual="true"
      style={padding}
    >
      {rows.map((row) => renderLine(items[row.index]!, row.index, virtualizer.measureElement))}
    </ul>
  );
}
