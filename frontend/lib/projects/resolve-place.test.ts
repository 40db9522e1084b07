import { describe, expect, it } from 'vitest';
import { parseQuickAdd } from '@todo/quick-add';
import { pickByName, resolvePlace } from './resolve-place';

const projects = [
  { id: 'inbox', name: 'Inbox', isInbox: true },
  { id: 'home', name: 'Home office', isInbox: false },
  { id: 'work', name: 'Work', isInbox: false },
  { id: 'workshop', name: 'Workshop', isInbox: false },
];
const sections: Record<string, { id: string; name: string }[]> = {
  inbox: [{ id: 'later', name: 'Later' }],
  work: [
    { id: 'next', name: 'Next week' },
    { id: 'waiting', name: 'Waiting' },
  ],
};
const sectionsOf = async (id: string) => sections[id] ?? [];

describe('quick add places: +Project and /Section', () => {
  it('reads the first +Project and /Section as names, out of the title, only when asked', () => {
    const parsed = parseQuickAdd('Send invoice +Work /next-week #billing +Home', { places: true });
    expect(parsed.place).toEqual({ project: 'Work', section: 'next-week' });
    expect(parsed.task.title).toBe('Send invoice +Home');
    expect(parsed.tokens.map((t) => [t.kind, t.text])).toEqual([
      ['project', '+Work'],
      ['section', '/next-week'],
      ['tag', '#billing'],
    ]);
    const plain = parseQuickAdd('Send invoice +Work /next-week', {});
    expect(plain.place).toEqual({ project: null, section: null });
    expect(plain.task.title).toBe('Send invoice +Work /next-week');
  });

  it('leaves counts, fractions, paths and a token turned back into words in the title', () => {
    const parsed = parseQuickAdd('Add +1 to a/b and // then /usr/bin +Work', {
      places: true,
      literal: ['+Work'],
    });
    expect(parsed.place).toEqual({ project: null, section: null });
    expect(parsed.task.title).toBe('Add +1 to a/b and // then /usr/bin +Work');
  });

  it('matches names ignoring case, spaces, hyphens and underscores; an exact name before a unique prefix', () => {
    expect(pickByName(projects, 'home-office')?.id).toBe('home');
    expect(pickByName(projects, 'HOME_office')?.id).toBe('home');
    expect(pickByName(projects, 'work')?.id).toBe('work');
    expect(pickByName(projects, 'works')?.id).toBe('workshop');
    expect(pickByName(projects, 'wor')).toBeUndefined();
  });

  it('resolves a project and its section to ids, a lone section in the Inbox, and says what it cannot find', async () => {
    await expect(
      resolvePlace({ project: 'work', section: 'waiting' }, projects, sectionsOf),
    ).resolves.toEqual({
      ok: true,
      projectId: 'work',
      sectionId: 'waiting',
    });
    await expect(resolvePlace({ project: null, section: 'later' }, projects, sectionsOf)).resolves.toEqual({
      ok: true,
      projectId: 'inbox',
      sectionId: 'later',
    });
    await expect(resolvePlace({ project: null, section: null }, projects, sectionsOf)).resolves.toEqual({
      ok: true,
    });
    await expect(resolvePlace({ project: 'Garden', section: null }, projects, sectionsOf)).resolves.toEqual({
      ok: false,
      message: 'No project is called “Garden”.',
    });
    await expect(
      resolvePlace({ project: 'Work', section: 'Someday' }, projects, sectionsOf),
    ).resolves.toEqual({
      ok: false,
      message: 'Work has no section called “Someday”.',
    });
  });
});
