import { describe, expect, it } from 'vitest';
import {
  countTasks,
  defaultFilter,
  filterFromParams,
  filterToParams,
  isDueToday,
  listSegments,
  needsBrowserZone,
  suggestTags,
  tagsInUse,
  visibleTasks,
} from './filters';
import { aTask } from './task.factory';

const now = new Date('2026-03-10T12:00:00+01:00');

describe('visibleTasks', () => {
  const overdue = aTask({
    title: 'Pay rent',
    dueAt: '2026-03-09T09:00:00+01:00',
    priority: 'high',
    tags: ['home'],
  });
  const today = aTask({ title: 'Call mom', dueAt: '2026-03-10T18:00:00+01:00', tags: ['family'] });
  const done = aTask({ title: 'Buy milk', completed: true, tags: ['home'] });
  const later = aTask({ title: 'Write report', description: 'quarterly numbers', priority: 'low' });
  const all = [later, done, today, overdue];

  it('shows open tasks by default, due first', () => {
    expect(visibleTasks(all, defaultFilter, now).map((t) => t.title)).toEqual([
      'Pay rent',
      'Call mom',
      'Write report',
    ]);
  });
  it('filters by status, priority, tag and due window', () => {
    expect(visibleTasks(all, { ...defaultFilter, status: 'completed' }, now)).toEqual([done]);
    expect(visibleTasks(all, { ...defaultFilter, status: 'all', tag: 'home' }, now)).toHaveLength(2);
    expect(visibleTasks(all, { ...defaultFilter, priority: 'low' }, now)).toEqual([later]);
    expect(visibleTasks(all, { ...defaultFilter, due: 'overdue' }, now)).toEqual([overdue]);
    expect(visibleTasks(all, { ...defaultFilter, due: 'today' }, now)).toEqual([today]);
  });
  it('searches as the API does: every word in title or notes case-insensitively, #word a tag', () => {
    expect(visibleTasks(all, { ...defaultFilter, q: 'QUARTERLY' }, now)).toEqual([later]);
    expect(visibleTasks(all, { ...defaultFilter, q: '#family' }, now)).toEqual([today]);
    expect(visibleTasks(all, { ...defaultFilter, q: 'call rent' }, now)).toEqual([]);
  });
  it('sorts by title and priority', () => {
    expect(
      visibleTasks(all, { ...defaultFilter, status: 'all', sort: 'title' }, now).map((t) => t.title),
    ).toEqual(['Buy milk', 'Call mom', 'Pay rent', 'Write report']);
    expect(visibleTasks(all, { ...defaultFilter, sort: '-priority' }, now)[0]).toBe(overdue);
    // The API's meaning: `priority` ascending is low first.
    expect(visibleTasks(all, { ...defaultFilter, sort: 'priority' }, now)[0]?.priority).toBe('low');
  });
  it('counts every bucket', () => {
    expect(countTasks(all, now)).toEqual({ all: 4, active: 3, completed: 1, overdue: 1, today: 1 });
  });
});

describe('isDueToday', () => {
  it('uses the local calendar day', () => {
    expect(isDueToday(aTask({ dueAt: '2026-03-10T00:00:00+01:00' }), now)).toBe(true);
    expect(isDueToday(aTask({ dueAt: '2026-03-10T23:59:00+01:00' }), now)).toBe(true);
    expect(isDueToday(aTask({ dueAt: '2026-03-11T00:00:00+01:00' }), now)).toBe(false);
  });
});

describe('tags', () => {
  it('orders tags by use and suggests unused matches', () => {
    const tasks = [aTask({ tags: ['work', 'home'] }), aTask({ tags: ['home'] })];
    expect(tagsInUse(tasks)).toEqual(['home', 'work']);
    expect(suggestTags(['home', 'work', 'homework'], ['home'], 'ho')).toEqual(['homework']);
  });
});

describe('filter ↔ URL', () => {
  it('round-trips and ignores junk', () => {
    const f = {
      ...defaultFilter,
      status: 'all' as const,
      tag: 'home',
      due: 'today' as const,
      q: 'milk',
      sort: 'title' as const,
    };
    expect(filterFromParams(filterToParams(f))).toEqual(f);
    expect(filterFromParams(new URLSearchParams('status=nope&priority=urgent&sort=drop'))).toEqual(
      defaultFilter,
    );
  });
});

