import type { Task } from '@todo/openapi';
import { startOfDay } from './filters';

const DAY = 86_400_000;

function dayDiff(date: Date, now: Date): number {
  return Math.round((startOfDay(date).getTime() - startOfDay(now).getTime()) / DAY);
}

function time(date: Date, locale?: string): string {
  return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** "Today 14:00", "Tomorrow", "Yesterday 09:30", "Fri 14:00", "3 Jun", "3 Jun 2027". Midnight = date only. */
export function formatWhen(iso: string, now: Date, locale?: string): string {
  const date = new Date(iso);
  const diff = dayDiff(date, now);
  const hasTime = date.getHours() !== 0 || date.getMinutes() !== 0;
  const at = hasTime ? ` ${time(date, locale)}` : '';
  if (diff === 0) return `Today${at}`;
  if (diff === 1) return `Tomorrow${at}`;
  if (diff === -1) return `Yesterday${at}`;
  if (diff > 1 && diff < 7) return `${date.toLocaleDateString(locale, { weekday: 'short' })}${at}`;
  const sameYear = date.getFullYear() === now.getFullYear();
  return `${date.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })}${at}`;
}

export type DueTone = 'overdue' | 'today' | 'soon' | 'later' | 'done';

export function dueTone(task: Pick<Task, 'dueAt' | 'completed'>, now: Date): DueTone | null {
  if (!task.dueAt) return null;
  if (task.completed) return 'done';
  const due = new Date(task.dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  const diff = dayDiff(due, now);
  if (diff === 0) return 'today';
  if (diff <= 2) return 'soon';
  return 'later';
}

/** What the due chip says, e.g. "Overdue · Yesterday 17:00" or "Due Tomorrow". */
export function dueLabel(task: Pick<Task, 'dueAt' | 'completed'>, now: Date, locale?: string): string | null {
  if (!task.dueAt) return null;
  const when = formatWhen(task.dueAt, now, locale);
  return dueTone(task, now) === 'overdue' ? `Overdue · ${when}` : `Due ${when}`;
}

export function recurrenceLabel(r: Task['recurrence']): string | null {
  switch (r) {
    case 'daily':
      return 'Repeats daily';
    case 'weekly':
      return 'Repeats weekly';
    case 'monthly':
      return 'Repeats monthly';
    default:
      return null;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → the `YYYY-MM-DDTHH:mm` value of a local datetime-local input. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local wall time) → RFC 3339 with the local offset, as the API expects. */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(d.getTime())) return null;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface DayGroup {
  /** The day's date, `YYYY-MM-DD` in the browser's zone. */
  key: string;
  /** "Today", "Tomorrow", else the weekday and date: "Wednesday 9 December". */
  label: string;
  tasks: Task[];
}

/** Tasks (in due order) under the day each is due, in the browser's zone; undated tasks are left out. */
export function groupByDay(tasks: Task[], now: Date): DayGroup[] {
  const groups: DayGroup[] = [];
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  for (const task of tasks) {
    if (!task.dueAt) continue;
    const due = new Date(task.dueAt);
    const day = new Date(due.getFullYear(), due.getMonth(), due.getDate());
    const key = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    let group = groups.at(-1);
    if (group?.key !== key) {
      group = { key, label: dayLabel(day, today), tasks: [] };
      groups.push(group);
    }
    group.tasks.push(task);
  }
  return groups;
}

function dayLabel(day: Date, today: Date): string {
  const days = Math.round((day.getTime() - today.getTime()) / 86_400_000);
  const date = day.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
  if (days === 0) return `Today · ${date}`;
  if (days === 1) return `Tomorrow · ${date}`;
  return date;
}
