import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSection } from '../factories/projects.js';
import { addMember } from '../factories/sharing.js';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface ExportedTask {
  id: string;
  sectionId: string | null;
  parentId: string | null;
  position: string | null;
  title: string;
  [field: string]: unknown;
}
interface ExportedProject {
  id: string;
  name: string;
  color: string | null;
  isInbox: boolean;
  position: string;
  sections: { id: string; name: string; position: string }[];
  tasks: ExportedTask[];
}
interface ExportDocument {
  version: number;
  exportedAt: string;
  projects: ExportedProject[];
}

const TODOIST_HEADER = 'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE';

/**
 * An export without ids and order keys: projects in order, each with its section names in order and its task
 * tree (siblings in order, each with its section's name and every field). Two accounts with equal shapes hold
 * the same things in the same places and order.
 */
function shapeOf(document: ExportDocument) {
  const byOrder = <T extends { position: string | null; id: string }>(items: T[]) =>
    [...items].sort((a, b) =>
      a.position === b.position ? (a.id < b.id ? -1 : 1) : (a.position ?? '') < (b.position ?? '') ? -1 : 1,
    );
  return document.projects.map((project) => {
    const sectionName = new Map(project.sections.map((section) => [section.id, section.name]));
    // Siblings share project, section and parent: unsectioned tasks first, then each section's, in order.
    const sectionOrder = [null, ...byOrder(project.sections).map((section) => section.id)];
    const tree = (parentId: string | null): unknown[] =>
      sectionOrder
        .flatMap((section) =>
          byOrder(
            project.tasks.filter(
              (task) => task.parentId === parentId && (parentId !== null || task.sectionId === section),
            ),
          ),
        )
        .filter((task, index, all) => all.indexOf(task) === index)
        .map(({ id, sectionId, parentId: _parent, position: _position, ...fields }) => ({
          ...fields,
          section: sectionId ? sectionName.get(sectionId) : null,
          subtasks: tree(id),
        }));
    return {
      name: project.name,
      color: project.color,
      isInbox: project.isInbox,
      sections: byOrder(project.sections).map((section) => section.name),
      tasks: tree(null),
    };
  });
}

