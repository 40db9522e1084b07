import { randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../src/database/schema/index.js';
import { signUp, uniqueEmail } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const GATEWAY_SECRET = randomBytes(32).toString('base64url');
const WRONG_SECRET = randomBytes(32).toString('base64url');
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Headers the web tier sends: its proof and the browser's address. */
const asWebTier = (secret: string, clientIp = freshIp()) => ({
  'X-Gateway-Auth': secret,
  'X-Gateway-Client-IP': clientIp,
});

describe('the web tier, authenticated with GATEWAY_SECRET', () => {
  let sut: TestApp;
  const refresh = (refreshToken: string, headers: Record<string, string> = {}) =>
    sut.http.post('/api/v1/auth/refresh').set(headers).send({ refreshToken });
  const familyRevoked = async (userId: string) => {
    const rows = await sut.database.db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId));
    return rows.length > 0 && rows.every((row) => row.revokedAt !== null);
  };

  beforeAll(async () => {
    sut = await startTestApp({ GATEWAY_SECRET, REFRESH_REUSE_GRACE_SECONDS: '30' });
  });
  afterAll(() => sut.close());

  it('a direct client presenting a spent token at once gets 401 and the family is revoked, grace window or not', async () => {
    const user = await signUp(sut);
    const rotated = await refresh(user.refreshToken).expect(200);
    await refresh(user.refreshToken).expect(401);
    expect(await familyRevoked(user.id)).toBe(true);
    await refresh(rotated.body.refreshToken).expect(401);
  });

  it('the web tier presenting a just-spent token gets the same successor', async () => {
    const user = await signUp(sut);
    const rotated = await refresh(user.refreshToken, asWebTier(GATEWAY_SECRET)).expect(200);
    const again = await refresh(user.refreshToken, asWebTier(GATEWAY_SECRET)).expect(200);
    expect(again.body.refreshToken).toBe(rotated.body.refreshToken);
    expect(await familyRevoked(user.id)).toBe(false);
  });

  it('a wrong secret gets no grace: 401 and the family is revoked', async () => {
    const user = await signUp(sut);
    await refresh(user.refreshToken, asWebTier(GATEWAY_SECRET)).expect(200);
    await refresh(user.refreshToken, asWebTier(WRONG_SECRET)).expect(401);
    expect(await familyRevoked(user.id)).toBe(true);
  });
});

describe('client addresses and refresh limits', () => {
  let sut: TestApp;
  const LIMIT = 3;
  const failedLogin = (headers: Record<string, string>) =>
    sut.http
      .post('/api/v1/auth/login')
      .set(headers)
      .send({ email: uniqueEmail(), password: 'wrong-password-123' });

  beforeAll(async () => {
    sut = await startTestApp({
      GATEWAY_SECRET,
      RATE_LIMIT_ENABLED: 'true',
      AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
  });
  afterAll(() => sut.close());

  it('limits sign-ins per browser address forwarded by the web tier, not per web server', async () => {
    for (let i = 0; i < LIMIT * 3; i += 1) {
      expect((await failedLogin(asWebTier(GATEWAY_SECRET))).status, `browser ${i + 1}`).toBe(401);
    }
    const oneBrowser = asWebTier(GATEWAY_SECRET);
    for (let i = 0; i < LIMIT; i += 1) expect((await failedLogin(oneBrowser)).status).toBe(401);
    expect((await failedLogin(oneBrowser)).status).toBe(429);
  });

  it('ignores the forwarded client address with a wrong secret: every such request counts against its own address', async () => {
    // Its own address: loopback is a trusted proxy by default (TRUST_PROXY), so X-Forwarded-For names it.
    const ownAddress = { 'X-Forwarded-For': freshIp() };
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i += 1) {
      statuses.push((await failedLogin({ ...asWebTier(WRONG_SECRET), ...ownAddress })).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
  });

  it('counts refreshes per session, so 25 junk tokens from one address do not block anyone else renewing', async () => {
    const person = await signUp(sut);
    const attacker = asWebTier(GATEWAY_SECRET);
    const junk: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const response = await sut.http
        .post('/api/v1/auth/refresh')
        .set(attacker)
        .send({ refreshToken: randomBytes(32).toString('base64url') });
      junk.push(response.status);
    }
    expect(junk.slice(0, LIMIT).every((status) => status === 401)).toBe(true);
    expect(junk.at(-1)).toBe(429);
    // The same address as the attacker, as when many browsers share one web server without the gateway secret.
    const renewed = await sut.http
      .post('/api/v1/auth/refresh')
      .set(attacker)
      .send({ refreshToken: person.refreshToken });
    expect(renewed.status).toBe(200);
    const direct = await sut.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: renewed.body.refreshToken });
    expect(direct.status).toBe(200);
  });
});