describe('views and the API query', () => {
  const yesterday = aTask({ title: 'Yesterday', dueAt: '2026-03-09T12:00:00+01:00' });
  const today = aTask({ title: 'Today', dueAt: '2026-03-10T23:30:00+01:00' });
  const inSix = aTask({ title: 'In six days', dueAt: '2026-03-16T23:00:00+01:00' });
  const inSeven = aTask({ title: 'In seven days', dueAt: '2026-03-17T00:00:00+01:00' });
  const doneToday = aTask({ title: 'Done', dueAt: '2026-03-10T09:00:00+01:00', completed: true });
  const undated = aTask({ title: 'Undated' });
  const all = [yesterday, today, inSix, inSeven, doneToday, undated];
  const titles = (view: 'today' | 'upcoming') =>
    visibleTasks(all, { ...defaultFilter, view }, now).map((t) => t.title);

  it('Today holds open tasks due by the end of today; Upcoming the 7 days from today', () => {
    expect(titles('today')).toEqual(['Yesterday', 'Today']);
    expect(titles('upcoming')).toEqual(['Today', 'In six days']);
  });
  it('asks the API for the same: day bounds in the browser zone, open tasks only', () => {
    expect(listSegments({ ...defaultFilter, view: 'today', status: 'all' }, now)).toEqual([
      { query: { completed: 'false', dueBefore: '2026-03-10T23:00:00.000Z', sort: 'dueAt' } },
    ]);
    expect(listSegments({ ...defaultFilter, view: 'upcoming', sort: 'title' }, now)).toEqual([
      {
        query: {
          completed: 'false',
          dueAfter: '2026-03-09T23:00:00.000Z',
          dueBefore: '2026-03-16T23:00:00.000Z',
          sort: 'dueAt',
        },
      },
    ]);
  });
  it('passes filters, the whole search and an API sort through', () => {
    const f = {
      ...defaultFilter,
      status: 'completed' as const,
      priority: 'high' as const,
      tag: 'home',
      q: ' #work  Seeded 15 ',
      sort: '-priority' as const,
    };
    expect(listSegments(f, now)).toEqual([
      {
        query: { sort: '-priority', completed: 'true', priority: 'high', tag: 'home', q: '#work  Seeded 15' },
      },
    ]);
  });
  it('reads smart as API sorts: per status open first, dated by dueAt, then undated newest first', () => {
    const far = '9999-12-31T00:00:00Z';
    expect(listSegments({ ...defaultFilter, status: 'all' }, now)).toEqual([
      { query: { completed: 'false', sort: 'dueAt', dueBefore: far } },
      { query: { completed: 'false', due: 'none', sort: '-createdAt' } },
      { query: { completed: 'true', sort: 'dueAt', dueBefore: far } },
      { query: { completed: 'true', due: 'none', sort: '-createdAt' } },
    ]);
    const tasks = [
      aTask({ title: 'Undated old', createdAt: '2026-01-01T00:00:00Z' }),
      aTask({ title: 'Undated new', createdAt: '2026-02-01T00:00:00Z' }),
      aTask({ title: 'Done dated', dueAt: '2026-03-01T00:00:00Z', completed: true }),
      aTask({ title: 'Dated late', dueAt: '2026-05-01T00:00:00Z' }),
      aTask({ title: 'Dated soon', dueAt: '2026-04-01T00:00:00Z' }),
    ];
    expect(visibleTasks(tasks, { ...defaultFilter, status: 'all' }, now).map((t) => t.title)).toEqual([
      'Dated soon',
      'Dated late',
      'Undated new',
      'Undated old',
      'Done dated',
    ]);
  });
  it('reads the sort the way the API means it, and an unknown one as the default', () => {
    expect(filterFromParams(new URLSearchParams('sort=priority')).sort).toBe('priority');
    expect(filterFromParams(new URLSearchParams('sort=-priority')).sort).toBe('-priority');
    expect(filterFromParams(new URLSearchParams('sort=nope&view=upcoming'))).toEqual({
      ...defaultFilter,
      view: 'upcoming',
    });
  });
});

describe('the Assigned to me view', () => {
  const me = '00000000-0000-4000-8000-00000000000a';
  const other = '00000000-0000-4000-8000-00000000000b';
  const mine = aTask({ title: 'Mine', assigneeId: me });
  const theirs = aTask({ title: 'Theirs', assigneeId: other });
  const nobodys = aTask({ title: 'Nobody’s' });
  const mineDone = aTask({ title: 'Mine, done', assigneeId: me, completed: true });
  const assigned = filterFromParams(new URLSearchParams('view=assigned'));

  it('is a view of the URL, and asks the API for open tasks with assignee=me, server-rendered', () => {
    expect(assigned.view).toBe('assigned');
    expect(filterToParams(assigned).toString()).toBe('view=assigned');
    const queries = listSegments(assigned, now).map((s) => s.query);
    expect(queries.every((q) => q.assignee === 'me' && q.completed === 'false')).toBe(true);
    expect(needsBrowserZone(assigned)).toBe(false);
  });

  it('shows live tasks assigned to the signed-in person only, open ones', () => {
    const all = [mine, theirs, nobodys, mineDone];
    expect(visibleTasks(all, { ...assigned, me }, now).map((t) => t.title)).toEqual(['Mine']);
  });
});
