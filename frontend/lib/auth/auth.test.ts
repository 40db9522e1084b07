import { describe, expect, it } from 'vitest';
import { accessCookieMaxAge, cookieNames, cookieOptions, isSecureRequest, safeReturnPath } from './cookies';
import { needsRefresh, tokenExpiresAt } from './jwt';
import { isSameOriginMutation } from './origin';
import { validateCredentials } from './validation';

describe('session cookies', () => {
  it('are __Host- and Secure over https, plain over http, unless forced', () => {
    expect(isSecureRequest('auto', 'http://localhost:3000/', null)).toBe(false);
    expect(isSecureRequest('auto', 'http://pod:3000/', 'https')).toBe(true);
    expect(isSecureRequest('auto', 'https://todo.example/', null)).toBe(true);
    expect(isSecureRequest('true', 'http://localhost/', null)).toBe(true);
    expect(isSecureRequest('false', 'https://x/', 'https')).toBe(false);
    expect(cookieNames(true).access).toMatch(/^__Host-/);
    expect(cookieNames(false).access).not.toMatch(/^__Host-/);
    expect(cookieOptions(true, 60)).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 60,
    });
    expect(accessCookieMaxAge(900)).toBe(870);
  });
});

describe('safeReturnPath', () => {
  it('only follows local paths', () => {
    expect(safeReturnPath('/tasks?status=all')).toBe('/tasks?status=all');
    expect(safeReturnPath('//evil.example')).toBe('/tasks');
    expect(safeReturnPath('/\\evil.example')).toBe('/tasks');
    expect(safeReturnPath('https://evil.example')).toBe('/tasks');
    expect(safeReturnPath('/login')).toBe('/tasks');
    expect(safeReturnPath(undefined)).toBe('/tasks');
  });
});

describe('isSameOriginMutation', () => {
  const base = { method: 'POST', host: 'todo.example', secFetchSite: null };
  it('accepts same-origin and safe methods, refuses cross-site', () => {
    expect(isSameOriginMutation({ ...base, origin: 'https://todo.example' })).toBe(true);
    expect(isSameOriginMutation({ ...base, origin: 'https://evil.example' })).toBe(false);
    expect(isSameOriginMutation({ ...base, origin: 'null' })).toBe(false);
    expect(isSameOriginMutation({ ...base, origin: null, secFetchSite: 'cross-site' })).toBe(false);
    expect(isSameOriginMutation({ ...base, origin: null, secFetchSite: 'same-origin' })).toBe(true);
    expect(isSameOriginMutation({ ...base, method: 'GET', origin: 'https://evil.example' })).toBe(true);
  });
});

describe('jwt expiry', () => {
  const token = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
  it('reads exp and refreshes shortly before it', () => {
    expect(tokenExpiresAt(token(1000))).toBe(1_000_000);
    expect(needsRefresh(token(1000), 1_000_000 - 60_000)).toBe(false);
    expect(needsRefresh(token(1000), 1_000_000 - 10_000)).toBe(true);
    expect(needsRefresh(undefined)).toBe(true);
    expect(tokenExpiresAt('opaque')).toBeNull();
  });
});

describe('validateCredentials', () => {
  it('mirrors the API rules', () => {
    expect(validateCredentials({ email: 'a@b.co', password: 'short', name: 'A' }, 'register')).toEqual({
      password: 'Use at least 12 characters.',
    });
    expect(validateCredentials({ email: 'nope', password: 'x' }, 'login')).toHaveProperty('email');
    expect(
      validateCredentials({ email: 'a@b.co', password: 'long enough pw', name: ' ' }, 'register'),
    ).toHaveProperty('name');
    expect(validateCredentials({ email: 'a@b.co', password: 'x' }, 'login')).toEqual({});
  });

  it('counts characters as people do and refuses the simple weak passwords the API refuses', () => {
    const register = (password: string) =>
      validateCredentials({ email: 'grace.h@b.co', password, name: 'Grace' }, 'register').password;
    expect(register('\u{1F600}\u{1F601}\u{1F602}\u{1F603}\u{1F604}\u{1F605}')).toBe(
      'Use at least 12 characters.',
    );
    expect(register('      \t\t\t\t\t\t')).toBe('Use at least 5 different characters.');
    expect(register('my-grace.h-is-long')).toBe('Leave your email address out of your password.');
    expect(register('amazing-GRACE-123')).toBe('Leave your name out of your password.');
    expect(register('horse-\u{1F40E}\u{1F434}-'.repeat(12) + 'stable-lamp-41')).toBeUndefined();
    expect(register('correct horse battery staple')).toBeUndefined();
  });
});
