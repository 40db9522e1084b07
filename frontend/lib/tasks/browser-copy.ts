import type { Task } from '@todo/openapi';
import type { OutboxEntry } from './outbox';

/**
 * What the board keeps in this browser's localStorage, per person: the last list the API sent (shown read-only
 * when a page loads while the API is away) and the outbox of changes not delivered yet. Keys carry the user's id,
 * so a second person on the same browser never sees the first one's tasks; signing out clears them all.
 * Storage can be missing or full (private windows, quotas): then nothing is kept, and nothing breaks.
 */
const TASKS = 'todo:tasks:';
const OUTBOX = 'todo:outbox:';
const tasksKey = (userId: string) => `${TASKS}${userId}`;
const outboxKey = (userId: string) => `${OUTBOX}${userId}`;

export interface TasksCopy {
  /** When the copy was taken (ISO). */
  savedAt: string;
  tasks: Task[];
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function read<T>(key: string): T | null {
  try {
    const raw = storage()?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused: the copy is a convenience, the server stays the record.
  }
}

export function readTasksCopy(userId: string): TasksCopy | null {
  const copy = read<TasksCopy>(tasksKey(userId));
  return copy && Array.isArray(copy.tasks) ? copy : null;
}

export function writeTasksCopy(userId: string, tasks: Task[], now = new Date()): void {
  write(tasksKey(userId), { savedAt: now.toISOString(), tasks } satisfies TasksCopy);
}

export function readOutbox(userId: string): OutboxEntry[] {
  const entries = read<OutboxEntry[]>(outboxKey(userId));
  return Array.isArray(entries) ? entries : [];
}

export function writeOutbox(userId: string, entries: readonly OutboxEntry[]): void {
  if (entries.length) write(outboxKey(userId), entries);
  else storage()?.removeItem(outboxKey(userId));
}

/** Calls back when another tab of this browser changed the person's outbox. */
export function onOutboxChangedElsewhere(userId: string, callback: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === outboxKey(userId) || e.key === null) callback();
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}

/** How many changes of anyone on this browser wait to be delivered (asked before signing out). */
export function undeliveredCount(): number {
  const s = storage();
  if (!s) return 0;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (key?.startsWith(OUTBOX)) count += read<unknown[]>(key)?.length ?? 0;
  }
  return count;
}

/** Forgets every task copy and queued change kept in this browser (on sign-out). */
export function clearBrowserCopies(): void {
  const s = storage();
  if (!s) return;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (key?.startsWith(TASKS) || key?.startsWith(OUTBOX)) keys.push(key);
  }
  for (const key of keys) s.removeItem(key);
}
