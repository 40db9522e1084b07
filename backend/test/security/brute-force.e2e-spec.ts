import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ACCOUNT_LOGIN_LIMIT } from '../../src/auth/auth-limits.js';

// The test client connects over loopback, a trusted proxy by default (TRUST_PROXY), so X-Forwarded-For names the
// client: each test gets addresses no other test uses.
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
    expect(blocked.body).toMatchObject({
      type: '/problems/too-many-requests',
      detail: `Too many attempts; try again in ${blocked.headers['retry-after']} seconds.`,
    });
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

  it('ignores X-Forwarded-For entries a client writes before the address its proxy saw', async () => {
    const app = await startTestApp({ RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const seenByProxy = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const forged = `${freshIp()}, ${seenByProxy}`;
        statuses.push((await login(app, `nobody-${i}@example.com`, 'wrong-password-123', forged)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      // And the entry the proxy wrote is the key: six different ones are six clients, none limited.
      const distinct: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        distinct.push(
          (await login(app, `nobody-${i}@example.com`, 'wrong-password-123', `1.1.1.1, ${freshIp()}`)).status,
        );
      }
      expect(distinct).toEqual([401, 401, 401, 401, 401, 401]);
    } finally {
      await app.close();
    }
  });

  it('ignores X-Forwarded-For altogether when no proxy is trusted', async () => {
    const app = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      AUTH_RATE_LIMIT_PER_MINUTE: '3',
      TRUST_PROXY: 'false',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        statuses.push((await login(app, `nobody-${i}@example.com`, 'wrong-password-123')).status);
      }
      // Every attempt came from the same socket address, whatever each claimed.
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await app.close();
    }
  });
});
