import type { CookieSecureMode } from '../config';

/**
 * Session cookie policy. Over https the cookies are `__Host-` prefixed and `Secure` (the prefix is only
 * accepted by browsers together with Secure, Path=/ and no Domain). Over plain http — `npm start` on
 * localhost — the same cookies are set without prefix and without Secure, otherwise the browser would
 * drop them. `SESSION_COOKIE_SECURE=true` forces the production behaviour regardless of the request.
 */
export interface CookieNames {
  access: string;
  refresh: string;
}

export const SECURE_NAMES: CookieNames = { access: '__Host-todo_at', refresh: '__Host-todo_rt' };
export const PLAIN_NAMES: CookieNames = { access: 'todo_at', refresh: 'todo_rt' };

/** Whether this request should get Secure cookies: decided by the mode, else by the scheme the browser used. */
export function isSecureRequest(mode: CookieSecureMode, url: string, forwardedProto: string | null): boolean {
  if (mode === 'true') return true;
  if (mode === 'false') return false;
  const proto = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  if (proto) return proto === 'https';
  return url.startsWith('https:');
}

export function cookieNames(secure: boolean): CookieNames {
  return secure ? SECURE_NAMES : PLAIN_NAMES;
}

export interface CookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax';
  path: '/';
  maxAge: number;
}

export function cookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
  return {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  };
}

/** Access cookie outlives the token by nothing: it expires 30 s early so the server refreshes in time. */
export function accessCookieMaxAge(expiresInSeconds: number): number {
  return Math.max(5, expiresInSeconds - 30);
}

const RETURN_PATH_BASE = 'http://return-path.invalid';
function hasControlOrBackslash(path: string): boolean {
  for (const char of path) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || char === '\\') return true;
  }
  return false;
}

const AUTH_PAGES = /^\/(login|register|api)(\/|$)/;

/**
 * A `next` path is only followed when it resolves to this site. Browsers drop TAB and newlines and read `\` as `/`,
 * so `/\t/evil.example` would leave the site: such characters refuse the path before it is parsed as a URL.
 */
export function safeReturnPath(next: string | null | undefined, fallback = '/tasks'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || hasControlOrBackslash(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, RETURN_PATH_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== RETURN_PATH_BASE || AUTH_PAGES.test(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
