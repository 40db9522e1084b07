import type { Task } from '@todo/openapi';
import { normaliseTag } from './validation';

/**
 * Quick-add shorthand: "Pay rent #home !high" → title "Pay rent", tags [home], priority high.
 * Only whole words starting with # or ! are taken; everything else stays in the title.
 */
export function parseQuickAdd(input: string): { title: string; tags: string[]; priority: Task['priority'] } {
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
