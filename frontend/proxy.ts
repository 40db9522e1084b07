import { NextResponse, type NextRequest } from 'next/server';
import { needsRefresh } from './lib/auth/jwt';
import { refreshSession } from './lib/auth/refresh';
import { clearSession, readSession, requestIsSecure, writeSession } from './lib/auth/session';
import { cookieNames } from './lib/auth/cookies';
import { buildCsp, createNonce } from './lib/security/csp';

/**
 * Runs before every page render. It does three things and no authorisation (the API decides who may
 * see what): sets the per-request CSP nonce, renews an expiring session transparently (so server
 * components, which cannot set cookies, always see a fresh access token), and redirects between the
 * signed-in and signed-out parts of the app.
 */
const PUBLIC_PATHS = ['/login', '/register'];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const secure = requestIsSecure(request.url, request.headers);
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));

  let { accessToken, refreshToken } = readSession(request.cookies);
  let renewed: Parameters<typeof writeSession>[1] | null = null;
  let expired = false;

  if (refreshToken && needsRefresh(accessToken)) {
    const outcome = await refreshSession(refreshToken, request.headers.get('x-forwarded-for'));
    if (outcome.ok) {
      renewed = outcome.tokens;
      accessToken = outcome.tokens.accessToken;
      refreshToken = outcome.tokens.refreshToken;
    } else if (outcome.status < 500) {
      expired = true;
      accessToken = refreshToken = undefined;
    }
  }
  const signedIn = Boolean(accessToken || refreshToken);

  let response: NextResponse;
  if (!isPublic && !signedIn && pathname !== '/') {
    const url = new URL('/login', request.url);
    url.search = '';
    url.searchParams.set('next', pathname + search);
    if (expired) url.searchParams.set('expired', '1');
    response = NextResponse.redirect(url);
  } else if (pathname === '/') {
    response = NextResponse.redirect(new URL(signedIn ? '/tasks' : '/login', request.url));
  } else if (isPublic && signedIn && !expired) {
    response = NextResponse.redirect(new URL('/tasks', request.url));
  } else {
    const nonce = createNonce();
    const csp = buildCsp(nonce, {
      dev: process.env.NODE_ENV === 'development',
      https: secure,
      assetOrigin: originOf(process.env.ASSET_PREFIX),
    });
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    headers.set('Content-Security-Policy', csp);
    if (renewed) {
      // Let this very render see the new token: rewrite the cookie header the page will read.
      const names = cookieNames(secure);
      request.cookies.set(names.access, renewed.accessToken);
      request.cookies.set(names.refresh, renewed.refreshToken);
      headers.set('cookie', request.cookies.toString());
    }
    response = NextResponse.next({ request: { headers } });
    response.headers.set('Content-Security-Policy', csp);
  }

  if (renewed) writeSession(response.cookies, renewed, secure);
  if (expired) clearSession(response.cookies, secure);
  return response;
}

function originOf(value: string | undefined): string {
  if (!value) return '';
  try {
    return new URL(value).origin;
  } catch {
    return '';
  }
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|healthz|favicon.ico|icon.svg|robots.txt).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
