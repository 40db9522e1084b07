import { JwtService } from '@nestjs/jwt';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../src/database/schema/index.js';
import { Housekeeping } from '../../src/housekeeping/housekeeping.js';
import { PASSWORD, signUp, uniqueEmail } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'e2e-signing-key-that-is-long-enough-for-hs256-0123456789';
const GATEWAY_SECRET = 'e2e-gateway-key-that-is-long-enough-0123456789';
// The grace window is the web tier's alone (see gateway.e2e-spec.ts); these tests renew as the web tier does.
const webTier = { 'X-Gateway-Auth': GATEWAY_SECRET };

describe('Auth', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ JWT_SECRET: SECRET, GATEWAY_SECRET });
  });
  afterAll(() => sut.close());

  describe('register', () => {
    it('creates the account and returns a session without the password', async () => {
      const email = uniqueEmail('ada');
      const response = await sut.http
        .post('/api/v1/auth/register')
        .send({ email, password: PASSWORD, name: 'Ada' })
        .expect(201);
      expect(response.body).toMatchObject({
        user: { email, name: 'Ada' },
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(response.body.accessToken).toEqual(expect.any(String));
      expect(response.body.refreshToken).toEqual(expect.any(String));
      expect(JSON.stringify(response.body)).not.toContain(PASSWORD);
      expect(response.headers['cache-control']).toContain('no-store');
    });

    it('returns 409 for an email already registered, in any letter case', async () => {
      const email = uniqueEmail('dup');
      await sut.http.post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'A' }).expect(201);
      const response = await sut.http
        .post('/api/v1/auth/register')
        .send({ email: email.toUpperCase(), password: PASSWORD, name: 'B' })
        .expect(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 409, title: 'Conflict' });
    });

    it.each([
      ['password', { password: 'short-pass1' }],
      ['password', { password: 'x'.repeat(100) + 'y'.repeat(29) }],
      ['password', { password: 'password1234' }],
      ['name', { name: '' }],
      ['name', { name: 'n'.repeat(101) }],
      ['email', { email: 'not-an-email' }],
      ['role', { role: 'admin' }],
      ['id', { id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b' }],
    ])('returns 400 naming %s when it is invalid or unknown', async (field, change) => {
      const response = await sut.http
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail(), password: PASSWORD, name: 'Ada', ...change })
        .expect(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    });

    it('accepts a 128-character password and compares it in full', async () => {
      const email = uniqueEmail('long');
      const password = 'pqrstuvw'.repeat(15) + 'end-tail';
      await sut.http.post('/api/v1/auth/register').send({ email, password, name: 'Long' }).expect(201);
      await sut.http
        .post('/api/v1/auth/login')
        .send({ email, password: password.slice(0, 127) + 's' })
        .expect(401);
      await sut.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    });
  });

  describe('login', () => {
    it('signs in with the email in any letter case', async () => {
      const user = await signUp(sut);
      const response = await sut.http
        .post('/api/v1/auth/login')
        .send({ email: user.email.toUpperCase(), password: PASSWORD })
        .expect(200);
      expect(response.body.user.id).toBe(user.id);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const user = await signUp(sut);
      const wrong = await sut.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'wrong-password-123' })
        .expect(401);
      const unknown = await sut.http
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail('ghost'), password: 'wrong-password-123' })
        .expect(401);
      const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
    });
  });

  describe('refresh', () => {
    const refresh = (refreshToken: string) =>
      sut.http.post('/api/v1/auth/refresh').set(webTier).send({ refreshToken });
    const me = (accessToken: string) =>
      sut.http.get('/api/v1/users/me').set('Authorization', `Bearer ${accessToken}`);

    it('returns a new pair and spends the old refresh token', async () => {
      const user = await signUp(sut);
      const first = await refresh(user.refreshToken).expect(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      await me(first.body.accessToken).expect(200);
      const second = await refresh(first.body.refreshToken).expect(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    });

    it('gives concurrent refreshes with one token the same new refresh token, and the session goes on', async () => {
      const user = await signUp(sut);
      const results = await Promise.all([1, 2, 3].map(() => refresh(user.refreshToken)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      const successors = new Set(results.map((r) => r.body.refreshToken as string));
      expect(successors.size).toBe(1);
      for (const result of results) await me(result.body.accessToken).expect(200);
      const [successor] = successors;
      const next = await refresh(successor!).expect(200);
      await me(next.body.accessToken).expect(200);
    });

    it('within the grace window answers the just-rotated token with the same successor, for the same person', async () => {
      const user = await signUp(sut);
      const first = await refresh(user.refreshToken).expect(200);
      const again = await refresh(user.refreshToken).expect(200);
      expect(again.body.refreshToken).toBe(first.body.refreshToken);
      expect(again.body.user.id).toBe(user.id);
      await me(again.body.accessToken).expect(200);
    });

    it('revokes the whole family when a token two rotations old is presented, even within the window', async () => {
      const user = await signUp(sut);
      const second = await refresh(user.refreshToken).expect(200);
      const third = await refresh(second.body.refreshToken).expect(200);
      await refresh(user.refreshToken).expect(401);
      await refresh(third.body.refreshToken).expect(401);
      await refresh(second.body.refreshToken).expect(401);
    });

    it('keeps the successor unreadable in the database', async () => {
      const user = await signUp(sut);
      const rotated = await refresh(user.refreshToken).expect(200);
      const rows = await sut.database.db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.userId, user.id));
      expect(rows.some((row) => row.successorSeal)).toBe(true);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(rotated.body.refreshToken);
      expect(stored).not.toContain(user.refreshToken);
    });

    it('returns 401 for an unknown token', async () => {
      await refresh('nope').expect(401);
    });
  });

  describe('refresh after the grace window', () => {
    let shortGrace: TestApp;
    const pastTheWindow = () => new Promise((resolve) => setTimeout(resolve, 1_200));

    beforeAll(async () => {
      shortGrace = await startTestApp({
        JWT_SECRET: SECRET,
        GATEWAY_SECRET,
        REFRESH_REUSE_GRACE_SECONDS: '1',
      });
    });
    afterAll(() => shortGrace.close());

    it('treats the rotated token as stolen: 401, and the whole family is revoked', async () => {
      const user = await signUp(shortGrace);
      const rotated = await shortGrace.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(200);
      await pastTheWindow();
      await shortGrace.http
        .post('/api/v1/auth/refresh')
        .set(webTier)
        .send({ refreshToken: user.refreshToken })
        .expect(401);
      await shortGrace.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: rotated.body.refreshToken })
        .expect(401);
    });

    it('lets housekeeping drop the sealed successor once the window has passed', async () => {
      const user = await signUp(shortGrace);
      await shortGrace.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(200);
      const seals = async () =>
        (
          await shortGrace.database.db
            .select({ seal: refreshTokens.successorSeal })
            .from(refreshTokens)
            .where(eq(refreshTokens.userId, user.id))
        ).filter((row) => row.seal !== null).length;
      expect(await seals()).toBe(1);
      await pastTheWindow();
      await shortGrace.app.get(Housekeeping).run();
      expect(await seals()).toBe(0);
    });
  });

  describe('logout', () => {
    it('returns 204 and the refresh token stops working', async () => {
      const user = await signUp(sut);
      await sut.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    });
  });

  describe('bearer tokens', () => {
    const jwt = new JwtService();
    const sign = (payload: object, options: Record<string, unknown> = {}) =>
      jwt.sign(payload, {
        secret: SECRET,
        issuer: 'todo-api',
        audience: 'todo-clients',
        expiresIn: 60,
        jwtid: 'jti-1',
        ...options,
      });

    it('returns the current user for a valid access token', async () => {
      const user = await signUp(sut, { name: 'Grace' });
      const response = await sut.http.get('/api/v1/users/me').set(user.auth).expect(200);
      expect(response.body).toEqual({
        id: user.id,
        email: user.email,
        name: 'Grace',
        createdAt: expect.any(String),
      });
    });

    it.each([
      ['no header', undefined],
      ['a non-bearer scheme', 'Basic dXNlcjpwYXNz'],
      ['garbage', 'Bearer not.a.jwt'],
    ])('returns 401 with %s', async (_label, header) => {
      const request = sut.http.get('/api/v1/users/me');
      if (header) request.set('Authorization', header);
      const response = await request.expect(401);
      // RFC 9728: the challenge names where an agent learns how to get a token.
      expect(response.headers['www-authenticate']).toMatch(
        /^Bearer resource_metadata="https?:\/\/[^"]+\/\.well-known\/oauth-protected-resource"$/,
      );
    });

    it('returns 401 for expired, tampered, wrong-audience, wrong-type and alg=none tokens', async () => {
      const user = await signUp(sut);
      const expired = sign({ typ: 'access' }, { subject: user.id, expiresIn: -10 });
      const wrongAudience = sign({ typ: 'access' }, { subject: user.id, audience: 'someone-else' });
      const wrongType = sign({ typ: 'refresh' }, { subject: user.id });
      const otherSecret = jwt.sign(
        { typ: 'access' },
        { secret: 'x'.repeat(40), subject: user.id, expiresIn: 60 },
      );
      const [header, payload] = user.accessToken.split('.');
      const tampered = `${header}.${payload}.${'A'.repeat(43)}`;
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      for (const token of [expired, wrongAudience, wrongType, otherSecret, tampered, none]) {
        await sut.http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(401);
      }
      await sut.http.get('/api/v1/users/me').set('Authorization', `Bearer ${user.refreshToken}`).expect(401);
      await sut.http
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${sign({ typ: 'access' }, { subject: user.id })}`)
        .expect(200);
    });
  });
});

describe('Auth rate limit', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => sut.close());

  it('answers 429 with Retry-After once the limit is spent', async () => {
    // An address of its own: other files share this database's limiter and sign in from loopback too.
    const address = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
    const attempt = () =>
      sut.http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', address)
        .send({ email: uniqueEmail(), password: 'wrong-password-123' });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toContain('application/problem+json');
  });
});
