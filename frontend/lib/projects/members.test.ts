import { describe, expect, it } from 'vitest';
import { initials } from './members';

describe('initials', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['ada', 'A'],
    ['  Grace   Brewster Hopper ', 'GH'],
    ['Émile Zola', 'ÉZ'],
    ['', '?'],
  ])('%j → %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });

  it('falls back to the email when the name is blank', () => {
    expect(initials(' ', 'zoe@example.com')).toBe('Z');
  });
});
