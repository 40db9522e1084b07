import { sql } from 'drizzle-orm';
import type supertest from 'supertest';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { signUp, uniqueEmail, PASSWORD } from '../factories/users.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A connection pool and a network between the API and its database exist on PostgreSQL only.
const provided = inject('database');

const expectUnavailable = (response: supertest.Response) => {
  expect(response.status, JSON.stringify(response.body)).toBe(503);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
  expect(JSON.stringify(response.body)).not.toMatch(/select|insert|failed query/i);
};

describe.skipIf(provided.kind !== 'postgres')('The API while its database is unavailable', () => {
  let sut: TestApp | undefined;
  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  /** Every kind of call a client makes: reads, writes, and sign-in. */
  const callEverything = async (app: TestApp, auth: { Authorization: string }, taskId: string) => [
    await app.http.get('/api/v1/tasks').set(auth),
    await app.http.get(`/api/v1/tasks/${taskId}`).set(auth),
    await app.http.get('/api/v1/users/me').set(auth),
    await app.http.post('/api/v1/tasks').set(auth).send({ title: 'while the database is away' }),
    await app.http.patch(`/api/v1/tasks/${taskId}`).set(auth).send({ completed: true }),
    await app.http
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: PASSWORD, name: 'N' }),
  ];

  it('answers reads and writes 503 with Retry-After once the database is gone', async () => {
    const url = new URL(provided.kind === 'postgres' ? provided.url : '');
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    sut = await startTestApp({ DATABASE_URL: url.toString(), DB_CONNECT_TIMEOUT_MS: '1000' });
    const user = await signUp(sut);
    const created = await sut.http.post('/api/v1/tasks').set(user.auth).send({ title: 'before' }).expect(201);

    await proxy.close();
    for (const response of await callEverything(sut, user.auth, created.body.id as string)) {
      expectUnavailable(response);
    }
  });

  it('answers 503 when nothing listens where the database should be', async () => {
    const url = new URL(provided.kind === 'postgres' ? provided.url : '');
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    await proxy.close();
    sut = await startTestApp({ DATABASE_URL: url.toString(), DB_CONNECT_TIMEOUT_MS: '1000' });
    const response = await sut.http
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail(), password: PASSWORD });
    expectUnavailable(response);
  });

  it('answers 503 when the pool cannot hand out a connection in time', async () => {
    sut = await startTestApp({ DB_POOL_MAX: '1', DB_CONNECT_TIMEOUT_MS: '500' });
    const app = sut;
    const user = await signUp(app);
    const created = await app.http.post('/api/v1/tasks').set(user.auth).send({ title: 'before' }).expect(201);
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = () => undefined as void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const transaction = app.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      holding();
      await held;
    });
    await isHolding;
    try {
      const startedAt = Date.now();
      const [read, write] = [
        await app.http.get('/api/v1/tasks').set(user.auth).timeout(8000),
        await app.http
          .patch(`/api/v1/tasks/${created.body.id as string}`)
          .set(user.auth)
          .send({ completed: true })
          .timeout(8000),
      ];
      expectUnavailable(read);
      expectUnavailable(write);
      expect(Date.now() - startedAt).toBeLessThan(5000);
    } finally {
      release();
      await transaction;
    }
    // The pool recovers once the connection is back.
    await app.http.get('/api/v1/tasks').set(user.auth).expect(200);
  });
});
