import { cachedTimeZoneCount, isTimeZone } from '@todo/quick-add';
import { QUICK_ADD_PHRASES, phraseClock, wallClock } from '@todo/quick-add/phrases';
import { describe, expect, it, vi } from 'vitest';
import { aTask } from './task.factory';
import { browserTimeZone, checkQuickAdd, describeQuickAdd, parseQuickAdd } from './quick-add';
import { defaultFilter, visibleTasksHolding } from './filters';

const words = (n: number) => 'word '.repeat(n).trim();

// Fixed reference instants, chosen for their edges: a Sunday afternoon, the morning of a spring-forward day, a
// Friday night after 22:00, a Monday before 09:00, New Year's Eve, the last day of January, a half-hour zone.
const REFERENCES: [string, string][] = [
  ['2026-12-06T15:20:00Z', 'Europe/Berlin'],
  ['2027-03-28T05:30:00Z', 'Europe/Berlin'],
  ['2026-12-11T21:30:00Z', 'Europe/Berlin'],
  ['2026-12-07T06:00:00Z', 'Europe/Berlin'],
  ['2026-12-31T23:30:00Z', 'America/New_York'],
  ['2027-01-31T10:00:00Z', 'Asia/Tokyo'],
  ['2027-06-15T12:45:00Z', 'Asia/Kolkata'],
];

describe('the quick-add phrase table (the same rows run against POST /api/v1/tasks/quick)', () => {
  it('has at least 40 phrases', () => expect(QUICK_ADD_PHRASES.length).toBeGreaterThanOrEqual(40));

  describe.each(REFERENCES)('now %s in %s', (iso, timeZone) => {
    const now = new Date(iso);
    const clock = phraseClock(now, timeZone);
    it.each(QUICK_ADD_PHRASES.map((row) => [row.text.slice(0, 60), row] as const))('%s', (_, row) => {
      const { task, error } = checkQuickAdd(row.text, { now, timeZone });
      if (row.refused) return expect(error).toMatch(row.refused);
      expect(error).toBeUndefined();
      expect({
        title: task.title,
        tags: task.tags,
        priority: task.priority,
        recurrence: task.recurrence,
        due: task.dueAt && wallClock(task.dueAt, timeZone),
      }).toEqual({
        title: row.title,
        tags: row.tags ?? [],
        priority: row.priority ?? 'medium',
        recurrence: row.recurrence ?? null,
        due: row.due ? row.due(clock) : null,
      });
    });
  });
});

describe('parseQuickAdd tokens', () => {
  const now = new Date('2026-12-06T15:20:00Z');
  const timeZone = 'Europe/Berlin';

  it('reports each recognised token with its place in the text, in order', () => {
    const text = 'Pay rent every month #home !high tomorrow 9am';
    const { tokens } = parseQuickAdd(text, { now, timeZone });
    expect(tokens.map((t) => [t.kind, t.text, text.slice(t.start, t.end)])).toEqual([
      ['repeat', 'every month', 'every month'],
      ['tag', '#home', '#home'],
      ['priority', '!high', '!high'],
      ['due', 'tomorrow 9am', 'tomorrow 9am'],
    ]);
  });

  it('leaves a token the person turned back into text in the title', () => {
    const text = 'Pay rent every month #home !high tomorrow 9am';
    const { task, tokens } = parseQuickAdd(text, { now, timeZone, literal: ['tomorrow 9am', '#Home'] });
    expect(task).toMatchObject({ title: 'Pay rent #home tomorrow 9am', tags: [], recurrence: 'monthly' });
    expect(task.dueAt).toBe('2026-12-07T08:00:00.000Z'); // the monthly repeat still starts at the next 09:00
    expect(tokens.map((t) => t.kind)).toEqual(['repeat', 'priority']);
  });

  it('reads the words in the given time zone, whatever the machine’s', () => {
    expect(parseQuickAdd('Call tomorrow 9am', { now, timeZone: 'America/New_York' }).task.dueAt).toBe(
      '2026-12-07T14:00:00.000Z',
    );
    expect(parseQuickAdd('Call tomorrow 9am', { now }).task.dueAt).toBe('2026-12-07T09:00:00.000Z');
  });

  it('describes the due date and repeat for the preview chip', () => {
    const { task } = parseQuickAdd('Pay rent every week tomorrow 9am', { now, timeZone });
    expect(describeQuickAdd(task, now, timeZone)).toBe('Due tomorrow 09:00 · Repeats weekly');
    const later = parseQuickAdd('Dentist on 15 January 2028 at 14:30', { now, timeZone }).task;
    expect(describeQuickAdd(later, now, timeZone)).toBe('Due Sat 15 Jan 2028 14:30');
    expect(describeQuickAdd(parseQuickAdd('Buy milk', { now, timeZone }).task, now, timeZone)).toBe('');
  });
});

