import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Housekeeping } from '../../src/housekeeping/housekeeping.js';
import { createProject, inboxOf, type ProjectBody } from '../factories/projects.js';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Projects', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const list = async (user: SignedInUser, query: Record<string, string | number> = {}) =>
    (await sut.http.get('/api/v1/projects').set(user.auth).query(query).expect(200)).body as {
      items: ProjectBody[];
      nextCursor: string | null;
    };

  describe('the Inbox', () => {
    it('exists from registration, alone and first, owned by the new user', async () => {
      const user = await signUp(sut);
      const { items, nextCursor } = await list(user);
      expect(items).toEqual([
        expect.objectContaining({ name: 'Inbox', isInbox: true, role: 'owner', memberCount: 1, color: null }),
      ]);
      expect(nextCursor).toBeNull();
    });

    it('receives tasks created without a projectId (a v1 client)', async () => {
      const inbox = await inboxOf(sut, ada);
      const task = await createTask(sut, ada, { title: 'v1 style' });
      expect(task.projectId).toBe(inbox.id);
      expect(task.createdBy).toBe(ada.id);
    });

    it('cannot be deleted (409) and keeps its place first', async () => {
      const inbox = await inboxOf(sut, ada);
      const problem = await sut.http.delete(`/api/v1/projects/${inbox.id}`).set(ada.auth).expect(409);
      expect(problem.headers['content-type']).toMatch(/application\/problem\+json/);
      await sut.http.patch(`/api/v1/projects/${inbox.id}`).set(ada.auth).send({ position: 'a0' }).expect(409);
      await sut.http.get(`/api/v1/projects/${inbox.id}`).set(ada.auth).expect(200);
    });
  });

  describe('createProject, listProjects, getProject', () => {
    it('creates a project owned by the caller, with Location, listed after the Inbox in creation order', async () => {
      const user = await signUp(sut);
      const response = await sut.http
        .post('/api/v1/projects')
        .set(user.auth)
        .send({ name: '  Home  ', color: 'green' })
        .expect(201);
      const home = response.body as ProjectBody;
      expect(home).toEqual({
        id: expect.any(String),
        name: 'Home',
        isInbox: false,
        color: 'green',
        role: 'owner',
        memberCount: 1,
        openTaskCount: 0,
        position: expect.any(String),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      expect(response.headers.location).toBe(`/api/v1/projects/${home.id}`);
      const work = await createProject(sut, user, { name: 'Work' });
      expect((await list(user)).items.map((p) => p.name)).toEqual(['Inbox', 'Home', 'Work']);
      expect((await sut.http.get(`/api/v1/projects/${work.id}`).set(user.auth).expect(200)).body).toEqual(
        work,
      );
    });

    it('pages through the list exactly once, Inbox first', async () => {
      const user = await signUp(sut);
      for (let i = 0; i < 5; i += 1) await createProject(sut, user, { name: `p${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(user, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((p) => p.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Inbox', 'p0', 'p1', 'p2', 'p3', 'p4']);
    });

    it('counts each project’s open live tasks, subtasks included, in the list and on its own', async () => {
      const user = await signUp(sut);
      const inbox = await inboxOf(sut, user);
      const home = await createProject(sut, user, { name: 'Home' });
      const empty = await createProject(sut, user, { name: 'Empty' });
      const parent = await createTask(sut, user, { title: 'parent', projectId: home.id });
      await createTask(sut, user, { title: 'child', projectId: home.id, parentId: parent.id });
      const done = await createTask(sut, user, { title: 'done', projectId: home.id });
      const trashed = await createTask(sut, user, { title: 'trashed', projectId: home.id });
      await createTask(sut, user, { title: 'in the inbox' });
      await sut.http.patch(`/api/v1/tasks/${done.id}`).set(user.auth).send({ completed: true }).expect(200);
      await sut.http.delete(`/api/v1/tasks/${trashed.id}`).set(user.auth).expect(204);
      const counts = Object.fromEntries(
        (await list(user)).items.map((p) => [
          p.id,
          (p as ProjectBody & { openTaskCount: number }).openTaskCount,
        ]),
      );
      expect(counts).toEqual({ [inbox.id]: 1, [home.id]: 2, [empty.id]: 0 });
      const one = await sut.http.get(`/api/v1/projects/${home.id}`).set(user.auth).expect(200);
      expect(one.body.openTaskCount).toBe(2);
    });

    it.each([
      ['name', { name: '' }],
      ['name', { name: 'n'.repeat(121) }],
      ['color', { name: 'x', color: 'purple' }],
      ['isInbox', { name: 'x', isInbox: true }],
    ])('rejects a bad %s with 400 naming it', async (field, body) => {
      const response = await sut.http.post('/api/v1/projects').set(ada.auth).send(body).expect(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });
  });

  describe('updateProject', () => {
    it('renames, recolours and reorders, bumping the version; a stale If-Match is 412 and changes nothing', async () => {
      const user = await signUp(sut);
      const [first, second] = [
        await createProject(sut, user, { name: 'A' }),
        await createProject(sut, user, { name: 'B' }),
      ];
      const renamed = await sut.http
        .patch(`/api/v1/projects/${second.id}`)
        .set(user.auth)
        .set('If-Match', `"${second.version}"`)
        .send({ name: 'B2', color: 'blue', position: 'Zz' })
        .expect(200);
      expect(renamed.body).toMatchObject({ name: 'B2', color: 'blue', position: 'Zz', version: 2 });
      expect((await list(user)).items.map((p) => p.id)).toEqual([
        (await inboxOf(sut, user)).id,
        second.id,
        first.id,
      ]);
      const stale = await sut.http
        .patch(`/api/v1/projects/${second.id}`)
        .set(user.auth)
        .set('If-Match', '"1"')
        .send({ name: 'lost' })
        .expect(412);
      expect(stale.body.status).toBe(412);
      expect((await sut.http.get(`/api/v1/projects/${second.id}`).set(user.auth).expect(200)).body.name).toBe(
        'B2',
      );
    });

    it('rejects an empty change and a bad position with 400', async () => {
      const project = await createProject(sut, ada);
      await sut.http.patch(`/api/v1/projects/${project.id}`).set(ada.auth).send({}).expect(400);
      const bad = await sut.http
        .patch(`/api/v1/projects/${project.id}`)
        .set(ada.auth)
        .send({ position: 'a b' })
        .expect(400);
      expect(bad.body.errors[0].path).toBe('position');
    });
  });

  describe('another person’s project', () => {
    it('is 404 on every route, as a task projectId and as a list filter, exactly like one that does not exist', async () => {
      const secret = await createProject(sut, ada, { name: 'Secret' });
      for (const id of [secret.id, randomUUID()]) {
        await sut.http.get(`/api/v1/projects/${id}`).set(bob.auth).expect(404);
        await sut.http.patch(`/api/v1/projects/${id}`).set(bob.auth).send({ name: 'mine' }).expect(404);
        await sut.http.delete(`/api/v1/projects/${id}`).set(bob.auth).expect(404);
        await sut.http.post(`/api/v1/projects/${id}/restore`).set(bob.auth).expect(404);
        await sut.http.get(`/api/v1/projects/${id}/sections`).set(bob.auth).expect(404);
        await sut.http.post(`/api/v1/projects/${id}/sections`).set(bob.auth).send({ name: 's' }).expect(404);
        await sut.http.post('/api/v1/tasks').set(bob.auth).send({ title: 't', projectId: id }).expect(404);
        await sut.http.get('/api/v1/tasks').set(bob.auth).query({ projectId: id }).expect(404);
      }
      expect((await list(bob)).items.map((p) => p.id)).not.toContain(secret.id);
      expect((await sut.http.get(`/api/v1/projects/${secret.id}`).set(ada.auth).expect(200)).body.name).toBe(
        'Secret',
      );
    });
  });

  describe('deleteProject, listTrashedProjects, restoreProject', () => {
    it('trashes the project with its tasks, keeps those tasks out of the task trash, and restores both', async () => {
      const user = await signUp(sut);
      const project = await createProject(sut, user, { name: 'Move house' });
      const [kept, earlier] = [
        await createTask(sut, user, { title: 'pack', projectId: project.id }),
        await createTask(sut, user, { title: 'trashed before', projectId: project.id }),
      ];
      await sut.http.delete(`/api/v1/tasks/${earlier.id}`).set(user.auth).expect(204);
      await sut.http.delete(`/api/v1/projects/${project.id}`).set(user.auth).expect(204);

      await sut.http.get(`/api/v1/projects/${project.id}`).set(user.auth).expect(404);
      await sut.http.get(`/api/v1/tasks/${kept.id}`).set(user.auth).expect(404);
      expect((await list(user)).items.map((p) => p.id)).not.toContain(project.id);
      const trashedProjects = (await sut.http.get('/api/v1/trash/projects').set(user.auth).expect(200)).body;
      expect(trashedProjects.items).toEqual([
        expect.objectContaining({ id: project.id, trashedAt: expect.any(String) }),
      ]);
      const taskTrash = (await sut.http.get('/api/v1/trash').set(user.auth).expect(200)).body
        .items as TaskBody[];
      expect(taskTrash.map((t) => t.id)).toEqual([earlier.id]);
      await sut.http.post(`/api/v1/trash/${kept.id}/restore`).set(user.auth).expect(404);

      const restored = await sut.http
        .post(`/api/v1/projects/${project.id}/restore`)
        .set(user.auth)
        .expect(200);
      expect(restored.body).toMatchObject({ id: project.id, name: 'Move house' });
      await sut.http.get(`/api/v1/tasks/${kept.id}`).set(user.auth).expect(200);
      await sut.http.get(`/api/v1/tasks/${earlier.id}`).set(user.auth).expect(404);
      expect((await sut.http.get('/api/v1/trash/projects').set(user.auth).expect(200)).body.items).toEqual(
        [],
      );
      await sut.http.post(`/api/v1/projects/${project.id}/restore`).set(user.auth).expect(404);
    });

    it('keeps tasks trashed with a project through Empty trash, and purges the project with them after the retention', async () => {
      const user = await signUp(sut);
      const project = await createProject(sut, user);
      const task = await createTask(sut, user, { projectId: project.id });
      await sut.http.delete(`/api/v1/projects/${project.id}`).set(user.auth).expect(204);
      await sut.http.delete('/api/v1/trash').set(user.auth).expect(204);
      await sut.http.post(`/api/v1/projects/${project.id}/restore`).set(user.auth).expect(200);
      await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(200);

      await sut.http.delete(`/api/v1/projects/${project.id}`).set(user.auth).expect(204);
      const housekeeping = sut.app.get(Housekeeping);
      await housekeeping.run(new Date(Date.now() + 29 * 86_400_000));
      expect(
        (await sut.http.get('/api/v1/trash/projects').set(user.auth).expect(200)).body.items,
      ).toHaveLength(1);
      await housekeeping.run(new Date(Date.now() + 31 * 86_400_000));
      expect((await sut.http.get('/api/v1/trash/projects').set(user.auth).expect(200)).body.items).toEqual(
        [],
      );
      await sut.http.post(`/api/v1/projects/${project.id}/restore`).set(user.auth).expect(404);
      await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(user.auth).expect(404);
    });

    it('keeps another person’s trashed projects private', async () => {
      const project = await createProject(sut, ada);
      await sut.http.delete(`/api/v1/projects/${project.id}`).set(ada.auth).expect(204);
      expect((await sut.http.get('/api/v1/trash/projects').set(bob.auth).expect(200)).body.items).toEqual([]);
      await sut.http.post(`/api/v1/projects/${project.id}/restore`).set(bob.auth).expect(404);
    });
  });
});
