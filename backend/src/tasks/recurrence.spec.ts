import { describe, expect, it } from 'vitest';
import { advance } from './recurrence.js';

describe('advance', () => {
  it('moves a daily task by 24 hours', () => {
    expect(advance(new Date('2026-03-01T09:30:00Z'), 'daily').toISOString()).toBe('2026-03-02T09:30:00.000Z');
  });

  it('moves a weekly task by seven days across a month end', () => {
    expect(advance(new Date('2026-01-28T08:00:00Z'), 'weekly').toISOString()).toBe(
      '2026-02-04T08:00:00.000Z',
    );
  });

  it('keeps the day of month for a monthly task', () => {
    expect(advance(new Date('2026-04-15T12:00:00Z'), 'monthly').toISOString()).toBe(
      '2026-05-15T12:00:00.000Z',
    );
  });

  it('clamps the 31st to the last day of a shorter month', () => {
    expect(advance(new Date('2026-01-31T12:00:00Z'), 'monthly').toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
    expect(advance(new Date('2028-01-31T12:00:00Z'), 'monthly').toISOString()).toBe(
      '2028-02-29T12:00:00.000Z',
    );
  });

  it('rolls December over into January of the next year', () => {
    expect(advance(new Date('2026-12-10T00:00:00Z'), 'monthly').toISOString()).toBe(
      '2027-01-10T00:00:00.000Z',
    );
  });
});
