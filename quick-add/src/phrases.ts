/**
 * The quick-add phrase table: what we decided each phrase means. The web parser's unit test and the API's
 * `POST /api/v1/tasks/quick` e2e test both run every row, so a person and an agent get the same task for the same
 * words. Due dates are written as functions of "now" in the given time zone (wall-clock "YYYY-MM-DD HH:mm"), so
 * the rows hold for any reference instant: fixed ones in the unit test, the real clock against the server.
 *
 * The clock below does its own calendar arithmetic (no chrono, nothing from the parser), so a row checks the
 * parser rather than repeating it.
 */
import type { Priority, Recurrence } from './quick-add.js';

export interface PhraseClock {
  /** `days` after today at `time` ("09:00"). */
  day(days: number, time: string): string;
  /** A date-only due: that day at 09:00; today once 09:00 has passed becomes today 23:59 (not born overdue). */
  dateOnly(days: number): string;
  /** Days from today to the next such weekday, today included. */
  toWeekday(weekday: Weekday): number;
  /** The next such weekday at `time`: today while that time is still ahead, else a week later. */
  next(weekday: Weekday, time: string): string;
  /** `time` today while it is still ahead, else tomorrow. */
  nextTime(time: string): string;
  /** Days from today to the next `month`/`day` (1-based), today included. */
  toDate(month: number, day: number): number;
  /** Days from today to the same day next month (clamped to that month's last day). */
  toNextMonth(): number;
  /** Now plus `minutes`, to the minute. */
  later(minutes: number): string;
}

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

export interface QuickAddPhrase {
  text: string;
  /** The title once the tokens are out; omitted when the text is refused. */
  title?: string;
  tags?: string[];
  priority?: Priority;
  recurrence?: Recurrence | null;
  /** Wall-clock due time in the zone, or null for no due date. */
  due?: ((clock: PhraseClock) => string) | null;
  /** The text is refused (no title left, or a title over 200 characters): the message matches this. */
  refused?: RegExp;
  /** Why, where the answer is a decision rather than obvious. */
  why?: string;
}

const long = 'x'.repeat(201);

