import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, refreshTokens, taskEvents } from '../../src/database/schema/index.js';
import { Housekeeping } from '../../src/housekeeping/housekeeping.js';
import { createProject } from '../factories/projects.js';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Trash', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const trash = async (user: SignedInUser, query: Record<string, string | number> = {}) =>
    (await sut.http.get('/api/v1/trash').set(user.auth).query(query).expect(200)).body as {
      items: TaskBody[];
      nextCursor: string | null;
    };

  it('lists trashed tasks, most recently trashed first', async () => {
    const user = await signUp(sut);
    const first = await createTask(sut, user, { title: 'first' });
    const second = await createTask(sut, user, { title: 'second' });
    await sut.http.delete(`/api/v1/tasks/${first.id}`).set(user.auth).expect(204);
    await sut.http.delete(`/api/v1/tasks/${second.id}`).set(user.auth).expect(204);
    expect((await trash(user)).items.map((t) => t.title)).toEqual(['second', 'first']);
  });

  it('restores a task exactly as it was', async () => {
    const task = await createTask(sut, ada, { title: 'Keep me', tags: ['a'], priority: 'high' });
    const before = (await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200)).body;
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(204);
    const restored = await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(ada.auth).expect(200);
    expect(restored.body).toEqual(before);
    await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200);
    expect((await trash(ada)).items.map((t) => t.id)).not.toContain(task.id);
    await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(ada.auth).expect(404);
  });

  it('replays a restore retried with its Idempotency-Key, and refuses that key for another task', async () => {
    const [task, other] = [await createTask(sut, ada), await createTask(sut, ada)];
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(204);
    await sut.http.delete(`/api/v1/tasks/${other.id}`).set(ada.auth).expect(204);
    const key = randomUUID();
    const restore = (id: string) =>
      sut.http.post(`/api/v1/trash/${id}/restore`).set(ada.auth).set('Idempotency-Key', key);
    const [first, second] = await Promise.all([restore(task.id), restore(task.id)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect((await restore(task.id).expect(200)).body).toEqual(first.body);
    const reused = await restore(other.id).expect(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
    expect((await trash(ada)).items.map((t) => t.id)).toContain(other.id);
    // Without a key a repeat is still a 404: the task is no longer in the trash.
    await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(ada.auth).expect(404);
  });

  it('erases a trashed task for good', async () => {
    const task = await createTask(sut, ada);
    await sut.http.delete(`/api/v1/trash/${task.id}`).set(ada.auth).expect(404);
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(204);
    await sut.http.delete(`/api/v1/trash/${task.id}`).set(ada.auth).expect(204);
    await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(ada.auth).expect(404);
    expect((await trash(ada)).items.map((t) => t.id)).not.toContain(task.id);
  });

  it('pages through the trash exactly once', async () => {
    const user = await signUp(sut);
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const task = await createTask(sut, user, { title: `t${i}` });
      await sut.http.delete(`/api/v1/tasks/${task.id}`).set(user.auth).expect(204);
      ids.push(task.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const current = await trash(user, { limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...current.items.map((t) => t.id));
      cursor = current.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('keeps trash private: another user gets 404 and nothing changes', async () => {
    const task = await createTask(sut, ada);
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(204);
    await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(bob.auth).expect(404);
    await sut.http.delete(`/api/v1/trash/${task.id}`).set(bob.auth).expect(404);
    expect((await trash(bob)).items.map((t) => t.id)).not.toContain(task.id);
    expect((await trash(ada)).items.map((t) => t.id)).toContain(task.id);
    await sut.http.post(`/api/v1/trash/${randomUUID()}/restore`).set(bob.auth).expect(404);
  });

  it('purges trash older than the retention period and keeps newer trash', async () => {
    const user = await signUp(sut);
    const old = await createTask(sut, user, { title: 'old' });
    await sut.http.delete(`/api/v1/tasks/${old.id}`).set(user.auth).expect(204);
    const housekeeping = sut.app.get(Housekeeping);
    await housekeeping.run(new Date(Date.now() + 29 * 86_400_000));
    expect((await trash(user)).items.map((t) => t.id)).toEqual([old.id]);
    await housekeeping.run(new Date(Date.now() + 31 * 86_400_000));
    expect((await trash(user)).items).toEqual([]);
    await sut.http.post(`/api/v1/trash/${old.id}/restore`).set(user.auth).expect(404);
  });

  it('has every module prune its own tables in the hourly housekeeping', async () => {
    const user = await signUp(sut);
    const created = await sut.http
      .post('/api/v1/tasks')
      .set(user.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ title: 'kept a while' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const { db } = sut.database;
    const rowsOf = async () => ({
      events: (await db.select().from(taskEvents).where(eq(taskEvents.userId, user.id))).length,
      idempotencyKeys: (await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.userId, user.id)))
        .length,
      refreshTokens: (await db.select().from(refreshTokens).where(eq(refreshTokens.userId, user.id))).length,
    });
    expect(await rowsOf()).toEqual({ events: 1, idempotencyKeys: 1, refreshTokens: 1 });
    await sut.app.get(Housekeeping).run(new Date(Date.now() + 31 * 86_400_000));
    expect(await rowsOf()).toEqual({ events: 0, idempotencyKeys: 0, refreshTokens: 0 });
    // The task itself is not trash, so it stays.
    await sut.http.get(`/api/v1/tasks/${id}`).set(user.auth).expect(200);
  });
  describe('restoring a task whose place went to the trash after it', () => {
    it('keeps a task in the trash with 409 while its project is trashed, and restores it once the project is back', async () => {
      const user = await signUp(sut);
      const project = await createProject(sut, user);
      const task = await createTask(sut, user, { title: 'alone', projectId: project.id });
      await sut.http.delete(`/api/v1/tasks/${task.id}`).set(user.auth).expect(204);
      await sut.http.delete(`/api/v1/projects/${project.id}`).set(user.auth).expect(204);
      const refused = await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(user.auth).expect(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.detail).toContain('project');
      expect((await trash(user)).items.map((t) => t.id)).toEqual([task.id]);
      await sut.http.post(`/api/v1/projects/${project.id}/restore`).set(user.auth).expect(200);
      const restored = await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(user.auth).expect(200);
      expect(restored.body).toMatchObject({ id: task.id, projectId: project.id, title: 'alone' });
    });

    it('brings a subtask back at the top level when its parent was trashed after it', async () => {
      const user = await signUp(sut);
      const parent = await createTask(sut, user, { title: 'parent' });
      const child = await createTask(sut, user, { title: 'child', parentId: parent.id });
      await sut.http.delete(`/api/v1/tasks/${child.id}`).set(user.auth).expect(204);
      await sut.http.delete(`/api/v1/tasks/${parent.id}`).set(user.auth).expect(204);
      const restored = await sut.http.post(`/api/v1/trash/${child.id}/restore`).set(user.auth).expect(200);
      expect(restored.body).toMatchObject({ id: child.id, parentId: null, version: child.version + 1 });
      const listed = await sut.http
        .get('/api/v1/tasks')
        .set(user.auth)
        .query({ parentId: 'none' })
        .expect(200);
      expect(listed.body.items.map((t: TaskBody) => t.id)).toEqual([child.id]);
    });
  });
});
