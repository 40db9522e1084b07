import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, type ProjectBody } from '../factories/projects.js';
import { addMember } from '../factories/sharing.js';
import { createTask } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface CommentBody {
  id: string;
  taskId: string;
  author: { id: string; name: string };
  body: string;
  createdAt: string;
}

describe('Comments', () => {
  let sut: TestApp;
  let owner: SignedInUser;
  let ed: SignedInUser;
  let vi: SignedInUser;
  let stranger: SignedInUser;
  let project: ProjectBody;

  beforeAll(async () => {
    sut = await startTestApp();
    owner = await signUp(sut, { name: 'Olive' });
    ed = await signUp(sut, { name: 'Eddie' });
    vi = await signUp(sut, { name: 'Vera' });
    stranger = await signUp(sut, { name: 'Stan' });
    project = await createProject(sut, owner, { name: 'Shared' });
    await addMember(sut, owner, project.id, ed, 'editor');
    await addMember(sut, owner, project.id, vi, 'viewer');
  });
  afterAll(() => sut.close());

  const post = (user: SignedInUser, taskId: string, body: unknown) =>
    sut.http
      .post(`/api/v1/tasks/${taskId}/comments`)
      .set(user.auth)
      .send(body as object);
  const comment = async (user: SignedInUser, taskId: string, body = 'A comment') =>
    (await post(user, taskId, { body }).expect(201)).body as CommentBody;
  const list = (user: SignedInUser, taskId: string, query = '') =>
    sut.http.get(`/api/v1/tasks/${taskId}/comments${query}`).set(user.auth);
  const newTask = () => createTask(sut, owner, { projectId: project.id, title: 'Discussed' });

  describe('POST /tasks/{id}/comments', () => {
    it('lets the owner and an editor comment: 201 with the comment, its author and a Location', async () => {
      const task = await newTask();
      const response = await post(ed, task.id, { body: '  Looks good  ' }).expect(201);
      const created = response.body as CommentBody;
      expect(created).toEqual({
        id: expect.any(String),
        taskId: task.id,
        author: { id: ed.id, name: 'Eddie' },
        body: 'Looks good',
        createdAt: expect.any(String),
      });
      expect(response.headers.location).toBe(`/api/v1/comments/${created.id}`);
      const mine = await comment(owner, task.id, 'Thanks');
      expect(mine.author).toEqual({ id: owner.id, name: 'Olive' });
    });

    it('is 403 for a viewer and 404 for a non-member or an unknown task', async () => {
      const task = await newTask();
      await post(vi, task.id, { body: 'Me too' }).expect(403);
      await post(stranger, task.id, { body: 'Hi' }).expect(404);
      await post(owner, randomUUID(), { body: 'Hi' }).expect(404);
      expect((await list(owner, task.id).expect(200)).body.items).toEqual([]);
    });

    it('refuses an empty, blank or too long body and unknown fields with 400 naming the field', async () => {
      const task = await newTask();
      for (const [body, path] of [
        [{ body: '' }, 'body'],
        [{ body: '   \n ' }, 'body'],
        [{ body: 'x'.repeat(5001) }, 'body'],
        [{}, 'body'],
        [{ body: 7 }, 'body'],
        [{ body: 'ok', author: owner.id }, 'author'],
      ] as const) {
        const response = await post(owner, task.id, body).expect(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(JSON.stringify((response.body as { errors: unknown[] }).errors)).toContain(path);
      }
      await post(owner, task.id, { body: 'x'.repeat(5000) }).expect(201);
    });

    it('replays a retry with the same Idempotency-Key, and is 422 for the same key with another body', async () => {
      const task = await newTask();
      const key = randomUUID();
      const send = (body: string) =>
        sut.http
          .post(`/api/v1/tasks/${task.id}/comments`)
          .set(owner.auth)
          .set('Idempotency-Key', key)
          .send({ body });
      const first = (await send('Once').expect(201)).body as CommentBody;
      const again = (await send('Once').expect(201)).body as CommentBody;
      expect(again).toEqual(first);
      await send('Twice').expect(422);
      expect((await list(owner, task.id).expect(200)).body.items).toHaveLength(1);
    });

    it('is 404 on a task in the trash, like the task, and again once the task is back', async () => {
      const task = await newTask();
      const kept = await comment(ed, task.id, 'Before the trash');
      await sut.http.delete(`/api/v1/tasks/${task.id}`).set(owner.auth).expect(204);
      await post(owner, task.id, { body: 'Hello?' }).expect(404);
      await list(owner, task.id).expect(404);
      await sut.http.delete(`/api/v1/comments/${kept.id}`).set(owner.auth).expect(404);
      await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(owner.auth).expect(200);
      expect((await list(owner, task.id).expect(200)).body.items).toEqual([kept]);
    });
  });

  describe('GET /tasks/{id}/comments', () => {
    it('lists oldest first to any member, in pages that return each comment once', async () => {
      const task = await newTask();
      const written: CommentBody[] = [];
      for (const [index, user] of [owner, ed, owner, ed, owner].entries()) {
        written.push(await comment(user, task.id, `Comment ${index}`));
      }
      const seen: CommentBody[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = (await list(vi, task.id, query).expect(200)).body as {
          items: CommentBody[];
          nextCursor: string | null;
        };
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(written);
    });

    it('is 404 for a non-member and 400 for a forged cursor', async () => {
      const task = await newTask();
      await list(stranger, task.id).expect(404);
      await list(owner, task.id, '?cursor=bm90LWEtY3Vyc29y').expect(400);
      await list(owner, 'not-a-uuid').expect(400);
    });
  });

  describe('DELETE /comments/{id}', () => {
    it('lets the author delete their comment: 204, and it is gone', async () => {
      const task = await newTask();
      const mine = await comment(ed, task.id);
      await sut.http.delete(`/api/v1/comments/${mine.id}`).set(ed.auth).expect(204);
      expect((await list(owner, task.id).expect(200)).body.items).toEqual([]);
      await sut.http.delete(`/api/v1/comments/${mine.id}`).set(ed.auth).expect(404);
    });

    it('lets the project owner delete another member’s comment (204)', async () => {
      const task = await newTask();
      const theirs = await comment(ed, task.id);
      await sut.http.delete(`/api/v1/comments/${theirs.id}`).set(owner.auth).expect(204);
    });

    it('is 403 for another member, 404 for a non-member and for an unknown comment', async () => {
      const task = await newTask();
      const owners = await comment(owner, task.id);
      await sut.http.delete(`/api/v1/comments/${owners.id}`).set(ed.auth).expect(403);
      await sut.http.delete(`/api/v1/comments/${owners.id}`).set(vi.auth).expect(403);
      await sut.http.delete(`/api/v1/comments/${owners.id}`).set(stranger.auth).expect(404);
      await sut.http.delete(`/api/v1/comments/${randomUUID()}`).set(owner.auth).expect(404);
      expect((await list(owner, task.id).expect(200)).body.items).toEqual([owners]);
    });
  });
});
