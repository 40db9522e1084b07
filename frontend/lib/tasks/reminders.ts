import type { Task } from '@todo/openapi';

/** A reminder is identified by task and time, so moving a reminder makes it fire again. */
export const reminderKey = (t: Pick<Task, 'id' | 'remindAt'>) => `${t.id}@${t.remindAt}`;

/**
 * Reminders that are due now: remindAt has passed, at most `graceMs` ago (a tab opened hours later
 * does not replay the day's reminders), the task is still open and it has not been shown yet.
 */
export function dueReminders(
  tasks: Task[],
  now: number,
  shown: ReadonlySet<string>,
  graceMs = 10 * 60_000,
): Task[] {
  return tasks.filter((t) => {
    if (t.completed || !t.remindAt) return false;
    const at = new Date(t.remindAt).getTime();
    return at <= now && now - at <= graceMs && !shown.has(reminderKey(t));
  });
}

/** Milliseconds until the next reminder should be checked (capped, so clock changes are noticed). */
export function msUntilNextReminder(tasks: Task[], now: number, cap = 60_000): number {
  let next = cap;
  for (const t of tasks) {
    if (t.completed || !t.remindAt) continue;
    const delta = new Date(t.remindAt).getTime() - now;
    if (delta > 0 && delta < next) next = delta;
  }
  return Math.max(250, next);
}
