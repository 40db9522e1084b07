import { randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../src/database/schema/index.js';
import { PASSWORD, signUp, uniqueEmail } from '../factories/users.js';
import { assertConformance, conformant } from '../support/conformance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SECRET = randomBytes(48).toString('base64url');
const MINUTE = 60;
const DAY_MS = 86_400_000;
const jwt = new JwtService({});

const claimsOf = (accessToken: string) =>
  JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** A correctly signed access token for `userId` with the given claims on top of the usual ones. */
function signed(userId: string, claims: Record<string, unknown>) {
  const now = Math.floor(Date.now() / 1000);
  const base = {
    typ: 'access',
    sub: userId,
    jti: randomUUID(),
    iss: 'todo-api',
    aud: 'todo-clients',
    iat: now,
  };
  return jwt.sign({ ...base, exp: now + 600, ...claims }, { secret: SECRET, algorithm: 'HS256' });
}

describe('credentials', () => {
  let sut: TestApp;
  let http: TestApp['http'];

  beforeAll(async () => {
    sut = await startTestApp({ JWT_SECRET: SECRET });
    http = conformant(sut.http);
  });
  afterAll(async () => {
    await sut.close();
    assertConformance();
  });

  const register = (password: string, person: { email?: string; name?: string } = {}) =>
    http
      .post('/api/v1/auth/register')
      .send({ email: person.email ?? uniqueEmail(), password, name: person.name ?? 'Test User' });

  describe('choosing a password', () => {
    const emoji = '\u{1F600}';
    it.each([
      ['a breached password with a symbol appended', 'password123!'],
      ['a breached password with digits appended', 'qwerty123456789'],
      ['a breached password in capitals and leetspeak', 'P@SSW0RD2024!!'],
      ['a breached password repeated', 'dragondragon'],
      ['twelve spaces and tabs', '      \t\t\t\t\t\t'],
      ['twelve of one emoji', emoji.repeat(12)],
      ['six emoji, twelve UTF-16 units', '\u{1F600}\u{1F601}\u{1F602}\u{1F603}\u{1F604}\u{1F605}'],
    ])('refuses %s with 400 naming password', async (_kind, password) => {
      const response = await register(password).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
    });

    it('refuses a huge password at once, before any check that grows with its length', async () => {
      const started = Date.now();
      const response = await register('1'.repeat(300_000) + 'a').expect(400);
      expect(response.body.errors).toEqual([{ path: 'password', message: 'must be at most 128 characters' }]);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('refuses the email, its local part or the name inside the password', async () => {
      const email = uniqueEmail('grace');
      const local = email.split('@')[0]!;
      for (const [password, person] of [
        [email, { email }],
        [`${local.toUpperCase()}-secret-words`, { email }],
        ['my-name-is-hopper!', { name: 'Hopper' }],
      ] as const) {
        const response = await register(password, person).expect(400);
        expect(response.body.errors, password).toEqual([expect.objectContaining({ path: 'password' })]);
      }
    });

    it.each([
      PASSWORD,
      'correct horse battery staple',
      'CorrectHorse!2024',
      'supersecret-password-1',
      'Tr0ub4dor&3xyz',
      // 12 different emoji are 12 characters; 122 code points (146 UTF-16 units) are within the 128 limit.
      '\u{1F600}\u{1F601}\u{1F602}\u{1F603}\u{1F604}\u{1F605}\u{1F606}\u{1F607}\u{1F608}\u{1F609}\u{1F60A}\u{1F60B}',
      'horse-\u{1F40E}\u{1F434}-'.repeat(12) + 'stable-lamp-41',
    ])('accepts %s', async (password) => {
      expect([...password].length).toBeLessThanOrEqual(128);
      await register(password).expect(201);
    });
  });

  describe('minting personal access tokens', () => {
    const mint = (accessToken: string, body: object = { name: 'agent', scopes: ['tasks:read'] }) =>
      http.post('/api/v1/tokens').set('Authorization', `Bearer ${accessToken}`).send(body);

    it('gives a token without expiresInDays the default lifetime of 90 days', async () => {
      const user = await signUp(sut);
      const { body } = await mint(user.accessToken).expect(201);
      const lifetime = Date.parse(body.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(90 * DAY_MS - 60_000);
      expect(lifetime).toBeLessThanOrEqual(90 * DAY_MS);
      await mint(user.accessToken, { name: 'a', scopes: ['tasks:read'], expiresInDays: 366 }).expect(400);
    });

    it('refuses a session whose password sign-in is older than 15 minutes, with 403 saying sign in again', async () => {
      const user = await signUp(sut);
      const now = Math.floor(Date.now() / 1000);
      for (const stale of [
        signed(user.id, { auth_time: now - 16 * MINUTE }),
        signed(user.id, {}), // no auth_time at all: a token from before sign-in times were recorded
      ]) {
        await http.get('/api/v1/tokens').set('Authorization', `Bearer ${stale}`).expect(200);
        const response = await mint(stale).expect(403);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body).toMatchObject({
          type: '/problems/reauthentication-required',
          detail: expect.stringContaining('sign in again'),
        });
      }
      await mint(signed(user.id, { auth_time: now - 14 * MINUTE })).expect(201);
    });

    it('keeps the sign-in time across refreshes, so renewing a session does not renew the right to mint', async () => {
      const user = await signUp(sut);
      const signedInAt = claimsOf(user.accessToken).auth_time as number;
      expect(Math.abs(signedInAt - Date.now() / 1000)).toBeLessThan(MINUTE);
      const longAgo = new Date(Date.now() - 20 * MINUTE * 1000);
      await sut.database.db
        .update(refreshTokens)
        .set({ authTime: longAgo })
        .where(eq(refreshTokens.userId, user.id));

      const renewed = await http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(200);
      expect(claimsOf(renewed.body.accessToken).auth_time).toBe(Math.floor(longAgo.getTime() / 1000));
      await mint(renewed.body.accessToken).expect(403);

      const again = await http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      await mint(again.body.accessToken).expect(201);
    });
  });
});
