import type { QuickAddTask } from './quick-add.js';
import { addDays, wallTimeOf } from './time-zone.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const REPEATS = { daily: 'Repeats daily', weekly: 'Repeats weekly', monthly: 'Repeats monthly' } as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** The preview before Enter: "Due tomorrow 09:00 · Repeats weekly", in the person's time zone; '' for neither. */
export function describeQuickAdd(
  task: Pick<QuickAddTask, 'dueAt' | 'recurrence'>,
  now: Date,
  timeZone: string,
) {
  const parts: string[] = [];
  if (task.dueAt) {
    const due = wallTimeOf(new Date(task.dueAt), timeZone);
    const today = wallTimeOf(now, timeZone);
    const same = (d: { year: number; month: number; day: number }) =>
      d.year === due.year && d.month === due.month && d.day === due.day;
    let day = `${WEEKDAYS[due.weekday]} ${due.day} ${MONTHS[due.month - 1]}`;
    if (due.year !== today.year) day += ` ${due.year}`;
    if (same(today)) day = 'today';
    else if (same(addDays(today, 1))) day = 'tomorrow';
    parts.push(`Due ${day} ${pad(due.hour)}:${pad(due.minute)}`);
  }
  if (task.recurrence) parts.push(REPEATS[task.recurrence]);
  return parts.join(' · ');
}
