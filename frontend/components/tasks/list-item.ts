import type { Task } from '@todo/openapi';
import type { ReactNode } from 'react';

/** One line of the board's list: a task, or the heading of the group (a day) the tasks after it are in. */
export type ListItem = { kind: 'task'; task: Task } | { kind: 'heading'; key: string; label: string };

/** Renders a line; `measureRef` is given when the list is virtualised (it measures each line's height). */
export type RenderLine = (
  item: ListItem,
  index: number,
  measureRef?: (el: HTMLElement | null) => void,
) => ReactNode;