describe('checkQuickAdd: the length rule applies to the title without its tokens', () => {
  it('keeps the tag and priority of a 263-character entry and refuses its 251-character title', () => {
    const input = `${'x'.repeat(251)} #work !high`;
    expect(input).toHaveLength(263);
    const { task, error, counter } = checkQuickAdd(input);
    expect(task).toMatchObject({ title: 'x'.repeat(251), tags: ['work'], priority: 'high' });
    expect(error).toMatch(/up to 200 characters; this one has 251/);
    expect(counter).toBe('251/200');
  });

  it('accepts an entry over 200 characters whose title is within 200 once tokens are out', () => {
    const title = 'y'.repeat(185);
    const { task, error, counter } = checkQuickAdd(`${title} #errands #home !low every week tomorrow 9am`);
    expect(error).toBeUndefined();
    expect(task).toMatchObject({ title, tags: ['errands', 'home'], priority: 'low', recurrence: 'weekly' });
    expect(counter).toBe('185/200');
  });

  it('shows the counter from 180 characters of title on, never below', () => {
    expect(checkQuickAdd(`${'z'.repeat(179)} #a`).counter).toBeUndefined();
    expect(checkQuickAdd('z'.repeat(180)).counter).toBe('180/200');
    expect(checkQuickAdd('z'.repeat(200)).error).toBeUndefined();
    expect(checkQuickAdd('z'.repeat(201)).error).toBeDefined();
    expect(checkQuickAdd(words(3)).counter).toBeUndefined();
  });

  it('reads a long pasted text in time growing with its length, not its square', () => {
    // Before: the trailing-separator regex retried from every dash, and each token re-copied the whole text.
    const pasted = `Plan ${'#a '.repeat(20_000)}${'-'.repeat(60_000)}x`;
    const started = performance.now();
    const { task } = checkQuickAdd(pasted);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(task.tags).toEqual(['a']);
    expect(task.title).toHaveLength(`Plan ${'-'.repeat(60_000)}x`.length);
  });

  it('says so when nothing but tokens was typed, and nothing while the field is empty', () => {
    expect(checkQuickAdd('#todo tomorrow').error).toMatch(/no title is left/);
    expect(checkQuickAdd('   ').error).toBeUndefined();
  });
});

describe('browserTimeZone', () => {
  it('falls back to UTC when the browser reports a zone the parser refuses, so quick add never throws', () => {
    const real = Intl.DateTimeFormat().resolvedOptions();
    const reported = vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions');
    try {
      for (const [zone, used] of [
        ['+05:30', 'UTC'],
        ['Etc/Unknown', 'UTC'],
        ['', 'UTC'],
        ['Asia/Kolkata', 'Asia/Kolkata'],
      ] as const) {
        reported.mockReturnValue({ ...real, timeZone: zone });
        expect(browserTimeZone()).toBe(used);
        expect(parseQuickAdd('Call tomorrow', { timeZone: browserTimeZone() }).task.title).toBe('Call');
      }
    } finally {
      reported.mockRestore();
    }
  });
});

describe('isTimeZone', () => {
  it('keeps one formatter per zone, however the name is spelled (the API checks any spelling it is sent)', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    const kept = cachedTimeZoneCount();
    const spellings = Array.from({ length: 64 }, (_, i) =>
      [...'europe/berlin'].map((c, j) => ((i >> (j % 6)) & 1 ? c.toUpperCase() : c)).join(''),
    );
    expect(new Set(spellings).size).toBe(64);
    for (const spelling of spellings) expect(isTimeZone(spelling)).toBe(true);
    expect(cachedTimeZoneCount()).toBe(kept);
  });
});

describe('visibleTasksHolding', () => {
  it('keeps a just-completed task where it was in the active view until it is let go', () => {
    const a = aTask({ id: 'a', title: 'A', createdAt: '2030-01-03T00:00:00Z' });
    const b = aTask({ id: 'b', title: 'B', createdAt: '2030-01-02T00:00:00Z' });
    const c = aTask({ id: 'c', title: 'C', createdAt: '2030-01-01T00:00:00Z' });
    const doneB = { ...b, completed: true, completedAt: '2030-01-04T00:00:00Z' };
    const now = new Date('2030-01-05T00:00:00Z');
    const held = visibleTasksHolding([a, doneB, c], defaultFilter, now, new Map([['b', b]]));
    expect(held.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(held[1]?.completed).toBe(true);
    expect(visibleTasksHolding([a, doneB, c], defaultFilter, now, new Map()).map((t) => t.id)).toEqual([
      'a',
      'c',
    ]);
  });
});
