import { NextResponse, type NextRequest } from 'next/server';
import { clientAddress } from './lib/api/client-address';
import { SessionRenewal } from './lib/auth/session-renewal';
import { requestIsSecure } from './lib/auth/session';
import { cookieNames } from './lib/auth/cookies';
import { buildCsp, createNonce } from './lib/security/csp';

/**
 * Runs before every page render. It does three things and no authorisation (the API decides who may
 * see what): sets the per-request CSP nonce, renews an expiring session transparently (so server
 * components, which cannot set cookies, always see a fresh access token), and redirects between the
 * signed-in and signed-out parts of the app. When the session cannot be renewed right now (the API is
 * busy or down), the person stays signed in and gets a page that retries by itself.
 */
const PUBLIC_PATHS = ['/login', '/register'];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const secure = requestIsSecure(request.url, request.headers);
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));

  const session = new SessionRenewal(request.cookies, secure, clientAddress(request.headers));
  await session.renewIfExpiring();
  const stuckFor = session.stuckForSeconds;
  if (stuckFor !== undefined) return withTransportSecurity(renewalUnavailable(stuckFor), secure);
  const renewed = session.renewed;
  const expired = session.ended;
  const signedIn = Boolean(session.accessToken || session.refreshToken);

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

  session.writeCookies(response.cookies, secure);
  return withTransportSecurity(response, secure);
}

/**
 * HSTS on https answers only: browsers ignore it over plain http anyway, and `npm start` on localhost must stay
 * reachable over http. No includeSubDomains or preload: those commit sibling hosts, which is the operator's call.
 */
function withTransportSecurity(response: NextResponse, secure: boolean): NextResponse {
  if (secure) response.headers.set('Strict-Transport-Security', 'max-age=63072000');
  return response;
}

/** 503 with Retry-After for a page load whose session could not be renewed for a passing reason. */
function renewalUnavailable(retryAfterSeconds: number): NextResponse {
  const body =
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="${retryAfterSeconds}">` +
    '<title>Back in a moment</title><p>We could not renew your session just now. You are still signed in; ' +
    `this page tries again in ${retryAfterSeconds} seconds.</p></html>`;
  return new NextResponse(body, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(retryAfterSeconds),
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'",
    },
  });
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
