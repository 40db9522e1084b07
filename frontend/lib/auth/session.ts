import 'server-only';
import type { AuthTokens } from '@todo/openapi';
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

/** Reads the session under either naming (a deployment switching to https keeps working). */
export function readSession(cookies: CookieReader): { accessToken?: string; refreshToken?: string } {
  return {
    accessToken: cookies.get(SECURE_NAMES.access)?.value ?? cookies.get(PLAIN_NAMES.access)?.value,
    refreshToken: cookies.get(SECURE_NAMES.refresh)?.value ?? cookies.get(PLAIN_NAMES.refresh)?.value,
  };
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
