import 'server-only';
import type { AuthTokens } from '@todo/openapi';
import { headers } from 'next/headers';
import { config } from '../config';
import {
  accessCookieMaxAge,
  cookieNames,
  cookieOptions,
  isSecureRequest,
  PLAIN_NAMES,
  SECURE_NAMES,
} from './cookies';

export interface CookieReader {
  get(name: string): { value: string } | undefined;
}
export interface CookieWriter {
  set(name: string, value: string, options: ReturnType<typeof cookieOptions>): unknown;
}

export function requestIsSecure(url: string, headers: Headers): boolean {
  return isSecureRequest(config.cookieSecure, url, headers.get('x-forwarded-proto'));
}

/** The scheme of the request being handled, for server components and actions (which see only its headers). */
export async function currentRequestIsSecure(): Promise<boolean> {
  const h = await headers();
  const proto = h.get('x-forwarded-proto');
  const host = h.get('host') ?? 'localhost';
  return requestIsSecure(`${proto === 'https' ? 'https' : 'http'}://${host}/`, h);
}

/**
 * Reads the session under the naming of this request's scheme only. Over https the `__Host-` prefix is the point:
 * a plain-named cookie there may have been planted by a sibling subdomain or a plain-http response, so it is ignored.
 */
export function readSession(
  cookies: CookieReader,
  secure: boolean,
): { accessToken?: string; refreshToken?: string } {
  const names = cookieNames(secure);
  return { accessToken: cookies.get(names.access)?.value, refreshToken: cookies.get(names.refresh)?.value };
}

export function writeSession(cookies: CookieWriter, tokens: AuthTokens, secure: boolean): void {
  const names = cookieNames(secure);
  cookies.set(names.access, tokens.accessToken, cookieOptions(secure, accessCookieMaxAge(tokens.expiresIn)));
  cookies.set(names.refresh, tokens.refreshToken, cookieOptions(secure, config.sessionMaxAgeDays * 86_400));
}

export function clearSession(cookies: CookieWriter, secure: boolean): void {
  for (const names of secure ? [SECURE_NAMES] : [PLAIN_NAMES]) {
    cookies.set(names.access, '', cookieOptions(secure, 0));
    cookies.set(names.refresh, '', cookieOptions(secure, 0));
  }
}
