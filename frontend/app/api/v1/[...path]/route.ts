import type { NextRequest } from 'next/server';
import { clientAddress } from '@/lib/api/client-address';
import { gatewayHeaders } from '@/lib/api/gateway';
import { config } from '@/lib/config';
import { isSameOriginMutation } from '@/lib/auth/origin';
import { clearSession, requestIsSecure } from '@/lib/auth/session';
import { SessionRenewal } from '@/lib/auth/session-renewal';

/**
 * Same-origin gateway from the browser to the API. The browser holds only httpOnly cookies; this
 * handler turns the session cookie into `Authorization: Bearer`, renews an expiring session on the
 * way (retrying once after a 401; 503 with Retry-After, cookies kept, when renewal fails for a passing
 * reason), rejects cross-site mutations, and streams the response through —
 * including the text/event-stream of live task events. Agents that send their own Authorization
 * header are forwarded untouched. /api/v1/auth/* is not exposed: signing in happens in server
 * actions so that tokens never reach JavaScript.
 */
export const dynamic = 'force-dynamic';

const FORWARD_REQUEST = [
  'accept',
  'content-type',
  'if-match',
  'if-none-match',
  'idempotency-key',
  'last-event-id',
  'x-request-id',
];
const FORWARD_RESPONSE = [
  'content-type',
  'location',
  'etag',
  'retry-after',
  'cache-control',
  'x-request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
];

function problem(status: number, title: string, detail: string, instance: string, headers = {}) {
  return Response.json(
    { type: 'about:blank', title, status, detail, instance },
    {
      status,
      headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers },
    },
  );
}

function renewalUnavailable(retryAfterSeconds: number, instance: string) {
  const detail = `Your session could not be renewed just now; you are still signed in. Retry in ${retryAfterSeconds} s.`;
  return problem(503, 'Service Unavailable', detail, instance, { 'Retry-After': String(retryAfterSeconds) });
}

async function handle(request: NextRequest, ctx: { params: Promise<{ path: string[] }> }) {
  const { path } = await ctx.params;
  const apiPath = `/api/v1/${path.map(encodeURIComponent).join('/')}`;
  if (path[0] === 'auth') {
    return problem(
      404,
      'Not Found',
      'Sign in through the web app; this gateway does not hand out tokens.',
      apiPath,
    );
  }

  const ownAuth = request.headers.get('authorization');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (
    !ownAuth &&
    !isSameOriginMutation({
      method: request.method,
      origin: request.headers.get('origin'),
      secFetchSite: request.headers.get('sec-fetch-site'),
      host,
    })
  ) {
    return problem(403, 'Forbidden', 'Cross-site request refused.', apiPath);
  }

  const secure = requestIsSecure(request.url, request.headers);
  const browserAddress = clientAddress(request.headers);
  const session = new SessionRenewal(request.cookies, secure, browserAddress);
  if (!ownAuth) {
    await session.renewIfExpiring();
    const stuckFor = session.stuckForSeconds;
    if (stuckFor !== undefined) return renewalUnavailable(stuckFor, apiPath);
  }

  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const target = `${config.backendUrl}${apiPath}${request.nextUrl.search}`;
  const send = () => {
    const headers = new Headers();
    for (const name of FORWARD_REQUEST) {
      const value = request.headers.get(name);
      if (value) headers.set(name, value);
    }
    const auth = ownAuth ?? (session.accessToken ? `Bearer ${session.accessToken}` : null);
    if (auth) headers.set('authorization', auth);
    for (const [name, value] of Object.entries(gatewayHeaders(browserAddress))) headers.set(name, value);
    return fetch(target, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  };

  let upstream: Response;
  try {
    upstream = await send();
    if (upstream.status === 401 && !ownAuth && (await session.renew())) {
      await upstream.body?.cancel();
      upstream = await send();
    }
  } catch {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return problem(
      502,
      'Bad Gateway',
      'The API is not reachable right now; nothing was changed. Try again in a moment.',
      apiPath,
    );
  }

  const retryAfter = session.retryAfterSeconds;
  if (upstream.status === 401 && !ownAuth && retryAfter !== undefined) {
    await upstream.body?.cancel();
    return renewalUnavailable(retryAfter, apiPath);
  }

  const headers = new Headers();
  for (const name of FORWARD_RESPONSE) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (headers.get('content-type')?.startsWith('text/event-stream')) {
    // no-transform keeps the compression layer from buffering the stream.
    headers.set('Cache-Control', 'no-cache, no-transform');
    headers.set('X-Accel-Buffering', 'no');
  } else if (!headers.has('cache-control')) {
    headers.set('Cache-Control', 'no-store');
  }

  const response = new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers,
  });
  const cookieJar = {
    set: (name: string, value: string, o: { maxAge: number; secure: boolean }) =>
      appendCookie(response.headers, name, value, o),
  };
  session.writeCookies(cookieJar, secure);
  if (upstream.status === 401 && !ownAuth && !session.ended) clearSession(cookieJar, secure);
  return response;
}

function appendCookie(headers: Headers, name: string, value: string, o: { maxAge: number; secure: boolean }) {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${o.maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (o.secure) parts.push('Secure');
  headers.append('Set-Cookie', parts.join('; '));
}

export { handle as GET, handle as POST, handle as PATCH, handle as PUT, handle as DELETE, handle as HEAD };
