import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type FeedTask, feedCalendar } from './feed-calendar.js';

const task = (overrides: Partial<FeedTask> = {}): FeedTask => ({
  id: '0b8f9d3e-0a51-4a43-9b6c-2f1e7f7a1c11',
  title: 'Pay rent',
  description: null,
  dueAt: new Date('2026-12-24T09:30:00.000Z'),
  remindAt: null,
  recurrence: null,
  updatedAt: new Date('2026-12-01T08:00:00.000Z'),
  version: 3,
  ...overrides,
});

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe(feedCalendar.name, () => {
  it('writes one VEVENT per task with its id as UID, its title, a UTC start and the calendar name', () => {
    const calendar = parse(feedCalendar('Home, sweet; home', [task(), task({ id: 'second' })]));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Home, sweet; home');
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    expect(events.map((event) => event.uid)).toEqual([task().id, 'second']);
    expect(events[0]!.summary).toBe('Pay rent');
    expect(events[0]!.startDate.zone.tzid).toBe('UTC');
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-12-24T09:30:00.000Z');
  });

  it('escapes commas, semicolons, backslashes and newlines, and folds long lines at 75 octets', () => {
    const description = `Line one, with; odd \\ chars\nline two ${'é'.repeat(80)}`;
    const text = feedCalendar('Todo', [task({ title: 'a, b; c \\ d', description })]);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\n '); // a continuation line exists
    const event = new ICAL.Event(parse(text).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('a, b; c \\ d');
    expect(event.description).toBe(description);
  });

  it('adds a VALARM at remindAt and an RRULE for each recurrence', () => {
    const text = feedCalendar('Todo', [
      task({ id: 'd', recurrence: 'daily', remindAt: new Date('2026-12-24T09:00:00.000Z') }),
      task({ id: 'w', recurrence: 'weekly' }),
      task({ id: 'm', recurrence: 'monthly' }),
    ]);
    const [daily, weekly, monthly] = parse(text).getAllSubcomponents('vevent');
    expect((daily!.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('DAILY');
    expect((weekly!.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('WEEKLY');
    expect((monthly!.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('MONTHLY');
    const alarm = daily!.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    const trigger = alarm.getFirstPropertyValue('trigger') as ICAL.Time;
    expect(trigger.toJSDate().toISOString()).toBe('2026-12-24T09:00:00.000Z');
    expect(weekly!.getFirstSubcomponent('valarm')).toBeNull();
    const next = new ICAL.Event(daily!).iterator();
    next.next();
    expect(next.next()!.toJSDate().toISOString()).toBe('2026-12-25T09:30:00.000Z');
  });

  it('gives the same bytes for the same tasks', () => {
    expect(feedCalendar('Todo', [task()])).toBe(feedCalendar('Todo', [task()]));
  });
});
