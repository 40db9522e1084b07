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

/** A `next` path is only followed when it is a local path (no open redirects to other sites). */
export function safeReturnPath(next: string | null | undefined, fallback = '/tasks'): string {
  if (!next || typeof next !== 'string') return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\r\n]/.test(next)) return fallback;
  if (next.startsWith('/login') || next.startsWith('/register') || next.startsWith('/api/')) return fallback;
  return next;
}
