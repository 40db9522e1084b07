import ical, { ICalAlarmType, ICalEventRepeatingFreq } from 'ical-generator';

/** One open task with a due instant, as the feed shows it. */
export interface FeedTask {
  id: string;
  title: string;
  description: string | null;
  dueAt: Date;
  remindAt: Date | null;
  recurrence: 'daily' | 'weekly' | 'monthly' | null;
  updatedAt: Date;
  version: number;
}

const FREQUENCIES = {
  daily: ICalEventRepeatingFreq.DAILY,
  weekly: ICalEventRepeatingFreq.WEEKLY,
  monthly: ICalEventRepeatingFreq.MONTHLY,
} as const;

/** How often calendar clients that honour it (REFRESH-INTERVAL, X-PUBLISHED-TTL) should poll: 15 minutes. */
const POLL_SECONDS = 900;

/**
 * The RFC 5545 calendar of a feed. ical-generator does the escaping (commas, semicolons, backslashes, newlines)
 * and folds lines at 75 octets. Every instant is UTC (no time zone given, nothing floating), so no VTIMEZONE is
 * needed. DTSTAMP is the task's last change, not the time of the request: the same tasks give the same bytes,
 * which the ETag relies on.
 */
export function feedCalendar(name: string, tasks: FeedTask[]): string {
  const calendar = ical({ name, prodId: { company: 'Todo', product: 'Calendar feed', language: 'EN' } });
  calendar.ttl(POLL_SECONDS);
  for (const task of tasks) {
    calendar.createEvent({
      id: task.id,
      start: task.dueAt,
      summary: task.title,
      description: task.description ?? null,
      stamp: task.updatedAt,
      lastModified: task.updatedAt,
      sequence: task.version,
      repeating: task.recurrence ? { freq: FREQUENCIES[task.recurrence] } : null,
      alarms: task.remindAt
        ? [{ type: ICalAlarmType.display, trigger: task.remindAt, description: task.title }]
        : [],
    });
  }
  return calendar.toString();
}
