import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('headers and exposure', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => sut.close());

  it('sends security headers and no x-powered-by on API answers, errors included', async () => {
    const user = await signUp(sut);
    for (const response of [
      await sut.http.get('/api/v1/users/me').set(user.auth).expect(200),
      await sut.http.get('/api/v1/tasks/not-a-uuid').set(user.auth).expect(400),
      await sut.http.get('/api/v1/nothing-here').expect(404),
      await sut.http.get('/health/ready').expect(200),
    ]) {
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-request-id']).toBeTruthy();
    }
  });

  it('never leaks a stack trace or internals in an error body', async () => {
    const responses = [
      await sut.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":'),
      await sut.http.post('/api/v1/auth/login').set('content-type', 'text/plain').send('x'),
      await sut.http.get('/api/v1/tasks/%E0%A4%A'),
      await sut.http.post('/api/v1/auth/register').send({ email: 'x', password: 1, name: [], extra: true }),
    ];
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules|stack|drizzle|postgres/i);
    }
  });

  it('answers requests Node rejects before routing (oversized headers, bad syntax) as problem+json', async () => {
    await sut.app.listen(0, '127.0.0.1');
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    const oversized = await fetch(`http://127.0.0.1:${port}/api/v1/tasks`, {
      headers: { 'x-big': 'a'.repeat(20_000) },
    });
    expect(oversized.status).toBe(431);
    expect(oversized.headers.get('content-type')).toContain('application/problem+json');
    expect(await oversized.json()).toMatchObject({
      status: 431,
      type: '/problems/request-header-fields-too-large',
    });

    // The client never ends its side (allowHalfOpen): the server must still close the connection.
    const serverSideClosed = new Promise<void>((resolve) =>
      sut.app.getHttpServer().once('connection', (socket: Socket) => socket.once('close', () => resolve())),
    );
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () =>
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
      );
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    const stillOpen = new Promise<string>((resolve) =>
      setTimeout(() => resolve('still open after 3 s'), 3000),
    );
    expect(await Promise.race([serverSideClosed.then(() => 'closed'), stillOpen])).toBe('closed');
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain('application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400 });
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const allowed = await sut.http
      .options('/api/v1/tasks')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    for (const method of ['PATCH', 'DELETE']) {
      const preflight = await sut.http
        .options('/api/v1/tasks/3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', method)
        .set('Access-Control-Request-Headers', 'authorization, content-type, if-match');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toContain(method);
      expect(preflight.headers['access-control-allow-headers']).toContain('if-match');
    }
    const unknown = await sut.http
      .options('/api/v1/tasks')
      .set('Origin', 'https://evil.example.net')
      .set('Access-Control-Request-Method', 'POST');
    expect(unknown.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await sut.http.get('/health/live').set('Origin', 'https://evil.example.net');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves /docs under a strict CSP: scripts only from itself or with its nonce, nothing from elsewhere', async () => {
    const response = await sut.http.get('/docs').expect(200);
    const csp = String(response.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(directives.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(directives.get(name), name).toEqual(["'none'"]);
    }
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    const scripts = response.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) {
      if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
    }
    // A new nonce per response.
    const again = await sut.http.get('/docs').expect(200);
    expect(again.headers['content-security-policy']).not.toContain(nonce);
  });

  it('serves /docs only when DOCS_ENABLED, and /metrics only with METRICS_TOKEN when one is set', async () => {
    await sut.http.get('/docs').expect(200);
    const locked = await startTestApp({ DOCS_ENABLED: 'false', METRICS_TOKEN: 'x'.repeat(32) });
    try {
      await locked.http.get('/docs').expect(404);
      await locked.http.get('/metrics').expect(401);
      await locked.http
        .get('/metrics')
        .set('Authorization', `Bearer ${'x'.repeat(32)}`)
        .expect(200);
    } finally {
      await locked.close();
    }
  });
});