describe('Export and import', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ MAX_TASKS_PER_USER: '60' });
  });
  afterAll(() => sut.close());

  const exportOf = async (user: SignedInUser) => {
    const response = await sut.http.get('/api/v1/export').set(user.auth).expect(200);
    return response.body as ExportDocument;
  };
  const importAs = (user: SignedInUser, body: object | string, query = '') => {
    const request = sut.http.post(`/api/v1/import${query}`).set(user.auth);
    return typeof body === 'string' ? request.set('Content-Type', 'text/csv').send(body) : request.send(body);
  };
  const projectsOf = async (user: SignedInUser) =>
    (
      (await sut.http.get('/api/v1/projects').set(user.auth).expect(200)).body as {
        items: { name: string }[];
      }
    ).items;

  it('exports a fresh account as version 1 with its empty Inbox, as a download', async () => {
    const user = await signUp(sut);
    const response = await sut.http.get('/api/v1/export').set(user.auth).expect(200);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="todo-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      version: 1,
      exportedAt: expect.any(String),
      projects: [
        {
          id: expect.any(String),
          name: 'Inbox',
          color: null,
          isInbox: true,
          position: expect.any(String),
          sections: [],
          tasks: [],
        },
      ],
    });
  });

  it('reproduces an account in a fresh one: projects, sections, order, subtasks and fields', async () => {
    const ada = await signUp(sut);
    const home = await createProject(sut, ada, { name: 'Home', color: 'green' });
    const work = await createProject(sut, ada, { name: 'Work, etc.' });
    const today = await createSection(sut, ada, home.id, 'Today');
    const later = await createSection(sut, ada, home.id, 'Later');
    const parent = await createTask(sut, ada, {
      title: 'Renovate',
      projectId: home.id,
      sectionId: today.id,
      description: 'Kitchen first.\nThen the hall.',
      priority: 'high',
      tags: ['diy', 'house'],
      dueAt: '2027-01-10T09:00:00.000Z',
      remindAt: '2027-01-10T08:00:00.000Z',
      recurrence: 'weekly',
    });
    const inHome = { projectId: home.id, sectionId: today.id };
    const child = await createTask(sut, ada, {
      ...inHome,
      title: 'Buy paint',
      parentId: parent.id,
      priority: 'low',
    });
    await createTask(sut, ada, { ...inHome, title: 'Pick colour', parentId: child.id });
    const second = await createTask(sut, ada, { ...inHome, title: 'Sand walls', parentId: parent.id });
    // Order that is not creation order: the second subtask moves first.
    await sut.http
      .post(`/api/v1/tasks/${second.id}/move`)
      .set(ada.auth)
      .send({ before: child.id })
      .expect(200);
    await createTask(sut, ada, { title: 'Call plumber', projectId: home.id, sectionId: later.id });
    const done = await createTask(sut, ada, { title: 'Measure rooms', projectId: home.id });
    await sut.http.patch(`/api/v1/tasks/${done.id}`).set(ada.auth).send({ completed: true }).expect(200);
    await createTask(sut, ada, { title: 'Report', projectId: work.id, dueAt: '2027-02-01T17:00:00+01:00' });
    const first = await createTask(sut, ada, { title: 'Inbox one' });
    const last = await createTask(sut, ada, { title: 'Inbox two' });
    await sut.http.post(`/api/v1/tasks/${last.id}/move`).set(ada.auth).send({ before: first.id }).expect(200);
    const trashed = await createTask(sut, ada, { title: 'Gone', projectId: work.id });
    await sut.http.delete(`/api/v1/tasks/${trashed.id}`).set(ada.auth).expect(204);

    const exported = await exportOf(ada);
    expect(exported.projects.map((project) => project.name)).toEqual(['Inbox', 'Home', 'Work, etc.']);
    expect(JSON.stringify(exported)).not.toContain('Gone');

    const bob = await signUp(sut);
    const imported = await importAs(bob, exported);
    expect(imported.body).toMatchObject({ dryRun: false });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ projects: 2, sections: 2, tasks: 9, dryRun: false });
    const again = await exportOf(bob);
    expect(shapeOf(again)).toEqual(shapeOf(exported));
    // New ids throughout; the same createdAt and completedAt.
    const ids = new Set(exported.projects.flatMap((p) => [p.id, ...p.tasks.map((t) => t.id)]));
    expect(again.projects.flatMap((p) => p.tasks).some((t) => ids.has(t.id))).toBe(false);
    const measured = again.projects[1]!.tasks.find((task) => task.title === 'Measure rooms')!;
    expect(measured).toMatchObject({ completed: true, completedAt: expect.any(String) });
    // The imported tasks are ordinary tasks of bob's.
    const listed = await sut.http.get('/api/v1/tasks?limit=100').set(bob.auth).expect(200);
    expect((listed.body as { items: unknown[] }).items).toHaveLength(9);
  });

  it('exports comments with their authors, oldest first, and imports them as the importer’s, times kept', async () => {
    const ada = await signUp(sut, { name: 'Ada' });
    const ed = await signUp(sut, { name: 'Ed' });
    const home = await createProject(sut, ada, { name: 'Home' });
    await addMember(sut, ada, home.id, ed, 'editor');
    const task = await createTask(sut, ada, { title: 'Paint', projectId: home.id });
    const say = async (user: SignedInUser, body: string) =>
      (await sut.http.post(`/api/v1/tasks/${task.id}/comments`).set(user.auth).send({ body }).expect(201))
        .body as { id: string; createdAt: string };
    const first = await say(ada, 'Which colour?');
    const second = await say(ed, 'Green.');
    const exported = await exportOf(ada);
    const painted = exported.projects[1]!.tasks.find((t) => t.title === 'Paint')!;
    expect(painted.comments).toEqual([
      {
        id: first.id,
        author: { id: ada.id, name: 'Ada' },
        body: 'Which colour?',
        createdAt: first.createdAt,
      },
      { id: second.id, author: { id: ed.id, name: 'Ed' }, body: 'Green.', createdAt: second.createdAt },
    ]);
    expect(exported.version).toBe(1);

    const bob = await signUp(sut, { name: 'Bob' });
    await importAs(bob, exported).expect(201);
    const again = (await exportOf(bob)).projects[1]!.tasks.find((t) => t.title === 'Paint')!;
    expect(again.comments).toEqual([
      {
        id: expect.any(String),
        author: { id: bob.id, name: 'Bob' },
        body: 'Which colour?',
        createdAt: first.createdAt,
      },
      {
        id: expect.any(String),
        author: { id: bob.id, name: 'Bob' },
        body: 'Green.',
        createdAt: second.createdAt,
      },
    ]);
    const listed = await sut.http.get(`/api/v1/tasks/${again.id}/comments`).set(bob.auth).expect(200);
    expect((listed.body as { items: { body: string }[] }).items.map((c) => c.body)).toEqual([
      'Which colour?',
      'Green.',
    ]);
    // A comment must say something, as through the API.
    const blank = structuredClone(exported);
    blank.projects[1]!.tasks.find((t) => t.title === 'Paint')!.comments = [{ body: '  ' }];
    const refused = await importAs(bob, blank).expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/projects\.1\.tasks\.\d+\.comments\.0\.body/);
  });

  it('adds an imported Inbox to the existing one, after what it holds', async () => {
    const user = await signUp(sut);
    await createTask(sut, user, { title: 'Already here' });
    const document = {
      version: 1,
      projects: [{ id: 'i', name: 'Inbox', isInbox: true, tasks: [{ id: 't', title: 'Imported' }] }],
    };
    await importAs(user, document).expect(201, { projects: 0, sections: 0, tasks: 1, dryRun: false });
    const [inbox] = (await exportOf(user)).projects;
    expect(shapeOf({ version: 1, exportedAt: '', projects: [inbox!] })[0]!.tasks).toMatchObject([
      { title: 'Already here' },
      { title: 'Imported' },
    ]);
    expect(await projectsOf(user)).toHaveLength(1);
  });

  it('imports a Todoist template CSV as one project, with sections, subtasks, priorities and dates', async () => {
    const user = await signUp(sut);
    const csv = [
      TODOIST_HEADER,
      'task,Plan the trip,"Where to, and when?",1,1,Ada (1),,2027-03-01 10:00,en,Europe/Berlin',
      'task,Book flights,,4,2,,,,,',
      'note,Window seat,,,,,,,,',
      '',
      'section,On the road,,,,,,,,',
      'task,Check in,,3,1,,,every day,en,',
    ].join('\r\n');
    const created = await importAs(user, csv, '?name=Trip').expect(201);
    expect(created.body).toEqual({ projects: 1, sections: 1, tasks: 3, dryRun: false });
    const trip = (await exportOf(user)).projects.find((project) => project.name === 'Trip')!;
    expect(shapeOf({ version: 1, exportedAt: '', projects: [trip] })[0]).toMatchObject({
      name: 'Trip',
      sections: ['On the road'],
      tasks: [
        {
          title: 'Plan the trip',
          description: 'Where to, and when?',
          priority: 'high',
          dueAt: '2027-03-01T09:00:00.000Z',
          section: null,
          subtasks: [{ title: 'Book flights', description: 'Window seat', priority: 'medium' }],
        },
        { title: 'Check in', section: 'On the road', recurrence: 'daily' },
      ],
    });
    const unnamed = await importAs(user, `${TODOIST_HEADER}\ntask,One,,,,,,,,\n`).expect(201);
    expect(unnamed.body.projects).toBe(1);
    expect((await projectsOf(user)).map((project) => project.name)).toContain('Imported from Todoist');
  });

  it('answers 400 naming the line of a bad CSV row, and creates nothing', async () => {
    const user = await signUp(sut);
    const csv = [TODOIST_HEADER, 'task,Fine,,1,1,,,,,', 'task,Orphan,,1,3,,,,,', 'task,Odd,,9,1,,,,,'].join(
      '\n',
    );
    const response = await importAs(user, csv).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).toEqual([
      { path: 'line 3', message: 'has INDENT 3 with no task at INDENT 2 above it' },
      { path: 'line 4', message: 'has a PRIORITY other than 1, 2, 3 or 4' },
    ]);
    const noHeader = await importAs(user, 'just,some,cells\n').expect(400);
    expect(noHeader.body.errors[0].path).toBe('line 1');
    expect(await projectsOf(user)).toHaveLength(1);
  });

  it('answers 400 naming the field of a bad JSON document', async () => {
    const user = await signUp(sut);
    const dangling = {
      version: 1,
      projects: [
        {
          name: 'P',
          tasks: [
            { id: 'a', title: 'A' },
            { id: 'b', title: 'B', parentId: 'zzz' },
          ],
        },
      ],
    };
    const response = await importAs(user, dangling).expect(400);
    expect(response.body.errors).toEqual([
      { path: 'projects.0.tasks.1.parentId', message: 'is not a task of this project' },
    ]);
    const cycle = {
      version: 1,
      projects: [
        {
          name: 'P',
          tasks: [
            { id: 'a', title: 'A', parentId: 'b' },
            { id: 'b', title: 'B', parentId: 'a' },
          ],
        },
      ],
    };
    expect((await importAs(user, cycle).expect(400)).body.errors[0].message).toBe(
      'makes a cycle of subtasks',
    );
    const future = await importAs(user, { version: 2, projects: [] }).expect(400);
    expect(future.body.errors[0].path).toBe('version');
    const unknown = await importAs(user, { version: 1, projects: [{ name: 'P', owner: 'me' }] }).expect(400);
    expect(unknown.body.errors[0].path).toBe('projects.0.owner');
    await importAs(user, { version: 1, projects: [] }, '?name=X').expect(400);
    await importAs(user, { version: 1, projects: [] }, '?dryRun=maybe').expect(400);
    expect(await projectsOf(user)).toHaveLength(1);
  });

  it('previews with ?dryRun=true: the counts, and nothing created', async () => {
    const user = await signUp(sut);
    const csv = `${TODOIST_HEADER}\nsection,S,,,,,,,,\ntask,A,,,1,,,,,\ntask,B,,,2,,,,,\n`;
    const preview = await importAs(user, csv, '?dryRun=true').expect(200);
    expect(preview.body).toEqual({ projects: 1, sections: 1, tasks: 2, dryRun: true });
    expect(await projectsOf(user)).toHaveLength(1);
    await importAs(user, csv, '?dryRun=false').expect(201);
    expect(await projectsOf(user)).toHaveLength(2);
  });

  it('is idempotent with Idempotency-Key: a retry replays the first answer, another upload is 422', async () => {
    const user = await signUp(sut);
    const key = randomUUID();
    const csv = `${TODOIST_HEADER}\ntask,Once,,,1,,,,,\n`;
    const first = await importAs(user, csv).set('Idempotency-Key', key).expect(201);
    const retry = await importAs(user, csv).set('Idempotency-Key', key).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await projectsOf(user)).toHaveLength(2);
    const other = await importAs(user, `${TODOIST_HEADER}\ntask,Twice,,,1,,,,,\n`).set(
      'Idempotency-Key',
      key,
    );
    expect(other.status).toBe(422);
    expect(await projectsOf(user)).toHaveLength(2);
  });

  it('refuses an import beyond the task quota with 409, all or nothing', async () => {
    const user = await signUp(sut);
    const rows = Array.from({ length: 61 }, (_, i) => `task,Task ${i},,,1,,,,,`);
    const response = await importAs(user, [TODOIST_HEADER, ...rows].join('\n')).expect(409);
    expect(response.body.type).toBe('/problems/quota-exceeded');
    expect(await projectsOf(user)).toHaveLength(1);
  });

  it('takes only JSON or CSV (415 otherwise), and CSV on this route only', async () => {
    const user = await signUp(sut);
    await sut.http
      .post('/api/v1/import')
      .set(user.auth)
      .set('Content-Type', 'text/plain')
      .send('TYPE,CONTENT')
      .expect(415);
    await sut.http
      .post('/api/v1/tasks')
      .set(user.auth)
      .set('Content-Type', 'text/csv')
      .send('TYPE,CONTENT\n')
      .expect(415);
  });

  it('needs a session: 401 without one', async () => {
    await sut.http.get('/api/v1/export').expect(401);
    await sut.http.post('/api/v1/import').send({ version: 1, projects: [] }).expect(401);
  });
});