export const QUICK_ADD_PHRASES: QuickAddPhrase[] = [
  // Dates
  {
    text: 'Buy milk tomorrow',
    title: 'Buy milk',
    due: (c) => c.day(1, '09:00'),
    why: 'a date without a time is due at 09:00',
  },
  {
    text: 'Call mom today',
    title: 'Call mom',
    due: (c) => c.dateOnly(0),
    why: 'after 09:00 "today" is due 23:59, not already overdue',
  },
  { text: 'Dentist in 3 days', title: 'Dentist', due: (c) => c.day(3, '09:00') },
  { text: 'Renew passport in 2 weeks', title: 'Renew passport', due: (c) => c.day(14, '09:00') },
  {
    text: 'Plan trip next week',
    title: 'Plan trip',
    due: (c) => c.day(7, '09:00'),
    why: '"next week" is seven days on',
  },
  { text: 'Party tonight', title: 'Party', due: (c) => c.day(0, '22:00') },
  {
    text: 'Book flights next month',
    title: 'Book flights',
    due: (c) => c.dateOnly(c.toNextMonth()),
    why: 'Jan 31 → Feb 28/29',
  },
  {
    text: 'Report by Dec 24',
    title: 'Report',
    due: (c) => c.dateOnly(c.toDate(12, 24)),
    why: '"by" goes with the date',
  },
  { text: 'Pay invoice on 15 January', title: 'Pay invoice', due: (c) => c.dateOnly(c.toDate(1, 15)) },
  {
    text: 'Call mom, tomorrow',
    title: 'Call mom',
    due: (c) => c.day(1, '09:00'),
    why: 'a comma left dangling goes',
  },
  // Times
  { text: 'Lunch at noon tomorrow', title: 'Lunch', due: (c) => c.day(1, '12:00') },
  { text: 'Standup 9:30 tomorrow', title: 'Standup', due: (c) => c.day(1, '09:30') },
  { text: 'Gym tomorrow at 18:00', title: 'Gym', due: (c) => c.day(1, '18:00') },
  {
    text: 'Call Anna at 5pm',
    title: 'Call Anna',
    due: (c) => c.nextTime('17:00'),
    why: 'a time alone is the next such time',
  },
  { text: 'Ship it in 2 hours', title: 'Ship it', due: (c) => c.later(120) },
  {
    text: 'Party tomorrow night',
    title: 'Party',
    due: (c) => c.day(1, '20:00'),
    why: '"night" is 20:00, "tonight" 22:00 (chrono\'s reading)',
  },
  // Weekdays
  { text: 'Swim Sunday at 6pm', title: 'Swim', due: (c) => c.next('sun', '18:00') },
  {
    text: 'Buy tickets for Friday',
    title: 'Buy tickets',
    due: (c) => c.dateOnly(c.toWeekday('fri')),
    why: 'on a Friday, "Friday" is today',
  },
  {
    text: 'Dinner at 8pm on Friday',
    title: 'Dinner',
    due: (c) => c.next('fri', '20:00'),
    why: 'on a Friday after 20:00, next Friday',
  },
  { text: 'Sat 10:30 haircut', title: 'haircut', due: (c) => c.next('sat', '10:30') },
  {
    text: 'Expenses for last friday',
    title: 'Expenses',
    due: (c) => c.day(c.toWeekday('fri') - 7, '09:00'),
    why: '"last friday" is the one before today (so already overdue), never the next one',
  },
  {
    text: 'Log hours last Tuesday at 5pm',
    title: 'Log hours',
    due: (c) => c.day(c.toWeekday('tue') - 7, '17:00'),
  },
  {
    text: 'Call the bank on monday !high',
    title: 'Call the bank',
    priority: 'high',
    due: (c) => c.dateOnly(c.toWeekday('mon')),
  },
  // Repetition (the API repeats daily, weekly or monthly from the due date)
  {
    text: 'Pay rent every month',
    title: 'Pay rent',
    recurrence: 'monthly',
    due: (c) => c.nextTime('09:00'),
    why: 'a repeat with no date starts at the next 09:00',
  },
  { text: 'Stretch every day', title: 'Stretch', recurrence: 'daily', due: (c) => c.nextTime('09:00') },
  {
    text: 'Water plants every day at 7pm',
    title: 'Water plants',
    recurrence: 'daily',
    due: (c) => c.nextTime('19:00'),
  },
  { text: 'Review every week', title: 'Review', recurrence: 'weekly', due: (c) => c.nextTime('09:00') },
  {
    text: 'Standup every monday at 9:30',
    title: 'Standup',
    recurrence: 'weekly',
    due: (c) => c.next('mon', '09:30'),
    why: '"every monday" = weekly, first due the next Monday',
  },
  { text: 'every wednesday gym', title: 'gym', recurrence: 'weekly', due: (c) => c.next('wed', '09:00') },
  {
    text: 'Pay rent every month tomorrow',
    title: 'Pay rent',
    recurrence: 'monthly',
    due: (c) => c.day(1, '09:00'),
  },
  {
    text: 'Yoga every weekday',
    title: 'Yoga every weekday',
    due: null,
    why: 'the API has no weekdays-only repeat: left as words, not a wrong daily',
  },
  {
    text: 'Taxes every year',
    title: 'Taxes every year',
    due: null,
    why: 'the API has no yearly repeat: left as words',
  },
  {
    text: 'Water cactus every 2 weeks',
    title: 'Water cactus every 2 weeks',
    due: null,
    why: 'no intervals in the API: left as words',
  },
  {
    text: 'Weekly review',
    title: 'Weekly review',
    due: null,
    why: 'only "every …" repeats; "weekly" in a title is a word',
  },
  // Tokens in any order
  {
    text: 'Pay rent every month #home !high tomorrow 9am',
    title: 'Pay rent',
    tags: ['home'],
    priority: 'high',
    recurrence: 'monthly',
    due: (c) => c.day(1, '09:00'),
  },
  {
    text: '!high tomorrow 9am #home Pay rent every month',
    title: 'Pay rent',
    tags: ['home'],
    priority: 'high',
    recurrence: 'monthly',
    due: (c) => c.day(1, '09:00'),
  },
  {
    text: '#home tomorrow 9am every month !high Pay rent',
    title: 'Pay rent',
    tags: ['home'],
    priority: 'high',
    recurrence: 'monthly',
    due: (c) => c.day(1, '09:00'),
  },
  { text: 'Pay rent #Home !high', title: 'Pay rent', tags: ['home'], priority: 'high', due: null },
  { text: 'Fix bug #42 in v2!', title: 'Fix bug in v2!', tags: ['42'], due: null },
  {
    text: `Visit #${'İ'.repeat(32)}`,
    title: `Visit #${'İ'.repeat(32)}`,
    due: null,
    why: 'lower-cased, "İ" is two characters: a 64-character tag is over the limit of 32, so words',
  },
  {
    text: 'Plan #work #Work !l',
    title: 'Plan',
    tags: ['work'],
    priority: 'low',
    due: null,
    why: 'tags are lower-cased and not repeated',
  },
  // Words that look like dates but are not
  { text: 'Call May', title: 'Call May', due: null, why: 'a name, not the month' },
  { text: 'Read 1984', title: 'Read 1984', due: null, why: 'a book, not a year' },
  {
    text: 'March of the penguins',
    title: 'March of the penguins',
    due: null,
    why: 'a month alone is never a date',
  },
  {
    text: 'Meeting at 10 Downing Street',
    title: 'Meeting at 10 Downing Street',
    due: null,
    why: 'a bare number is no time; "at 10am" would be',
  },
  { text: 'Chapter 3 notes', title: 'Chapter 3 notes', due: null },
  {
    text: 'Call now',
    title: 'Call now',
    due: null,
    why: '"now" is a word; a task due this instant is already overdue',
  },
  { text: 'may I borrow the car', title: 'may I borrow the car', due: null },
  { text: 'Buy 2 apples', title: 'Buy 2 apples', due: null },
  {
    text: 'Dig a tunnel in 9999999 weeks',
    title: 'Dig a tunnel in 9999999 weeks',
    due: null,
    why: 'past the year 9999 (what the API stores): words, not a date',
  },
  {
    text: 'Undo 9999999 weeks ago',
    title: 'Undo 9999999 weeks ago',
    due: null,
    why: 'before any date there is: words, not a crash',
  },
  // Refused
  {
    text: 'tomorrow 9am',
    refused: /no title is left/,
    why: 'refused rather than a task titled "tomorrow 9am"',
  },
  { text: '#todo !high', refused: /no title is left/ },
  { text: `${long} tomorrow`, refused: /up to 200 characters; this one has 201/ },
];

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The clock of the rows: `now` read in `timeZone` with Intl, then plain calendar arithmetic. */
export function phraseClock(now: Date, timeZone: string): PhraseClock {
  const read = (instant: Date) => {
    const parts: Record<string, string> = {};
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const p of format.formatToParts(instant)) parts[p.type] = p.value;
    return {
      y: Number(parts.year),
      m: Number(parts.month),
      d: Number(parts.day),
      h: Number(parts.hour),
      min: Number(parts.minute),
    };
  };
  const t = read(now);
  const minutesNow = t.h * 60 + t.min;
  const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const date = (days: number) => new Date(Date.UTC(t.y, t.m - 1, t.d + days));
  const day = (days: number, time: string) => {
    const d = date(days);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}`;
  };
  const weekdayToday = date(0).getUTCDay();
  const toWeekday = (w: Weekday) => (WEEKDAYS.indexOf(w) - weekdayToday + 7) % 7;
  const daysBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 86_400_000);
  return {
    day,
    dateOnly: (days) =>
      days === 0 && minutesNow >= toMinutes('09:00') ? day(0, '23:59') : day(days, '09:00'),
    toWeekday,
    next: (w, time) => {
      const ahead = toWeekday(w);
      return day(ahead === 0 && minutesNow >= toMinutes(time) ? 7 : ahead, time);
    },
    nextTime: (time) => day(minutesNow < toMinutes(time) ? 0 : 1, time),
    toDate: (month, dayOfMonth) => {
      const thisYear = new Date(Date.UTC(t.y, month - 1, dayOfMonth));
      const target = thisYear < date(0) ? new Date(Date.UTC(t.y + 1, month - 1, dayOfMonth)) : thisYear;
      return daysBetween(date(0), target);
    },
    toNextMonth: () => {
      const last = new Date(Date.UTC(t.y, t.m + 1, 0)).getUTCDate();
      return daysBetween(date(0), new Date(Date.UTC(t.y, t.m, Math.min(t.d, last))));
    },
    later: (minutes) => {
      const l = read(new Date(now.getTime() + minutes * 60_000));
      return `${l.y}-${pad(l.m)}-${pad(l.d)} ${pad(l.h)}:${pad(l.min)}`;
    },
  };
}

/** How a due instant reads on a wall clock in `timeZone`, in the rows' "YYYY-MM-DD HH:mm" form. */
export function wallClock(dueAt: string, timeZone: string): string {
  const c = phraseClock(new Date(dueAt), timeZone);
  return c.day(0, c.later(0).slice(11));
}
