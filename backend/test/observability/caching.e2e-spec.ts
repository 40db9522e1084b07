import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { assertConformance, conformant } from '../support/conformance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('conditional requests, compression and cache headers', () => {
  let sut: TestApp;
  let user: SignedInUser;
  beforeAll(async () => {
    sut = await startTestApp();
    conformant(sut.http);
    user = await signUp(sut);
  });
  afterAll(async () => {
    await sut.close();
    assertConformance();
  });

  it('tags a task with W/"<version>" and answers 304 while it is unchanged', async () => {
    const task = await createTask(sut, user);
    const first = await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(200);
    expect(first.headers.etag).toBe(`W/"${task.version}"`);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await sut.http
      .get(`/api/v1/tasks/${task.id}`)
      .set(user.auth)
      .set('If-None-Match', first.headers.etag!)
      .expect(304);
    expect(again.text).toBe('');
    await sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send({ title: 'changed' }).expect(200);
    const changed = await sut.http
      .get(`/api/v1/tasks/${task.id}`)
      .set(user.auth)
      .set('If-None-Match', first.headers.etag!)
      .expect(200);
    expect(changed.headers.etag).toBe(`W/"${task.version + 1}"`);
  });

  it('tags lists by content: 304 until a task is added', async () => {
    await createTask(sut, user);
    const first = await sut.http.get('/api/v1/tasks').set(user.auth).expect(200);
    const tag = first.headers.etag!;
    expect(tag).toMatch(/^W\/"[\w-]{22}"$/);
    await sut.http.get('/api/v1/tasks').set(user.auth).set('If-None-Match', tag).expect(304);
    await createTask(sut, user);
    await sut.http.get('/api/v1/tasks').set(user.auth).set('If-None-Match', tag).expect(200);
    const trash = await sut.http.get('/api/v1/trash').set(user.auth).expect(200);
    await sut.http.get('/api/v1/trash').set(user.auth).set('If-None-Match', trash.headers.etag!).expect(304);
  });

  it('never answers 304 to another user holding the same list tag', async () => {
    const other = await signUp(sut);
    const mine = await sut.http.get('/api/v1/tasks').set(user.auth).expect(200);
    await sut.http.get('/api/v1/tasks').set(other.auth).set('If-None-Match', mine.headers.etag!).expect(200);
  });

  it('compresses large lists (br preferred) and not small bodies', async () => {
    for (let i = 0; i < 30; i += 1)
      await createTask(sut, user, { title: `Compressible task ${i}`, tags: ['bench'] });
    const list = await sut.http
      .get('/api/v1/tasks?limit=50')
      .set(user.auth)
      .set('Accept-Encoding', 'br, gzip')
      .expect(200);
    expect(list.headers['content-encoding']).toBe('br');
    expect(list.headers.vary).toMatch(/accept-encoding/i);
    const small = await sut.http.get('/health/live').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('keeps credentials out of caches', async () => {
    const tokens = await sut.http.get('/api/v1/tokens').set(user.auth).expect(200);
    expect(tokens.headers['cache-control']).toBe('no-store');
    const login = await sut.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'correct-horse-lamp-41' })
      .expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
  });
});
