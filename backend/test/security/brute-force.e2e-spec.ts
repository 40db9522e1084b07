import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ACCOUNT_LOGIN_LIMIT } from '../../src/throttling/auth-limits.js';

// trustProxy is on, so X-Forwarded-For is the client IP: each test gets addresses no other test uses.
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

const login = (app: TestApp, email: string, password: string, ip = freshIp()) =>
  app.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

describe('brute force on sign-in', () => {
  let replicaA: TestApp;
  let replicaB: TestApp | undefined;
  let victim: SignedInUser;
  let bystander: SignedInUser;

  beforeAll(async () => {
    const env = { RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '1000' };
    replicaA = await startTestApp(env);
    // Two replicas share one database only on PostgreSQL (each PGlite test app has its own copy).
    if (replicaA.kind === 'postgres') replicaB = await startTestApp(env);
    victim = await signUp(replicaA);
    bystander = await signUp(replicaA);
  });
  afterAll(async () => {
    await replicaA.close();
    await replicaB?.close();
  });

  it('limits one account, from rotating IPs and across replicas, without locking out others', async () => {
    const replicas = [replicaA, replicaB ?? replicaA];
    for (let i = 0; i < ACCOUNT_LOGIN_LIMIT; i += 1) {
      const response = await login(replicas[i % 2]!, victim.email, 'wrong-password-123');
      expect(response.status, `attempt ${i + 1}`).toBe(401);
    }
    const blocked = await login(replicas[1]!, victim.email.toUpperCase(), PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    // Even the right password waits: the guesser must not learn it was right.
    expect((await login(replicas[0]!, victim.email, PASSWORD)).status).toBe(429);
    expect((await login(replicas[0]!, bystander.email, PASSWORD)).status).toBe(200);
  });

  it('limits one IP across replicas', async () => {
    if (!replicaB) {
      console.info(
        '[brute-force] cross-replica IP limit needs TEST_DATABASE_URL (PostgreSQL); skipped on PGlite',
      );
      return;
    }
    const env = { RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '4' };
    const [a, b] = [await startTestApp(env), await startTestApp(env)];
    try {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push(
          (await login(i % 2 ? b : a, `nobody-${i}@example.com`, 'wrong-password-123', ip)).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
