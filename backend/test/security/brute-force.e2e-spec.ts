import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FIRST_DELAY_MS, FREE_LOGIN_FAILURES } from '../../src/throttling/login-backoff.js';

// The test client connects over loopback, a trusted proxy by default (TRUST_PROXY), so X-Forwarded-For names the
// client: each test gets addresses no other test uses.
const WEB_TIER_SECRET = randomBytes(32).toString('base64url');
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
    // Sign-ups from an address of their own: on PostgreSQL other files' apps share the per-address allowances.
    for (const replica of [replicaA, replicaB]) replica?.http.set('X-Forwarded-For', freshIp());
    victim = await signUp(replicaA);
    bystander = await signUp(replicaA);
  });
  afterAll(async () => {
    await replicaA.close();
    await replicaB?.close();
  });

  const expectWait = (response: { status: number; headers: Record<string, string>; body: unknown }) => {
    expect(response.status).toBe(429);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const seconds = Number(response.headers['retry-after']);
    expect(response.body).toMatchObject({
      type: '/problems/too-many-requests',
      detail: `Too many failed sign-ins to this account; try again in ${seconds} seconds.`,
    });
    return seconds;
  };
  const fail = (app: TestApp, email: string, ip = freshIp()) => login(app, email, 'wrong-password-123', ip);

  it('slows one account after failures, from rotating IPs and across replicas, with growing delays', async () => {
    const person = await signUp(replicaA);
    const replicas = [replicaA, replicaB ?? replicaA];
    for (let i = 0; i <= FREE_LOGIN_FAILURES; i += 1) {
      expect((await fail(replicas[i % 2]!, person.email)).status, `failure ${i + 1}`).toBe(401);
    }
    // Even the right password waits: the guesser must not learn it was right.
    const first = expectWait(await login(replicas[1]!, person.email.toUpperCase(), PASSWORD));
    expect(first).toBe(FIRST_DELAY_MS / 1000);
    await sleep(first * 1000 + 100);
    expect((await fail(replicas[0]!, person.email)).status).toBe(401);
    const second = expectWait(await login(replicas[1]!, person.email, PASSWORD));
    expect(second).toBe(2 * first);
    expect((await login(replicas[0]!, bystander.email, PASSWORD)).status).toBe(200);
  });

  it('lets the owner in from a known device while strangers fail from 10 addresses', async () => {
    const home = freshIp();
    expect((await login(replicaA, victim.email, PASSWORD, home)).status).toBe(200);
    const replicas = [replicaA, replicaB ?? replicaA];
    const attempts: number[] = [];
    for (let i = 0; i < 10; i += 1) attempts.push((await fail(replicas[i % 2]!, victim.email)).status);
    expect(attempts.slice(0, FREE_LOGIN_FAILURES + 1)).toEqual(
      Array<number>(FREE_LOGIN_FAILURES + 1).fill(401),
    );
    expect(attempts.slice(FREE_LOGIN_FAILURES + 1)).toEqual(
      Array<number>(10 - FREE_LOGIN_FAILURES - 1).fill(429),
    );
    expectWait(await login(replicaA, victim.email, PASSWORD));
    // The address the owner signed in from is let through.
    expect((await login(replicas[1]!, victim.email, PASSWORD, home)).status).toBe(200);
    // And that success forgot the failures: a new device signs in too.
    expect((await login(replicaA, victim.email, PASSWORD)).status).toBe(200);
  });

  it('knows the browser behind the web tier by the address the web tier forwards', async () => {
    const app = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      GATEWAY_SECRET: WEB_TIER_SECRET,
    });
    app.http.set('X-Forwarded-For', freshIp());
    try {
      const person = await signUp(app);
      const browser = freshIp();
      const viaWebTier = (ip: string, password: string) =>
        app.http
          .post('/api/v1/auth/login')
          .set({ 'X-Gateway-Auth': WEB_TIER_SECRET, 'X-Gateway-Client-IP': ip })
          .send({ email: person.email, password });
      expect((await viaWebTier(browser, PASSWORD)).status).toBe(200);
      for (let i = 0; i < 10; i += 1) await viaWebTier(freshIp(), 'wrong-password-123');
      expectWait(await viaWebTier(freshIp(), PASSWORD));
      expect((await viaWebTier(browser, PASSWORD)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('does not count successful sign-ins', async () => {
    const person = await signUp(replicaA);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i += 1) statuses.push((await login(replicaA, person.email, PASSWORD)).status);
    expect(statuses).toEqual(Array<number>(15).fill(200));
    for (let i = 0; i < FREE_LOGIN_FAILURES; i += 1)
      expect((await fail(replicaA, person.email)).status).toBe(401);
    expect((await login(replicaA, person.email, PASSWORD)).status).toBe(200);
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
