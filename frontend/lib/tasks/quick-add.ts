import type { Task } from '@todo/openapi';
import { normaliseTag, TITLE_COUNTER_FROM, TITLE_MAX_LENGTH, validateTitle } from './validation';

/**
 * Quick-add shorthand: "Pay rent #home !high" → title "Pay rent", tags [home], priority high.
 * Only whole words starting with # or ! are taken; everything else stays in the title.
 */
export interface QuickAddTask {
  title: string;
  tags: string[];
  priority: Task['priority'];
}

export function parseQuickAdd(input: string): QuickAddTask {
  const tags: string[] = [];
  let priority: Task['priority'] = 'medium';
  const words = input.trim().split(/\s+/).filter(Boolean);
  const rest: string[] = [];
  for (const w of words) {
    const bang = /^!(high|medium|low|h|m|l)$/i.exec(w);
    if (bang) {
      const p = bang[1]!.toLowerCase();
      priority = p.startsWith('h') ? 'high' : p.startsWith('l') ? 'low' : 'medium';
    } else if (/^#[^\s#]{1,32}$/.test(w)) {
      const tag = normaliseTag(w);
      if (!tags.includes(tag)) tags.push(tag);
    } else rest.push(w);
  }
  const title = rest.join(' ');
  // "#42" alone is a title, not an empty task with a tag.
  return title ? { title, tags, priority } : { title: input.trim(), tags: [], priority: 'medium' };
}

export interface QuickAddCheck {
  task: QuickAddTask;
  /** Why the text cannot be added as it is (the title, without its tokens, is too long). */
  error?: string;
  /** "183/200" once the title is near the limit, else undefined. */
  counter?: string;
}

/** Parses first and measures the title without its #tags and !priority, so a long title never loses them. */
export function checkQuickAdd(input: string): QuickAddCheck {
  const task = parseQuickAdd(input);
  const length = task.title.length;
  const counter = length >= TITLE_COUNTER_FROM ? `${length}/${TITLE_MAX_LENGTH}` : undefined;
  const error = length > TITLE_MAX_LENGTH ? validateTitle(task.title) : undefined;
  return { task, error, counter };
}
