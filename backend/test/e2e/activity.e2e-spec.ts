import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailed } from '../../src/common/app-errors.js';
import { TaskBatchFailed } from '../../src/tasks/task-batch.js';
import { TasksService } from '../../src/tasks/tasks.service.js';
import { createProject, createSection, type ProjectBody } from '../factories/projects.js';
import { addMember, invite } from '../factories/sharing.js';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Entry {
  id: string;
  at: string;
  actor: { id: string; name: string };
  action: string;
  taskId: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

describe('Project activity', () => {
  let sut: TestApp;
  let owner: SignedInUser;
  let ed: SignedInUser;
  let vi: SignedInUser;
  let stranger: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    owner = await signUp(sut, { name: 'Olive' });
    ed = await signUp(sut, { name: 'Eddie' });
    vi = await signUp(sut, { name: 'Vera' });
    stranger = await signUp(sut, { name: 'Stan' });
  });
  afterAll(() => sut.close());

  const page = async (user: SignedInUser, projectId: string, query = '') =>
    (await sut.http.get(`/api/v1/projects/${projectId}/activity${query}`).set(user.auth).expect(200))
      .body as Page;
  /** The newest entries of a project (the first page of 100). */
  const latest = async (projectId: string, user = owner) => (await page(user, projectId, '?limit=100')).items;
  /** A project of its own per test: its activity is only what the test did. */
  const freshProject = async () => {
    const project = await createProject(sut, owner, { name: 'Tracked' });
    await addMember(sut, owner, project.id, ed, 'editor');
    return project;
  };
  const patch = (user: SignedInUser, task: TaskBody, body: Record<string, unknown>) =>
    sut.http.patch(`/api/v1/tasks/${task.id}`).set(user.auth).send(body).expect(200);

  it('records the project and its members: created, joined (by who joined), role changed, left, removed', async () => {
    const project = await createProject(sut, owner, { name: 'Members' });
    expect(await latest(project.id)).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        actor: { id: owner.id, name: 'Olive' },
        action: 'project.created',
        taskId: null,
        changes: {},
      },
    ]);
    await addMember(sut, owner, project.id, ed, 'editor');
    await addMember(sut, owner, project.id, vi, 'viewer');
    await sut.http
      .patch(`/api/v1/projects/${project.id}/members/${vi.id}`)
      .set(owner.auth)
      .send({ role: 'editor' })
      .expect(200);
    await sut.http.delete(`/api/v1/projects/${project.id}/members/${vi.id}`).set(vi.auth).expect(204);
    await sut.http.delete(`/api/v1/projects/${project.id}/members/${ed.id}`).set(owner.auth).expect(204);
    const entries = (await latest(project.id)).map(({ actor, action, taskId, changes }) => ({
      actor: actor.id,
      action,
      taskId,
      changes,
    }));
    expect(entries).toEqual([
      { actor: owner.id, action: 'member.removed', taskId: null, changes: {} },
      { actor: vi.id, action: 'member.left', taskId: null, changes: {} },
      {
        actor: owner.id,
        action: 'member.role_changed',
        taskId: null,
        changes: { role: { from: 'viewer', to: 'editor' } },
      },
      { actor: vi.id, action: 'member.joined', taskId: null, changes: {} },
      { actor: ed.id, action: 'member.joined', taskId: null, changes: {} },
      { actor: owner.id, action: 'project.created', taskId: null, changes: {} },
    ]);
  });

  it('records project updates with each changed field, and trashing and restoring the project', async () => {
    const project = await freshProject();
    await sut.http
      .patch(`/api/v1/projects/${project.id}`)
      .set(ed.auth)
      .send({ name: 'Renamed', color: 'blue' })
      .expect(200);
    await sut.http.delete(`/api/v1/projects/${project.id}`).set(owner.auth).expect(204);
    await sut.http.get(`/api/v1/projects/${project.id}/activity`).set(owner.auth).expect(404);
    await sut.http.post(`/api/v1/projects/${project.id}/restore`).set(owner.auth).expect(200);
    const [restored, trashed, updated] = await latest(project.id);
    expect(updated).toMatchObject({
      actor: { id: ed.id, name: 'Eddie' },
      action: 'project.updated',
      changes: { name: { from: 'Tracked', to: 'Renamed' }, color: { from: null, to: 'blue' } },
    });
    expect(trashed).toMatchObject({
      action: 'project.updated',
      changes: { trashed: { from: false, to: true } },
    });
    expect(restored).toMatchObject({
      action: 'project.updated',
      changes: { trashed: { from: true, to: false } },
    });
  });

  it('records task changes: created, updated (from/to), completed, reopened, moved, trashed and restored', async () => {
    const project = await freshProject();
    const section = await createSection(sut, owner, project.id, 'Later');
    const task = await createTask(sut, ed, { projectId: project.id, title: 'Draft', priority: 'low' });
    const sub = await createTask(sut, ed, { projectId: project.id, parentId: task.id, title: 'Part' });
    await patch(ed, task, {
      title: 'Final',
      priority: 'high',
      dueAt: '2027-01-02T09:00:00.000Z',
      tags: ['x'],
    });
    await patch(ed, task, { title: 'Final' }); // no field changes: no entry
    await patch(owner, task, { completed: true });
    await patch(owner, task, { completed: false });
    const moved = await sut.http
      .post(`/api/v1/tasks/${task.id}/move`)
      .set(ed.auth)
      .send({ sectionId: section.id })
      .expect(200);
    await sut.http.delete(`/api/v1/tasks/${task.id}`).set(ed.auth).expect(204);
    await sut.http.post(`/api/v1/trash/${task.id}/restore`).set(ed.auth).expect(200);

    const entries = (await latest(project.id)).filter((entry) => entry.taskId !== null);
    const shown = entries.map(({ action, taskId, changes }) => ({ action, taskId, changes }));
    const [restoredA, restoredB, trashedA, trashedB, ...rest] = shown;
    expect([restoredA, restoredB]).toEqual(
      expect.arrayContaining([
        { action: 'task.restored', taskId: task.id, changes: {} },
        { action: 'task.restored', taskId: sub.id, changes: {} },
      ]),
    );
    expect([trashedA, trashedB]).toEqual(
      expect.arrayContaining([
        { action: 'task.trashed', taskId: task.id, changes: {} },
        { action: 'task.trashed', taskId: sub.id, changes: {} },
      ]),
    );
    expect(rest).toEqual([
      {
        action: 'task.moved',
        taskId: task.id,
        changes: {
          sectionId: { from: null, to: section.id },
          position: { from: task.position, to: (moved.body as TaskBody).position },
        },
      },
      { action: 'task.reopened', taskId: task.id, changes: { completed: { from: true, to: false } } },
      { action: 'task.completed', taskId: sub.id, changes: { completed: { from: false, to: true } } },
      { action: 'task.completed', taskId: task.id, changes: { completed: { from: false, to: true } } },
      {
        action: 'task.updated',
        taskId: task.id,
        changes: {
          title: { from: 'Draft', to: 'Final' },
          priority: { from: 'low', to: 'high' },
          tags: { from: [], to: ['x'] },
          dueAt: { from: null, to: '2027-01-02T09:00:00.000Z' },
        },
      },
      { action: 'task.created', taskId: sub.id, changes: {} },
      { action: 'task.created', taskId: task.id, changes: {} },
    ]);
    expect(
      entries.every(
        (entry) =>
          entry.actor.id ===
          (entry.action.endsWith('completed') || entry.action === 'task.reopened' ? owner.id : ed.id),
      ),
    ).toBe(true);
  });

  it('records a move to another project in both projects', async () => {
    const from = await freshProject();
    const to = await createProject(sut, ed, { name: 'Elsewhere' });
    const task = await createTask(sut, ed, { projectId: from.id });
    await sut.http.post(`/api/v1/tasks/${task.id}/move`).set(ed.auth).send({ projectId: to.id }).expect(200);
    const [left] = await latest(from.id);
    const [arrived] = await latest(to.id, ed);
    for (const entry of [left, arrived]) {
      expect(entry).toMatchObject({
        action: 'task.moved',
        taskId: task.id,
        changes: { projectId: { from: from.id, to: to.id } },
      });
    }
  });

  it('records completing a recurring task and the next occurrence it creates', async () => {
    const project = await freshProject();
    const task = await createTask(sut, owner, {
      projectId: project.id,
      dueAt: '2027-03-01T09:00:00.000Z',
      recurrence: 'daily',
    });
    await patch(owner, task, { completed: true });
    const [next, completed] = await latest(project.id);
    expect(completed).toMatchObject({ action: 'task.completed', taskId: task.id });
    expect(next).toMatchObject({ action: 'task.created', changes: {} });
    expect(next!.taskId).not.toBe(task.id);
  });

  it('records sections and comments', async () => {
    const project = await freshProject();
    const section = await createSection(sut, ed, project.id, 'Soon');
    await sut.http.patch(`/api/v1/sections/${section.id}`).set(ed.auth).send({ name: 'Now' }).expect(200);
    await sut.http.delete(`/api/v1/sections/${section.id}`).set(owner.auth).expect(204);
    const task = await createTask(sut, owner, { projectId: project.id });
    const comment = await sut.http
      .post(`/api/v1/tasks/${task.id}/comments`)
      .set(ed.auth)
      .send({ body: 'On it' })
      .expect(201);
    await sut.http
      .delete(`/api/v1/comments/${(comment.body as { id: string }).id}`)
      .set(owner.auth)
      .expect(204);
    const shown = (await latest(project.id)).map(({ actor, action, taskId, changes }) => [
      actor.id,
      action,
      taskId,
      changes,
    ]);
    expect(shown.slice(0, 6)).toEqual([
      [owner.id, 'comment.deleted', task.id, {}],
      [ed.id, 'comment.created', task.id, {}],
      [owner.id, 'task.created', task.id, {}],
      [owner.id, 'section.deleted', null, {}],
      [ed.id, 'section.updated', null, { name: { from: 'Soon', to: 'Now' } }],
      [ed.id, 'section.created', null, {}],
    ]);
  });

  it('records what an import creates: the project and each task', async () => {
    const before = (await sut.http.get('/api/v1/projects?limit=100').set(ed.auth).expect(200)).body as {
      items: ProjectBody[];
    };
    await sut.http
      .post('/api/v1/import')
      .set(ed.auth)
      .send({
        version: 1,
        projects: [
          {
            name: 'Imported',
            tasks: [
              { id: 'a', title: 'One' },
              { id: 'b', title: 'Two', parentId: 'a' },
            ],
          },
        ],
      })
      .expect(201);
    const after = (await sut.http.get('/api/v1/projects?limit=100').set(ed.auth).expect(200)).body as {
      items: ProjectBody[];
    };
    const created = after.items.find((project) => !before.items.some((known) => known.id === project.id))!;
    const tasks = (await sut.http.get(`/api/v1/tasks?projectId=${created.id}`).set(ed.auth).expect(200))
      .body as {
      items: TaskBody[];
    };
    const entries = await latest(created.id, ed);
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'project.created',
      'task.created',
      'task.created',
    ]);
    expect(
      entries
        .filter((entry) => entry.taskId)
        .map((entry) => entry.taskId)
        .sort(),
    ).toEqual(tasks.items.map((task) => task.id).sort());
    expect(entries.every((entry) => entry.actor.id === ed.id)).toBe(true);
  });

  it('pages newest first, each entry exactly once, to any member; a non-member gets 404', async () => {
    const project = await freshProject();
    for (let index = 0; index < 7; index += 1) await createTask(sut, owner, { projectId: project.id });
    const all = await latest(project.id);
    expect(all).toHaveLength(9); // project.created, member.joined, 7 × task.created
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const next = await page(ed, project.id, query);
      expect(next.items.length).toBeLessThanOrEqual(2);
      seen.push(...next.items);
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.at(-1)!.action).toBe('project.created');
    const times = all.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await sut.http.get(`/api/v1/projects/${project.id}/activity`).set(stranger.auth).expect(404);
    await sut.http.get(`/api/v1/projects/${randomUUID()}/activity`).set(owner.auth).expect(404);
    await sut.http.get(`/api/v1/projects/${project.id}/activity?cursor=forged`).set(owner.auth).expect(400);
  });

  it('lets a viewer read it', async () => {
    const project = await freshProject();
    const { token } = await invite(sut, owner, project.id, { role: 'viewer' });
    const reader = await signUp(sut);
    await sut.http.post('/api/v1/invitations/accept').set(reader.auth).send({ token }).expect(200);
    expect((await latest(project.id, reader))[0]).toMatchObject({
      action: 'member.joined',
      actor: { id: reader.id },
    });
  });

  it('cannot be written, edited or deleted through the API', async () => {
    const project = await freshProject();
    const before = await latest(project.id);
    const url = `/api/v1/projects/${project.id}/activity`;
    const forged = JSON.stringify({ action: 'task.created', actor: { id: stranger.id }, changes: {} });
    // Through inject, not supertest: these operations are (rightly) not in the document the conformance check uses.
    const attempts = [
      ['POST', url],
      ['PUT', url],
      ['PATCH', url],
      ['DELETE', url],
      ['PATCH', `${url}/${before[0]!.id}`],
      ['DELETE', `${url}/${before[0]!.id}`],
      ['POST', `/api/v1/activity`],
    ] as const;
    for (const [method, path] of attempts) {
      const response = await sut.app.inject({
        method,
        url: path,
        headers: method === 'DELETE' ? owner.auth : { ...owner.auth, 'content-type': 'application/json' },
        payload: method === 'DELETE' ? undefined : forged,
      });
      expect([404, 405], `${method} ${path}`).toContain(response.statusCode);
    }
    expect(await latest(project.id)).toEqual(before);
  });

  it('rolls an entry back with its change: a batch that fails after writing leaves none', async () => {
    const project = await freshProject();
    const task = await createTask(sut, owner, { projectId: project.id });
    const before = await latest(project.id);
    const batch = sut.app.get(TasksService).writeMany(owner.id, [
      { kind: 'create', input: { title: 'Never', projectId: project.id, priority: 'medium', tags: [] } },
      { kind: 'update', id: task.id, input: { title: 'Never either' } },
      { kind: 'complete', id: task.id, version: task.version }, // stale once the update above bumped it
    ]);
    const failure = await batch.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TaskBatchFailed);
    expect((failure as TaskBatchFailed).cause).toBeInstanceOf(PreconditionFailed);
    expect(await latest(project.id)).toEqual(before);
  });

  it('leaves no entry for a stale If-Match (412)', async () => {
    const project = await freshProject();
    const task = await createTask(sut, owner, { projectId: project.id });
    const before = await latest(project.id);
    await sut.http
      .patch(`/api/v1/tasks/${task.id}`)
      .set(owner.auth)
      .set('If-Match', `"${task.version + 1}"`)
      .send({ title: 'Too late' })
      .expect(412);
    expect(await latest(project.id)).toEqual(before);
  });
});
