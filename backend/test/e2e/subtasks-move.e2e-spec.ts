import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantKey } from '../../src/common/order-keys.js';
import { rowsOf } from '../../src/database/database.service.js';
import { createProject, createSection, inboxOf } from '../factories/projects.js';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Subtasks, manual order and move', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const get = async (user: SignedInUser, id: string) =>
    (await sut.http.get(`/api/v1/tasks/${id}`).set(user.auth).expect(200)).body as TaskBody;
  const titles = async (user: SignedInUser, query: Record<string, string>) =>
    (
      (await sut.http.get('/api/v1/tasks').set(user.auth).query(query).expect(200)).body.items as TaskBody[]
    ).map((t) => t.title);
  const move = (user: SignedInUser, id: string, body: Record<string, unknown>) =>
    sut.http.post(`/api/v1/tasks/${id}/move`).set(user.auth).send(body);

  /** A chain of `levels` tasks, each a subtask of the one before. */
  async function chain(user: SignedInUser, projectId: string, levels: number): Promise<TaskBody[]> {
    const tasks: TaskBody[] = [];
    for (let level = 1; level <= levels; level += 1) {
      tasks.push(
        await createTask(sut, user, { title: `L${level}`, projectId, parentId: tasks.at(-1)?.id ?? null }),
      );
    }
    return tasks;
  }

  describe('subtasks', () => {
    it('nests up to 4 levels; a 5th is 400 naming parentId', async () => {
      const project = await createProject(sut, ada);
      const levels = await chain(sut ? ada : ada, project.id, 4);
      expect(levels[3]!.parentId).toBe(levels[2]!.id);
      const fifth = await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .send({ title: 'L5', projectId: project.id, parentId: levels[3]!.id })
        .expect(400);
      expect(fifth.body.errors).toEqual([expect.objectContaining({ path: 'parentId' })]);
      // Moving a two-level subtree under level 3 would make 5 levels too.
      const pair = await chain(ada, project.id, 2);
      await move(ada, pair[0]!.id, { parentId: levels[2]!.id }).expect(400);
      await move(ada, pair[0]!.id, { parentId: levels[1]!.id }).expect(200);
    });

    it('refuses a cycle (the task itself or one of its subtasks as parent) with 400', async () => {
      const project = await createProject(sut, ada);
      const [top, , bottom] = await chain(ada, project.id, 3);
      const cycle = await move(ada, top!.id, { parentId: bottom!.id }).expect(400);
      expect(cycle.body.errors).toEqual([expect.objectContaining({ path: 'parentId' })]);
      await move(ada, top!.id, { parentId: top!.id }).expect(400);
      expect((await get(ada, top!.id)).parentId).toBeNull();
    });

    it('refuses a parent from another project (400) and another person’s project (404)', async () => {
      const [home, work] = [await createProject(sut, ada), await createProject(sut, ada)];
      const parent = await createTask(sut, ada, { projectId: work.id });
      await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .send({ title: 't', projectId: home.id, parentId: parent.id })
        .expect(400);
      await sut.http
        .post('/api/v1/tasks')
        .set(bob.auth)
        .send({ title: 't', parentId: parent.id })
        .expect(400);
      const mine = await createTask(sut, ada, { projectId: home.id });
      const bobsProject = await createProject(sut, bob);
      await move(ada, mine.id, { projectId: bobsProject.id }).expect(404);
      await move(bob, mine.id, { projectId: bobsProject.id }).expect(404);
    });

    it('filters by parent, and `none` for top-level tasks', async () => {
      const project = await createProject(sut, ada);
      const [top, child] = await chain(ada, project.id, 2);
      expect(await titles(ada, { projectId: project.id, parentId: top!.id })).toEqual([child!.title]);
      expect(await titles(ada, { projectId: project.id, parentId: 'none' })).toEqual([top!.title]);
    });

    it('completes open descendants with their parent; those completed already keep completedAt', async () => {
      const project = await createProject(sut, ada);
      const [top, middle, bottom] = await chain(ada, project.id, 3);
      const done = await sut.http
        .patch(`/api/v1/tasks/${bottom!.id}`)
        .set(ada.auth)
        .send({ completed: true })
        .expect(200);
      await sut.http.patch(`/api/v1/tasks/${top!.id}`).set(ada.auth).send({ completed: true }).expect(200);
      const [m, b] = [await get(ada, middle!.id), await get(ada, bottom!.id)];
      expect(m).toMatchObject({ completed: true, completedAt: expect.any(String), version: 2 });
      expect(b.completedAt).toBe(done.body.completedAt);
    });

    it('trashes descendants with their parent, lists only the parent in the trash, and restores them together', async () => {
      const user = await signUp(sut);
      const project = await createProject(sut, user);
      const [top, child, grandchild] = await chain(user, project.id, 3);
      await sut.http.delete(`/api/v1/tasks/${top!.id}`).set(user.auth).expect(204);
      for (const task of [child!, grandchild!])
        await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(404);
      const trash = (await sut.http.get('/api/v1/trash').set(user.auth).expect(200)).body.items as TaskBody[];
      expect(trash.map((t) => t.id)).toEqual([top!.id]);
      await sut.http.post(`/api/v1/trash/${child!.id}/restore`).set(user.auth).expect(404);
      await sut.http.post(`/api/v1/trash/${top!.id}/restore`).set(user.auth).expect(200);
      for (const task of [child!, grandchild!])
        await sut.http.get(`/api/v1/tasks/${task.id}`).set(user.auth).expect(200);
    });
  });

  describe('assignee', () => {
    it('takes a member (the caller) or null, refuses a non-member with 400, and filters by `me`', async () => {
      const project = await createProject(sut, ada);
      const assigned = await createTask(sut, ada, {
        projectId: project.id,
        assigneeId: ada.id,
        title: 'mine',
      });
      expect(assigned.assigneeId).toBe(ada.id);
      await createTask(sut, ada, { projectId: project.id, assigneeId: null, title: 'nobody’s' });
      const outsider = await sut.http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .send({ title: 't', projectId: project.id, assigneeId: bob.id })
        .expect(400);
      expect(outsider.body.errors).toEqual([expect.objectContaining({ path: 'assigneeId' })]);
      await sut.http
        .patch(`/api/v1/tasks/${assigned.id}`)
        .set(ada.auth)
        .send({ assigneeId: bob.id })
        .expect(400);
      expect(await titles(ada, { projectId: project.id, assignee: 'me' })).toEqual(['mine']);
      expect(await titles(ada, { projectId: project.id, assignee: ada.id })).toEqual(['mine']);
    });
  });

  describe('moveTask and sort=position', () => {
    async function row(user: SignedInUser, projectId: string, names: string[]) {
      const tasks: Record<string, TaskBody> = {};
      for (const name of names) tasks[name] = await createTask(sut, user, { title: name, projectId });
      return tasks;
    }
    const order = (projectId: string) => titles(ada, { projectId, sort: 'position', parentId: 'none' });

    it('appends new tasks last, and places a moved task after A, before B, between neighbours, or last', async () => {
      const project = await createProject(sut, ada);
      const t = await row(ada, project.id, ['a', 'b', 'c', 'd']);
      expect(await order(project.id)).toEqual(['a', 'b', 'c', 'd']);
      const moved = await move(ada, t.d!.id, { after: t.a!.id }).expect(200);
      expect(moved.body).toMatchObject({ id: t.d!.id, version: 2 });
      expect(moved.body.position).not.toBe(t.d!.position);
      expect(await order(project.id)).toEqual(['a', 'd', 'b', 'c']);
      await move(ada, t.c!.id, { before: t.a!.id }).expect(200);
      expect(await order(project.id)).toEqual(['c', 'a', 'd', 'b']);
      await move(ada, t.b!.id, { after: t.c!.id, before: t.a!.id }).expect(200);
      expect(await order(project.id)).toEqual(['c', 'b', 'a', 'd']);
      await move(ada, t.c!.id, {}).expect(200);
      expect(await order(project.id)).toEqual(['b', 'a', 'd', 'c']);
      expect(await titles(ada, { projectId: project.id, sort: '-position' })).toEqual(['c', 'd', 'a', 'b']);
    });

    it('appends creates that race in one project without a tie, and a create after a move to the end goes last', async () => {
      const project = await createProject(sut, ada);
      const raced = await Promise.all(
        Array.from({ length: 12 }, (_, i) => createTask(sut, ada, { title: `r${i}`, projectId: project.id })),
      );
      expect(new Set(raced.map((t) => t.position)).size).toBe(12);
      const first = raced[0]!;
      await move(ada, first.id, {}).expect(200);
      const later = await createTask(sut, ada, { title: 'later', projectId: project.id });
      expect((await order(project.id)).slice(-2)).toEqual([first.title, 'later']);
      expect(later.position > (await get(ada, first.id)).position).toBe(true);
    });

    it('hands out append keys like the migration’s todo_instant_position, so filed and backfilled tasks interleave by time', async () => {
      const instants = ['2026-01-01T00:00:00.000Z', '2026-12-06T21:53:14.123Z', '2031-05-05T05:05:05.005Z'];
      for (const at of instants) {
        const [row] = rowsOf<{ key: string }>(
          await sut.database.db.execute(sql`select todo_instant_position(${at}::timestamptz) as key`),
        );
        expect(row!.key).toBe(instantKey(new Date(at)));
      }
    });

    it('refuses after/before that are not neighbours, or not siblings where the task goes, with 400', async () => {
      const project = await createProject(sut, ada);
      const t = await row(ada, project.id, ['a', 'b', 'c', 'd']);
      const apart = await move(ada, t.d!.id, { after: t.a!.id, before: t.c!.id }).expect(400);
      expect(apart.body.errors).toEqual([expect.objectContaining({ path: 'before' })]);
      const other = await createProject(sut, ada);
      const elsewhere = await createTask(sut, ada, { projectId: other.id });
      await move(ada, t.a!.id, { projectId: project.id, after: elsewhere.id }).expect(400);
      await move(ada, t.a!.id, { after: t.a!.id }).expect(400);
      expect(await order(project.id)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('moves a task with its subtasks into another project and section; their projectId follows', async () => {
      const [home, work] = [await createProject(sut, ada), await createProject(sut, ada)];
      const section = await createSection(sut, ada, work.id);
      const [top, child, grandchild] = await chain(ada, home.id, 3);
      const existing = await createTask(sut, ada, {
        projectId: work.id,
        sectionId: section.id,
        title: 'first',
      });
      const moved = await move(ada, top!.id, { projectId: work.id, sectionId: section.id }).expect(200);
      expect(moved.body).toMatchObject({ projectId: work.id, sectionId: section.id, parentId: null });
      expect(moved.body.position > existing.position).toBe(true);
      for (const task of [child!, grandchild!]) {
        expect(await get(ada, task.id)).toMatchObject({ projectId: work.id, sectionId: section.id });
      }
      expect((await get(ada, grandchild!.id)).parentId).toBe(child!.id);
      expect(await titles(ada, { projectId: home.id })).toEqual([]);
    });

    it('moves a task next to an anchor in another scope when no place is named, and into the Inbox by projectId', async () => {
      const project = await createProject(sut, ada);
      const [parent] = await chain(ada, project.id, 1);
      const sub = await createTask(sut, ada, { projectId: project.id, parentId: parent!.id, title: 'sub' });
      const loose = await createTask(sut, ada, { title: 'loose' });
      const moved = await move(ada, loose.id, { after: sub.id }).expect(200);
      expect(moved.body).toMatchObject({ projectId: project.id, parentId: parent!.id });
      const inbox = await inboxOf(sut, ada);
      const back = await move(ada, loose.id, { projectId: inbox.id }).expect(200);
      expect(back.body).toMatchObject({ projectId: inbox.id, parentId: null, sectionId: null });
    });

    it('rejects unknown fields and bad ids with 400, and another person’s task with 404', async () => {
      const task = await createTask(sut, ada);
      const unknown = await move(ada, task.id, { index: 3 }).expect(400);
      expect(unknown.body.errors[0].path).toBeDefined();
      const bad = await move(ada, task.id, { after: 'nope' }).expect(400);
      expect(bad.body.errors[0].path).toBe('after');
      await move(bob, task.id, {}).expect(404);
    });
  });
});
