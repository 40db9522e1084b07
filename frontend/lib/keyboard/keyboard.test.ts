import { describe, expect, it } from 'vitest';
import { filterCommands, moveActive } from './commands';
import { isSingleCharacterKey, readSingleKeyShortcuts, SINGLE_KEY_STORAGE_KEY } from './single-key';

const commands = [
  { label: 'New task', keywords: 'add create' },
  { label: 'Search tasks', keywords: 'find filter' },
  { label: 'Go to Tasks', keywords: 'board list' },
  { label: 'Go to Trash', keywords: 'deleted restore' },
  { label: 'Go to Settings', keywords: 'tokens preferences' },
  { label: 'Show keyboard shortcuts', keywords: 'help keys' },
];
const labels = (q: string) => filterCommands(commands, q).map((c) => c.label);

describe(filterCommands.name, () => {
  it('keeps every command, in order, for an empty query', () => {
    expect(labels('')).toEqual(commands.map((c) => c.label));
    expect(labels('   ')).toHaveLength(commands.length);
  });

  it('matches every typed word against the start of a word, ignoring case and accents', () => {
    expect(labels('go tr')).toEqual(['Go to Trash']);
    expect(labels('GO TO')).toEqual(['Go to Tasks', 'Go to Trash', 'Go to Settings']);
    expect(labels('sét')).toEqual(['Go to Settings']);
    expect(labels('help')).toEqual(['Show keyboard shortcuts']);
    expect(labels('ask')).toEqual([]);
  });

  it('puts labels that start with the query first', () => {
    const more = [{ label: 'Empty the trash' }, { label: 'Trash' }];
    expect(filterCommands(more, 'tra').map((c) => c.label)).toEqual(['Trash', 'Empty the trash']);
    expect(labels('search')[0]).toBe('Search tasks');
    expect(labels('new')).toEqual(['New task']);
  });
});

describe(moveActive.name, () => {
  it('moves with the arrows, wraps at the ends and jumps with Home/End', () => {
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'Home')).toBe(0);
    expect(moveActive(0, 3, 'End')).toBe(2);
    expect(moveActive(5, 3, 'x')).toBe(2);
    expect(moveActive(0, 0, 'ArrowDown')).toBe(-1);
  });
});

describe('single-key shortcut setting', () => {
  const storage = (value: string | null) => ({
    getItem: (k: string) => (k === SINGLE_KEY_STORAGE_KEY ? value : null),
  });

  it('is on unless turned off, and on when storage cannot be read', () => {
    expect(readSingleKeyShortcuts(storage(null))).toBe(true);
    expect(readSingleKeyShortcuts(storage('off'))).toBe(false);
    expect(readSingleKeyShortcuts(undefined)).toBe(true);
    expect(
      readSingleKeyShortcuts({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe(true);
  });

  it('governs printable characters without Ctrl, Cmd or Alt only', () => {
    const k = (key: string, mods: Partial<KeyboardEvent> = {}) =>
      isSingleCharacterKey({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    for (const key of ['n', 'j', '/', '?', 'X', '1']) expect(k(key)).toBe(true);
    for (const key of ['ArrowDown', 'Enter', 'Escape', 'Delete', ' ', 'F6']) expect(k(key)).toBe(false);
    expect(k('k', { ctrlKey: true })).toBe(false);
    expect(k('k', { metaKey: true })).toBe(false);
    expect(k('z', { altKey: true })).toBe(false);
  });
});
