import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('hostile and edge input', () => {
  let sut: TestApp;
  let user: SignedInUser;
  beforeAll(async () => {
    sut = await startTestApp();
    user = await signUp(sut);
  });
  afterAll(() => sut.close());

  // Regression from the long fuzzing run (seed 424242): a NUL character in a task field was a 500 from PostgreSQL.
  it('NUL characters are a 400 naming the field, in bodies and query strings, never a 500', async () => {
    const created = await sut.http
      .post('/api/v1/tasks')
      .set(user.auth)
      .send({ title: 'ok', description: 'a\u0000b' })
      .expect(400);
    expect(created.body.errors).toEqual([{ path: 'description', message: expect.stringContaining('NUL') }]);
    const task = await createTask(sut, user);
    await sut.http
      .patch(`/api/v1/tasks/${task.id}`)
      .set(user.auth)
      .send({ tags: ['x\u0000'] })
      .expect(400);
    await sut.http.get('/api/v1/tasks?q=%00').set(user.auth).expect(400);
  });

  // From the black-box audit: each of these was a 500 (PostgreSQL refused the value) or silently accepted.
  describe('input at the edges of what the API stores', () => {
    const cursorOf = (cursor: object) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

    it.each([
      ['dueAt', '0000-12-31T23:59:59Z'],
      ['dueAt', '0001-01-01T00:00:00+05:00'],
      ['remindAt', '9999-12-31T23:00:00-05:00'],
    ])('rejects %s %s (outside years 0001 to 9999 in UTC) with a 400 naming it', async (field, value) => {
      const response = await sut.http
        .post('/api/v1/tasks')
        .set(user.auth)
        .send({ title: 'edge', [field]: value })
        .expect(400);
      expect(response.body.errors).toEqual([{ path: field, message: expect.stringContaining('0001-01-01') }]);
      const task = await createTask(sut, user);
      const patched = await sut.http
        .patch(`/api/v1/tasks/${task.id}`)
        .set(user.auth)
        .send({ [field]: value })
        .expect(400);
      expect(patched.body.errors[0].path).toBe(field);
    });

    it('accepts the first and last instants, and ends a series whose next occurrence would pass year 9999', async () => {
      const first = await createTask(sut, user, { dueAt: '0001-01-01T00:00:00Z' });
      expect(first.dueAt).toBe('0001-01-01T00:00:00.000Z');
      const last = await createTask(sut, user, {
        title: 'Last of the calendar',
        dueAt: '9999-12-31T23:59:59.999Z',
        recurrence: 'monthly',
      });
      const completed = await sut.http
        .patch(`/api/v1/tasks/${last.id}`)
        .set(user.auth)
        .send({ completed: true })
        .expect(200);
      expect(completed.body).toMatchObject({ completed: true, dueAt: '9999-12-31T23:59:59.999Z' });
      const open = await sut.http.get('/api/v1/tasks?completed=false&sort=-dueAt').set(user.auth).expect(200);
      expect(open.body.items.filter((item: { title: string }) => item.title === last.title)).toEqual([]);
    });

    it('rejects an out-of-range filter with a 400 naming it', async () => {
      const response = await sut.http
        .get('/api/v1/tasks?dueBefore=0000-01-01T00:00:00Z')
        .set(user.auth)
        .expect(400);
      expect(response.body.errors[0].path).toBe('dueBefore');
    });

    it.each([
      ['dueAt', 'garbage'],
      ['dueAt', '0000-01-01T00:00:00Z'],
      ['-createdAt', null],
      ['priority', 'urgent'],
      ['title', null],
    ])('rejects a forged %s cursor with key %s as a 400 naming the cursor', async (sort, key) => {
      const cursor = cursorOf({ s: sort, k: key, id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b' });
      const response = await sut.http
        .get(`/api/v1/tasks?sort=${sort}&cursor=${cursor}`)
        .set(user.auth)
        .expect(400);
      expect(response.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    });

    it('rejects a forged trash cursor as a 400 naming the cursor', async () => {
      const cursor = cursorOf({
        s: '-deletedAt',
        k: 'yesterday',
        id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
      });
      const response = await sut.http.get(`/api/v1/trash?cursor=${cursor}`).set(user.auth).expect(400);
      expect(response.body.errors[0].path).toBe('cursor');
    });

    it('refuses form-encoded bodies with 415, like any other non-JSON body', async () => {
      const response = await sut.http
        .post('/api/v1/tasks')
        .set(user.auth)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('title=from+a+form')
        .expect(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const list = await sut.http.get('/api/v1/tasks').set(user.auth).expect(200);
      expect(list.body.items.map((item: { title: string }) => item.title)).not.toContain('from a form');
    });
  });
});
