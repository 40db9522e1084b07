import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Tasks', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const list = async (user: SignedInUser, query: Record<string, string | number | boolean> = {}) =>
    (await sut.http.get('/api/v1/tasks').set(user.auth).query(query).expect(200)).body as {
      items: TaskBody[];
      nextCursor: string | null;
    };

  describe('createTask', () => {
    it('returns 201 with every field, server-owned defaults and a Location header', async () => {
      const response = await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .send({ title: '  Buy milk  ', tags: ['home', 'errands'], dueAt: '2026-12-01T10:00:00+01:00' })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        title: 'Buy milk',
        description: null,
        completed: false,
        completedAt: null,
        priority: 'medium',
        tags: ['home', 'errands'],
        dueAt: '2026-12-01T09:00:00.000Z',
        remindAt: null,
        recurrence: null,
        // v1.1 (additive): a task sent without a project lands in the creator's Inbox, last.
        projectId: expect.any(String),
        sectionId: null,
        parentId: null,
        position: expect.any(String),
        assigneeId: null,
        createdBy: ada.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      expect(response.headers.location).toBe(`/api/v1/tasks/${response.body.id}`);
      await sut.http.get(response.headers.location!).set(ada.auth).expect(200);
    });

    it.each([
      ['title', { title: '' }],
      ['title', { title: '   ' }],
      ['title', { title: 't'.repeat(201) }],
      ['description', { description: 'd'.repeat(10_001) }],
      ['priority', { priority: 'urgent' }],
      ['tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
      ['tags.0', { tags: ['x'.repeat(33)] }],
      ['tags', { tags: ['a', 'a'] }],
      ['dueAt', { dueAt: 'tomorrow' }],
      ['recurrence', { recurrence: 'hourly' }],
      ['id', { id: randomUUID() }],
      ['userId', { userId: randomUUID() }],
      ['version', { version: 7 }],
      ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ])('returns 400 naming %s and stores nothing', async (field, change) => {
      const before = (await list(bob, { limit: 100 })).items.length;
      const response = await sut.http
        .post('/api/v1/tasks')
        .set(bob.auth)
        .send({ title: 'Valid', ...change })
        .expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
      expect((await list(bob, { limit: 100 })).items).toHaveLength(before);
    });

    it('accepts a title of exactly 200 and a description of exactly 10,000 characters', async () => {
      await createTask(sut, ada, { title: 't'.repeat(200), description: 'd'.repeat(10_000) });
    });

    it('returns 413 for a body over the limit and 415 for a non-JSON body', async () => {
      await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .send({ title: 'big', description: 'x'.repeat(1_100_000) })
        .expect(413);
      await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .set('content-type', 'text/plain')
        .send('hi')
        .expect(415);
      await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .set('content-type', 'application/json')
        .send('{"title":')
        .expect(400);
    });
  });

  it('treats a trailing slash as the same route', async () => {
    const task = await createTask(sut, ada, { title: 'Slash' });
    const list = await sut.http.get('/api/v1/tasks/').set(ada.auth).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(task.id);
    expect((await sut.http.get(`/api/v1/tasks/${task.id}/`).set(ada.auth).expect(200)).body.title).toBe(
      'Slash',
    );
    await sut.http.get('/health/live/').expect(200);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for a retry with the same key and body, creating one task', async () => {
      const user = await signUp(sut);
      const key = randomUUID();
      const first = await sut.http
        .post('/api/v1/tasks')
        .set(user.auth)
        .set('Idempotency-Key', key)
        .send({ title: 'Once' })
        .expect(201);
      const retry = await sut.http
        .post('/api/v1/tasks')
        .set(user.auth)
        .set('Idempotency-Key', key)
        .send({ title: 'Once' })
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.location).toBe(first.headers.location);
      expect((await list(user)).items).toHaveLength(1);
    });

    it('returns 422 for the same key with a different body', async () => {
      const key = randomUUID();
      await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .set('Idempotency-Key', key)
        .send({ title: 'A' })
        .expect(201);
      const response = await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .set('Idempotency-Key', key)
        .send({ title: 'B' })
        .expect(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('creates one task when concurrent retries race with the same key', async () => {
      const user = await signUp(sut);
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          sut.http.post('/api/v1/tasks').set(user.auth).set('Idempotency-Key', key).send({ title: 'Race' }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect((await list(user)).items).toHaveLength(1);
    });

    it('keeps keys per user: another user may use the same key', async () => {
      const key = randomUUID();
      const a = await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .set('Idempotency-Key', key)
        .send({ title: 'K' });
      const b = await sut.http
        .post('/api/v1/tasks')
        .set(bob.auth)
        .set('Idempotency-Key', key)
        .send({ title: 'K' });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
    });
  });

  describe('updateTask', () => {
    it('changes only the fields sent and bumps the version', async () => {
      const task = await createTask(sut, ada, { title: 'Draft', priority: 'low', tags: ['x'] });
      const response = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .send({ priority: 'high', description: 'notes' })
        .expect(200);
      expect(response.body).toMatchObject({
        title: 'Draft',
        tags: ['x'],
        priority: 'high',
        description: 'notes',
      });
      expect(response.body.version).toBe(2);
      const cleared = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .send({ description: null })
        .expect(200);
      expect(cleared.body.description).toBeNull();
    });

    it('sets and clears completedAt with completed', async () => {
      const task = await createTask(sut, ada);
      const done = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .send({ completed: true })
        .expect(200);
      expect(done.body.completedAt).toEqual(expect.any(String));
      const undone = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .send({ completed: false })
        .expect(200);
      expect(undone.body.completedAt).toBeNull();
    });

    it('returns 400 for an empty patch, an unknown field, or a malformed id', async () => {
      const task = await createTask(sut, ada);
      await sut.http.patch(`/api/v1/tasks/${task.id}`).set(ada.auth).send({}).expect(400);
      const unknown = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .send({ version: 9 })
        .expect(400);
      expect(unknown.body.errors[0].path).toBe('version');
      const badId = await sut.http
        .patch('/api/v1/tasks/not-a-uuid')
        .set(ada.auth)
        .send({ title: 'x' })
        .expect(400);
      expect(badId.body.errors[0].path).toBe('id');
    });

    it('returns 412 and changes nothing when If-Match is stale', async () => {
      const task = await createTask(sut, ada, { title: 'Original' });
      await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .set('If-Match', '"1"')
        .send({ title: 'v2' })
        .expect(200);
      await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .set('If-Match', '"1"')
        .send({ title: 'stale' })
        .expect(412);
      const current = await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200);
      expect(current.body).toMatchObject({ title: 'v2', version: 2 });
    });

    it('returns 400 for a malformed If-Match', async () => {
      const task = await createTask(sut, ada);
      const response = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(ada.auth)
        .set('If-Match', 'banana')
        .send({ title: 'x' })
        .expect(400);
      expect(response.body.errors[0].path).toBe('If-Match');
    });

    it('lets exactly one of several concurrent PATCHes with the same If-Match win', async () => {
      const task = await createTask(sut, ada);
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          sut.http
            .patch(`/api/v1/tasks/${task.id}`)
            .set(ada.auth)
            .set('If-Match', '1')
            .send({ title: `writer ${i}` }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412]);
      const winner = responses.find((r) => r.status === 200)!;
      const current = await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200);
      expect(current.body).toMatchObject({ title: winner.body.title, version: 2 });
    });
  });

  describe('recurrence', () => {
    it('completing a recurring task creates its next occurrence one period later, once', async () => {
      const user = await signUp(sut);
      const task = await createTask(sut, user, {
        title: 'Water plants',
        description: 'balcony',
        priority: 'high',
        tags: ['home'],
        recurrence: 'weekly',
        dueAt: '2026-11-30T08:00:00Z',
        remindAt: '2026-11-30T07:30:00Z',
      });
      await sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send({ completed: true }).expect(200);
      const open = (await list(user, { completed: false })).items;
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({
        title: 'Water plants',
        description: 'balcony',
        priority: 'high',
        tags: ['home'],
        recurrence: 'weekly',
        dueAt: '2026-12-07T08:00:00.000Z',
        remindAt: '2026-12-07T07:30:00.000Z',
        completed: false,
      });
      // Un-completing and completing again must not spawn a second occurrence.
      await sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send({ completed: false }).expect(200);
      await sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send({ completed: true }).expect(200);
      expect((await list(user)).items).toHaveLength(2);
    });

    it('moves a monthly task from January 31st to the last day of February', async () => {
      const user = await signUp(sut);
      const task = await createTask(sut, user, { recurrence: 'monthly', dueAt: '2027-01-31T09:00:00Z' });
      await sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send({ completed: true }).expect(200);
      const next = (await list(user, { completed: false })).items[0];
      expect(next?.dueAt).toBe('2027-02-28T09:00:00.000Z');
    });
  });

  describe('deleteTask', () => {
    it('moves the task to the trash: 404 on every task route and absent from lists', async () => {
      const task = await createTask(sut, ada, { title: 'Trash me' });
      await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(204);
      await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(404);
      await sut.http.patch(`/api/v1/tasks/${task.id}`).set(ada.auth).send({ title: 'x' }).expect(404);
      await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(404);
      expect((await list(ada, { limit: 100 })).items.map((t) => t.id)).not.toContain(task.id);
    });
  });

  describe('isolation', () => {
    it('answers 404 for another user’s task on every route, exactly as for a missing one, and changes nothing', async () => {
      const task = await createTask(sut, ada, { title: 'Private' });
      const missing = randomUUID();
      for (const id of [task.id, missing]) {
        const get = await sut.http.get(`/api/v1/tasks/${id}`).set(bob.auth).expect(404);
        expect(get.body.detail).toBe('Task was not found.');
        await sut.http.patch(`/api/v1/tasks/${id}`).set(bob.auth).send({ title: 'hijack' }).expect(404);
        await sut.http.delete(`/api/v1/tasks/${id}`).set(bob.auth).expect(404);
      }
      expect((await list(bob, { limit: 100 })).items.map((t) => t.id)).not.toContain(task.id);
      const unchanged = await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200);
      expect(unchanged.body).toMatchObject({ title: 'Private', version: 1 });
    });

    it('requires a token on every task route', async () => {
      const id = randomUUID();
      await sut.http.get('/api/v1/tasks').expect(401);
      await sut.http.post('/api/v1/tasks').send({ title: 'x' }).expect(401);
      await sut.http.get(`/api/v1/tasks/${id}`).expect(401);
      await sut.http.patch(`/api/v1/tasks/${id}`).send({ title: 'x' }).expect(401);
      await sut.http.delete(`/api/v1/tasks/${id}`).expect(401);
    });
  });
});
