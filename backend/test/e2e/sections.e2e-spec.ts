import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSection, type SectionBody } from '../factories/projects.js';
import { createTask } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Sections', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    sut = await startTestApp();
    [ada, bob] = await Promise.all([signUp(sut), signUp(sut)]);
  });
  afterAll(() => sut.close());

  const sectionsOf = async (user: SignedInUser, projectId: string) =>
    (await sut.http.get(`/api/v1/projects/${projectId}/sections`).set(user.auth).expect(200)).body as {
      items: SectionBody[];
      nextCursor: string | null;
    };

  it('creates sections with Location, lists them in order, renames and reorders them', async () => {
    const project = await createProject(sut, ada);
    const response = await sut.http
      .post(`/api/v1/projects/${project.id}/sections`)
      .set(ada.auth)
      .send({ name: 'Today' })
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      name: 'Today',
      position: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.headers.location).toBe(`/api/v1/sections/${response.body.id}`);
    const later = await createSection(sut, ada, project.id, 'Later');
    expect((await sectionsOf(ada, project.id)).items.map((s) => s.name)).toEqual(['Today', 'Later']);
    const moved = await sut.http
      .patch(`/api/v1/sections/${later.id}`)
      .set(ada.auth)
      .send({ name: 'Soon', position: 'Zz' })
      .expect(200);
    expect(moved.body).toMatchObject({ name: 'Soon', position: 'Zz' });
    expect(await sectionsOf(ada, project.id)).toEqual({
      items: [expect.objectContaining({ name: 'Soon' }), expect.objectContaining({ name: 'Today' })],
      nextCursor: null,
    });
  });

  it('deletes a section and keeps its tasks, now without a section', async () => {
    const project = await createProject(sut, ada);
    const section = await createSection(sut, ada, project.id);
    const task = await createTask(sut, ada, { projectId: project.id, sectionId: section.id });
    expect(task.sectionId).toBe(section.id);
    await sut.http.delete(`/api/v1/sections/${section.id}`).set(ada.auth).expect(204);
    const after = (await sut.http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200)).body;
    expect(after).toMatchObject({
      id: task.id,
      projectId: project.id,
      sectionId: null,
      version: task.version + 1,
    });
    expect((await sectionsOf(ada, project.id)).items).toEqual([]);
    await sut.http.delete(`/api/v1/sections/${section.id}`).set(ada.auth).expect(404);
  });

  it('filters tasks by section, and `none` for tasks outside any section', async () => {
    const project = await createProject(sut, ada);
    const section = await createSection(sut, ada, project.id);
    const inSection = await createTask(sut, ada, { projectId: project.id, sectionId: section.id });
    const loose = await createTask(sut, ada, { projectId: project.id });
    const ids = async (query: Record<string, string>) =>
      (
        (await sut.http.get('/api/v1/tasks').set(ada.auth).query(query).expect(200)).body.items as {
          id: string;
        }[]
      ).map((t) => t.id);
    expect(await ids({ projectId: project.id, sectionId: section.id })).toEqual([inSection.id]);
    expect(await ids({ projectId: project.id, sectionId: 'none' })).toEqual([loose.id]);
  });

  it('refuses a section of another project for a task with 400 naming sectionId', async () => {
    const [home, work] = [await createProject(sut, ada), await createProject(sut, ada)];
    const workSection = await createSection(sut, ada, work.id);
    const response = await sut.http
      .post('/api/v1/tasks')
      .set(ada.auth)
      .send({ title: 't', projectId: home.id, sectionId: workSection.id })
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'sectionId' })]);
    const inboxTask = await createTask(sut, ada);
    await sut.http
      .post(`/api/v1/tasks/${inboxTask.id}/move`)
      .set(ada.auth)
      .send({ sectionId: workSection.id })
      .expect(400);
  });

  it('keeps another person’s sections private (404) and rejects bad input with 400', async () => {
    const project = await createProject(sut, ada);
    const section = await createSection(sut, ada, project.id);
    for (const id of [section.id, randomUUID()]) {
      await sut.http.patch(`/api/v1/sections/${id}`).set(bob.auth).send({ name: 'x' }).expect(404);
      await sut.http.delete(`/api/v1/sections/${id}`).set(bob.auth).expect(404);
    }
    await sut.http
      .post('/api/v1/tasks')
      .set(bob.auth)
      .send({ title: 't', sectionId: section.id })
      .expect(400);
    const empty = await sut.http
      .post(`/api/v1/projects/${project.id}/sections`)
      .set(ada.auth)
      .send({ name: '' })
      .expect(400);
    expect(empty.body.errors[0].path).toBe('name');
    await sut.http.patch(`/api/v1/sections/not-a-uuid`).set(ada.auth).send({ name: 'x' }).expect(400);
    expect((await sectionsOf(ada, project.id)).items.map((s) => s.name)).toEqual(['A section']);
  });
});
