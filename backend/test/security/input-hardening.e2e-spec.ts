import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Regression from the long fuzzing run (seed 424242): a NUL character in a task field was a 500 from PostgreSQL.
describe('NUL characters in input', () => {
  let sut: TestApp;
  let user: SignedInUser;
  beforeAll(async () => {
    sut = await startTestApp();
    user = await signUp(sut);
  });
  afterAll(() => sut.close());

  it('are a 400 naming the field, in bodies and query strings, never a 500', async () => {
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
});
