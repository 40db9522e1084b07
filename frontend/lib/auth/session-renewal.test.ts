import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

/**
 * Session renewal as proxy.ts and the /api/v1 gateway do it, against a small stand-in for the API on a real
 * socket: what each answer of POST /auth/refresh does to the person's cookies and to the response.
 */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const jwt = (expSeconds: number) =>
  `h.${Buffer.from(JSON.stringify({ exp: expSeconds })).toString('base64url')}.s`;
const expiredAccess = jwt(Math.floor(Date.now() / 1000) - 60);
const freshAccess = jwt(Math.floor(Date.now() / 1000) + 900);
const tokens = (refreshToken: string) => ({
  user: { id: 'u1', email: 'ada@example.test', name: 'Ada', createdAt: '2026-01-01T00:00:00.000Z' },
  accessToken: freshAccess,
  refreshToken,
  tokenType: 'Bearer',
  expiresIn: 900,
});

let api: Server;
let refreshCalls: string[] = [];
let answerRefresh: (refreshToken: string) => Promise<Answer> | Answer | 'drop';

beforeAll(async () => {
  api = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let answer: Answer;
    if (req.url === '/api/v1/auth/refresh') {
      const { refreshToken } = JSON.parse(raw) as { refreshToken: string };
      refreshCalls.push(refreshToken);
      const planned = await answerRefresh(refreshToken);
      if (planned === 'drop') return void req.socket.destroy();
      answer = planned;
    } else if (req.headers.authorization === `Bearer ${freshAccess}`) {
      answer = { status: 200, body: { items: [] } };
    } else {
      answer = { status: 401, body: { status: 401, title: 'Unauthorized' } };
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  });
  api.listen(0, '127.0.0.1');
  await once(api, 'listening');
  vi.stubEnv('BACKEND_URL', `http://127.0.0.1:${(api.address() as AddressInfo).port}`);
});
afterAll(() => {
  vi.unstubAllEnvs();
  api.close();
});
beforeEach(() => {
  refreshCalls = [];
});

const setCookies = (response: Response) => response.headers.getSetCookie().join('\n');

async function proxyPage(cookie: string) {
  const { proxy } = await import('../../proxy');
  return proxy(new NextRequest('http://web.test/tasks', { headers: { cookie } }));
}

async function gatewayGet(cookie: string) {
  const { GET } = await import('../../app/api/v1/[...path]/route');
  const request = new NextRequest('http://web.test/api/v1/tasks', { headers: { cookie } });
  return GET(request, { params: Promise.resolve({ path: ['tasks'] }) });
}

describe('session renewal', () => {
  it('over https reads only the __Host- cookies: a plain-named one is not a session', async () => {
    answerRefresh = (refreshToken) => ({ status: 200, body: tokens(`${refreshToken}-next`) });
    const { proxy } = await import('../../proxy');
    const page = (cookie: string) =>
      proxy(new NextRequest('https://web.test/tasks', { headers: { cookie } }));

    const planted = await page('todo_rt=rt-planted');
    expect(refreshCalls).toEqual([]);
    expect(new URL(planted.headers.get('location')!).pathname).toBe('/login');

    const real = await page('__Host-todo_rt=rt-real');
    expect(refreshCalls).toEqual(['rt-real']);
    expect(real.headers.get('location')).toBeNull();
    expect(setCookies(real)).toContain('__Host-todo_rt=rt-real-next');
  });

  describe.each([
    ['429 with Retry-After', { status: 429, headers: { 'retry-after': '9' } }, '9'],
    ['503', { status: 503, body: { status: 503 } }, '5'],
  ])('when refresh answers %s (passing)', (_label, answer, retryAfter) => {
    beforeEach(() => {
      answerRefresh = () => answer;
    });

    it('a page load gets 503 with Retry-After and keeps the cookies, with no redirect to sign-in', async () => {
      const response = await proxyPage(`todo_at=${expiredAccess}; todo_rt=rt-busy`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      expect(response.headers.get('location')).toBeNull();
      expect(setCookies(response)).toBe('');
    });

    it('the gateway answers 503 problem+json with Retry-After and keeps the cookies', async () => {
      const response = await gatewayGet(`todo_rt=rt-busy`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(setCookies(response)).toBe('');
    });
  });

  it('keeps using an access token that has not expired yet when renewal is only refused for now', async () => {
    answerRefresh = () => ({ status: 429, headers: { 'retry-after': '9' } });
    const nearlyExpired = jwt(Math.floor(Date.now() / 1000) + 10);
    const { SessionRenewal } = await import('./session-renewal');
    const session = new SessionRenewal(
      cookieReader({ todo_at: nearlyExpired, todo_rt: 'rt-soon' }),
      false,
      null,
    );
    await session.renewIfExpiring();
    expect(session.retryAfterSeconds).toBe(9);
    expect(session.stuckForSeconds).toBeUndefined();
    expect(session.accessToken).toBe(nearlyExpired);
  });

  it('answers 503, not 401, when the API refuses the old access token while renewal is refused for now', async () => {
    answerRefresh = () => ({ status: 429, headers: { 'retry-after': '9' } });
    const nearlyExpired = jwt(Math.floor(Date.now() / 1000) + 10);
    const response = await gatewayGet(`todo_at=${nearlyExpired}; todo_rt=rt-busy`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('9');
    expect(setCookies(response)).toBe('');
  });

  it('treats a dropped connection to the API as passing too', async () => {
    answerRefresh = () => 'drop';
    const { SessionRenewal } = await import('./session-renewal');
    const session = new SessionRenewal(cookieReader({ todo_rt: 'rt-dropped' }), false, null);
    await session.renewIfExpiring();
    expect(session.stuckForSeconds).toBe(5);
    expect(session.ended).toBe(false);
    expect(session.refreshToken).toBe('rt-dropped');
  });

  it.each([401, 400])(
    'ends the session on %i: a page load goes to sign-in and the cookies are cleared',
    async (status) => {
      answerRefresh = () => ({ status, body: { status } });
      const response = await proxyPage(`todo_rt=rt-gone-${status}`);
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toContain('/login?next=%2Ftasks&expired=1');
      expect(setCookies(response)).toMatch(/todo_rt=;.*Max-Age=0/);
    },
  );

  it('renews through the gateway and sets the new cookies', async () => {
    answerRefresh = () => ({ status: 200, body: tokens('rt-next') });
    const response = await gatewayGet('todo_rt=rt-old');
    expect(response.status).toBe(200);
    expect(setCookies(response)).toContain('todo_rt=rt-next');
  });

  it('shares one API call among requests in flight with the same cookie, and remembers nothing after it', async () => {
    let release: (answer: Answer) => void = () => undefined;
    answerRefresh = () => new Promise<Answer>((resolve) => (release = resolve));
    const { refreshSession } = await import('./refresh');
    const first = refreshSession('rt-shared');
    const second = refreshSession('rt-shared');
    await vi.waitFor(() => expect(refreshCalls).toHaveLength(1));
    release({ status: 200, body: tokens('rt-successor') });
    expect(await first).toEqual(await second);

    // Later, the spent cookie is the API's to judge (its grace window or its reuse detection), not a memo's.
    answerRefresh = () => ({ status: 401, body: { status: 401 } });
    expect(await refreshSession('rt-shared')).toEqual({ kind: 'ended' });
    expect(refreshCalls).toEqual(['rt-shared', 'rt-shared']);
  });
});

function cookieReader(values: Record<string, string>) {
  return { get: (name: string) => (name in values ? { value: values[name]! } : undefined) };
}