describe('Import size limit', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ BODY_LIMIT_BYTES: '4096', IMPORT_BODY_LIMIT_BYTES: '16384' });
  });
  afterAll(() => sut.close());

  const tasks = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `t${i}`, title: `Task number ${i}` }));
  const rows = (count: number) =>
    Array.from({ length: count }, (_, i) => `task,Task number ${i},,,1,,,,,`).join('\n');

  it('takes an upload over BODY_LIMIT_BYTES up to IMPORT_BODY_LIMIT_BYTES, which no other route does', async () => {
    const user = await signUp(sut);
    const document = { version: 1, projects: [{ name: 'Mid', tasks: tasks(150) }] };
    expect(JSON.stringify(document).length).toBeGreaterThan(4096);
    await sut.http.post('/api/v1/import').set(user.auth).send(document).expect(201);
    await sut.http
      .post('/api/v1/tasks')
      .set(user.auth)
      .send({ title: 'x', description: 'y'.repeat(5000) })
      .expect(413);
  });

  it('answers 413 to a JSON or CSV upload over IMPORT_BODY_LIMIT_BYTES, and creates nothing', async () => {
    const user = await signUp(sut);
    const json = await sut.http
      .post('/api/v1/import')
      .set(user.auth)
      .send({ version: 1, projects: [{ name: 'Big', tasks: tasks(600) }] })
      .expect(413);
    expect(json.body.type).toBe('/problems/payload-too-large');
    await sut.http
      .post('/api/v1/import')
      .set(user.auth)
      .set('Content-Type', 'text/csv')
      .send(`${TODOIST_HEADER}\n${rows(800)}\n`)
      .expect(413);
    const projects = await sut.http.get('/api/v1/projects').set(user.auth).expect(200);
    expect(projects.body.items).toHaveLength(1);
  });
});
