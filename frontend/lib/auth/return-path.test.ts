import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './cookies';

describe('safeReturnPath refuses what a browser would read as another site', () => {
  it.each([
    ['/\t/evil.example/phish', 'TAB, dropped by browsers'],
    ['/\n/evil.example', 'newline'],
    ['/\r\n/evil.example', 'CR LF'],
    ['/\u000b/evil.example', 'vertical tab'],
    ['/\u0000/evil.example', 'NUL'],
    ['/\u007f/evil.example', 'DEL'],
    ['/a\\..\\/evil.example', 'backslash anywhere'],
    ['/%09/evil.example'.replace('%09', '\t'), 'decoded TAB from ?next=%2F%09%2F'],
    ['http:evil.example', 'scheme without slashes'],
    ['/register?next=/x', 'the sign-up page'],
    ['/api/v1/tasks', 'the API gateway'],
  ])('%j (%s) falls back to /tasks', (next) => {
    expect(safeReturnPath(next)).toBe('/tasks');
  });

  it('keeps a local path with its query and fragment, normalised', () => {
    expect(safeReturnPath('/tasks?status=all#t1')).toBe('/tasks?status=all#t1');
    expect(safeReturnPath('/settings/../tasks')).toBe('/tasks');
    expect(safeReturnPath('/loginhelp')).toBe('/loginhelp');
  });
});
