import type { TASK_RECURRENCES } from './dto/task.schemas.js';

type Recurrence = (typeof TASK_RECURRENCES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The same instant one period later, in UTC. Months clamp to their last day (Jan 31 -> Feb 28/29), so a
 * monthly task never skips a month.
 */
export function advance(date: Date, period: Recurrence): Date {
  if (period === 'daily') return new Date(date.getTime() + DAY_MS);
  if (period === 'weekly') return new Date(date.getTime() + 7 * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const next = new Date(date.getTime());
  next.setUTCDate(1);
  next.setUTCMonth(month);
  next.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return next;
}
