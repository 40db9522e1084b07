import { describe, expect, it } from 'vitest';
import { dueLabel, dueTone, formatWhen, fromLocalInput, recurrenceLabel, toLocalInput } from './dates';

// Runs with TZ=Europe/Berlin (see package.json) so offsets and DST are exercised.
const now = new Date('2026-03-10T12:00:00+01:00'); // a Tuesday

describe('formatWhen', () => {
  it('names nearby days and keeps the time', () => {
    expect(formatWhen('2026-03-10T18:30:00+01:00', now, 'en-GB')).toBe('Today 18:30');
    expect(formatWhen('2026-03-11T00:00:00+01:00', now, 'en-GB')).toBe('Tomorrow');
    expect(formatWhen('2026-03-09T09:00:00+01:00', now, 'en-GB')).toBe('Yesterday 09:00');
    expect(formatWhen('2026-03-13T00:00:00+01:00', now, 'en-GB')).toBe('Fri');
    expect(formatWhen('2026-04-20T00:00:00+02:00', now, 'en-GB')).toBe('20 Apr');
    expect(formatWhen('2027-04-20T00:00:00+02:00', now, 'en-GB')).toBe('20 Apr 2027');
  });
});

describe('due tone and label', () => {
  it('marks overdue, today and done', () => {
    expect(dueTone({ dueAt: '2026-03-10T11:00:00+01:00', completed: false }, now)).toBe('overdue');
    expect(dueTone({ dueAt: '2026-03-10T13:00:00+01:00', completed: false }, now)).toBe('today');
    expect(dueTone({ dueAt: '2026-03-10T11:00:00+01:00', completed: true }, now)).toBe('done');
    expect(dueTone({ dueAt: null, completed: false }, now)).toBeNull();
    expect(dueLabel({ dueAt: '2026-03-09T17:00:00+01:00', completed: false }, now, 'en-GB')).toBe(
      'Overdue · Yesterday 17:00',
    );
  });
  it('describes recurrence', () => {
    expect(recurrenceLabel('weekly')).toBe('Repeats weekly');
    expect(recurrenceLabel(null)).toBeNull();
  });
});

describe('datetime-local conversion', () => {
  it('round-trips with the local offset, across DST', () => {
    expect(fromLocalInput('2026-03-10T09:15')).toBe('2026-03-10T09:15:00+01:00');
    expect(fromLocalInput('2026-07-01T09:15')).toBe('2026-07-01T09:15:00+02:00');
    expect(toLocalInput('2026-07-01T07:15:00Z')).toBe('2026-07-01T09:15');
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('not a date')).toBeNull();
  });
});
