import { describe, expect, it } from 'vitest';
import { decideResume, type LogPosition } from './resume-decision.js';

const now = new Date('2026-01-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const WINDOW = 5 * 60_000;
const log = (overrides: Partial<LogPosition>): LogPosition => ({
  oldest: 1,
  issued: 10,
  firstMissedAt: null,
  ...overrides,
});

describe(decideResume.name, () => {
  it('resumes when every event after the id is still in the log and recent', () => {
    expect(decideResume(5, log({ firstMissedAt: minutesAgo(1) }), now, WINDOW)).toEqual({ resume: true });
  });

  it('resumes with nothing to replay when the client is up to date', () => {
    expect(decideResume(10, log({}), now, WINDOW)).toEqual({ resume: true });
  });

  it('resumes from the event just before the oldest one kept', () => {
    expect(decideResume(4, log({ oldest: 5, firstMissedAt: minutesAgo(1) }), now, WINDOW).resume).toBe(true);
  });

  it('resets when events after the id may have been pruned', () => {
    expect(decideResume(3, log({ oldest: 5 }), now, WINDOW)).toEqual({ resume: false, reason: 'gap' });
  });

  it('resets when the log is empty but ids were issued after the client’s', () => {
    expect(decideResume(3, log({ oldest: null }), now, WINDOW)).toEqual({ resume: false, reason: 'gap' });
  });

  it('resumes on an empty log when nothing was issued since', () => {
    expect(decideResume(10, log({ oldest: null }), now, WINDOW)).toEqual({ resume: true });
  });

  it('resets on an id the log never issued', () => {
    expect(decideResume(11, log({}), now, WINDOW)).toEqual({ resume: false, reason: 'unknown-id' });
  });

  it('resets when the first missed event is older than the window', () => {
    expect(decideResume(5, log({ firstMissedAt: minutesAgo(6) }), now, WINDOW)).toEqual({
      resume: false,
      reason: 'too-old',
    });
  });
});
