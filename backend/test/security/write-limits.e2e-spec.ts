import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = 'application/problem+json';
// Sign-ups here all come from one address; the per-address auth limit is not what these tests are about.
const LIMITS_ON = { RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '1000' };

/**
 * An app with rate limits on whose requests come from an address of their own (loopback is a trusted proxy, so
 * X-Forwarded-For names the client): on PostgreSQL every test app shares the limits table, and these sign-ups must
 * not spend the per-address allowance of other files' apps.
 */
async function startLimitedApp(env: Record<string, string>): Promise<TestApp> {
  const app = await startTestApp({ ...LIMITS_ON, ...env });
  app.http.set('X-Forwarded-For', `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`);
  return app;
}

const post = (sut: TestApp, user: SignedInUser, title: string) =>
  sut.http.post('/api/v1/tasks').set(user.auth).send({ title });

const createPat = async (sut: TestApp, user: SignedInUser, scopes = ['tasks:write']) => {
  const response = await sut.http
    .post('/api/v1/tokens')
    .set(user.auth)
    .send({ name: 'agent', scopes })
    .expect(201);
  return response.body as { id: string; token: string };
};

/** One JSON-RPC message (or a batch, given an array) to /mcp, over the same HTTP as everything else. */
const mcp = (sut: TestApp, token: string, body: unknown) =>
  sut.http
    .post('/mcp')
    .set({ authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream' })
    .send(body as object);

const toolCall = (id: number, name: string, args: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

const expectTooManyWrites = (response: {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}) => {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toContain(PROBLEM);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.body).toMatchObject({
    type: '/problems/too-many-requests',
    status: 429,
    detail: `Too many writes; try again in ${retryAfter} seconds.`,
  });
};

describe('write rate limits', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startLimitedApp({ TOKEN_WRITE_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => sut.close());

  it('answers 429 with Retry-After past 300 writes a minute by one user, and leaves everyone else alone', async () => {
    const [busy, other] = [await signUp(sut), await signUp(sut)];
    const statuses: number[] = [];
    for (let i = 0; i < 310; i += 1) statuses.push((await post(sut, busy, `rapid ${i}`)).status);
    expect(statuses.slice(0, 300).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(300)).toEqual(Array<number>(10).fill(429));
    expectTooManyWrites(await post(sut, busy, 'one more'));
    // Other writes of the same user count too; reads do not.
    const task = (await sut.http.get('/api/v1/tasks?limit=1').set(busy.auth).expect(200)).body.items[0];
    expectTooManyWrites(await sut.http.delete(`/api/v1/tasks/${task.id}`).set(busy.auth));
    expect((await post(sut, other, 'unaffected')).status).toBe(201);
  });

  it('limits each personal access token on its own, below its user', async () => {
    const user = await signUp(sut);
    const pat = await createPat(sut, user);
    const asPat = { ...user, auth: { Authorization: `Bearer ${pat.token}` } };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await post(sut, asPat, `agent ${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect((await post(sut, user, 'the person still writes')).status).toBe(201);
  });

  it('counts each MCP tool write, and refuses JSON-RPC batches', async () => {
    const user = await signUp(sut);
    const pat = await createPat(sut, user);
    const batch = Array.from({ length: 100 }, (_, i) =>
      toolCall(i + 1, 'createTask', { title: `batched ${i}` }),
    );
    const refused = await mcp(sut, pat.token, batch);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
    expect(refused.body.error.message).toMatch(/batch/i);

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await mcp(sut, pat.token, toolCall(i, 'createTask', { title: `tool ${i}` }))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expectTooManyWrites(await mcp(sut, pat.token, toolCall(9, 'createTask', { title: 'again' })));
    // Reading tools are not writes.
    const listed = await mcp(sut, pat.token, toolCall(10, 'listTasks', { limit: 50 }));
    expect(listed.status).toBe(200);
    expect(listed.body.result.structuredContent.items).toHaveLength(5);
  });

  it('is off with RATE_LIMIT_ENABLED=false', async () => {
    const app = await startTestApp({ RATE_LIMIT_ENABLED: 'false', WRITE_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const user = await signUp(app);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await post(app, user, `free ${i}`)).status);
      expect(statuses).toEqual([201, 201, 201, 201]);
    } finally {
      await app.close();
    }
  });
});

describe('write limits across replicas', () => {
  it('shares one budget between two API processes on one database', async (context) => {
    // One JWT_SECRET, as replicas have: a session from one is valid on the other.
    const env = {
      WRITE_RATE_LIMIT_PER_MINUTE: '4',
      JWT_SECRET: randomBytes(48).toString('base64url'),
    };
    const a = await startLimitedApp(env);
    // Two replicas share one database only on PostgreSQL (each PGlite test app has its own copy).
    if (a.kind !== 'postgres') {
      await a.close();
      context.skip();
    }
    const b = await startLimitedApp(env);
    try {
      const user = await signUp(a);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await post(i % 2 ? b : a, user, `shared ${i}`)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('quotas', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ MAX_TASKS_PER_USER: '3', MAX_TOKENS_PER_USER: '2' });
  });
  afterAll(() => sut.close());

  const expectQuota = (
    response: { status: number; headers: Record<string, string>; body: unknown },
    what: string,
  ) => {
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toContain(PROBLEM);
    expect(response.body).toMatchObject({
      type: '/problems/quota-exceeded',
      title: 'Quota exceeded',
      status: 409,
    });
    expect((response.body as { detail: string }).detail).toContain(what);
  };

  it('refuses a task past MAX_TASKS_PER_USER with 409 quota-exceeded, trash included, until room is made', async () => {
    const [full, other] = [await signUp(sut), await signUp(sut)];
    const tasks = [await createTask(sut, full), await createTask(sut, full), await createTask(sut, full)];
    expectQuota(await post(sut, full, 'a fourth'), 'limit of 3 tasks');
    await sut.http.delete(`/api/v1/tasks/${tasks[0]!.id}`).set(full.auth).expect(204);
    expectQuota(await post(sut, full, 'still full: the trash counts'), 'limit of 3 tasks');
    await sut.http.delete(`/api/v1/trash/${tasks[0]!.id}`).set(full.auth).expect(204);
    expect((await post(sut, full, 'room again')).status).toBe(201);
    expect((await post(sut, other, 'another account')).status).toBe(201);

    const pat = await createPat(sut, full);
    const viaTool = await mcp(sut, pat.token, toolCall(1, 'createTask', { title: 'over MCP' }));
    expect(viaTool.status).toBe(200);
    expect(viaTool.body.result.isError).toBe(true);
    expect(JSON.parse(viaTool.body.result.content[0].text)).toMatchObject({
      type: '/problems/quota-exceeded',
      status: 409,
    });
  });

  it('refuses a personal access token past MAX_TOKENS_PER_USER; revoking one makes room', async () => {
    const user = await signUp(sut);
    const first = await createPat(sut, user);
    await createPat(sut, user);
    expectQuota(
      await sut.http
        .post('/api/v1/tokens')
        .set(user.auth)
        .send({ name: 'third', scopes: ['tasks:read'] }),
      'limit of 2 active personal access tokens',
    );
    await sut.http.delete(`/api/v1/tokens/${first.id}`).set(user.auth).expect(204);
    await createPat(sut, user);
    const listed = await sut.http.get('/api/v1/tokens').set(user.auth).expect(200);
    expect(listed.body.items).toHaveLength(2);
  });
});
