/** One entry of the command palette. */
export interface Command {
  id: string;
  label: string;
  /** Other words a person might type for it. */
  keywords?: string;
  /** The shortcut shown beside it, if any. */
  keys?: string[];
  run: () => void;
}

function norm(s: string): string {
  return s
    .toLocaleLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/**
 * The commands matching what was typed: every word typed must start a word of the label or keywords
 * ("go tr" finds "Go to Trash"). Labels that start with the query come first; otherwise the order is kept.
 */
export function filterCommands<T extends Pick<Command, 'label' | 'keywords'>>(
  commands: T[],
  query: string,
): T[] {
  const terms = norm(query).split(/\s+/).filter(Boolean);
  if (!terms.length) return commands;
  const whole = norm(query).trim();
  const matches = commands.filter((c) => {
    const words = norm(`${c.label} ${c.keywords ?? ''}`).split(/[\s/-]+/);
    return terms.every((t) => words.some((w) => w.startsWith(t)));
  });
  const first = matches.filter((c) => norm(c.label).startsWith(whole));
  return [...first, ...matches.filter((c) => !first.includes(c))];
}

/** The next option index for an arrow/Home/End key, wrapping at the ends; -1 when there are none. */
export function moveActive(current: number, count: number, key: string): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return Math.min(Math.max(current, 0), count - 1);
  }
}
