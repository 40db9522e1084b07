import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSection } from '../factories/projects.js';
import { addMember, invite } from '../factories/sharing.js';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type ProjectRoute, type Role, ROLE_MATRIX, ROLES } from './role-matrix.js';
import { apiRoutes, type RouteInfo, urlOf, validBody } from './routes.js';
import { badBearers } from './tokens.js';

const document = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url)), 'utf8'),
);
const SECRET = randomBytes(48).toString('base64url');

/**
 * Route-table-driven: every authenticated /api/v1 route the app mounts is probed with every kind of bad token,
 * with another user's ids, and with a read-only personal access token. A new route joins the matrix by existing.
 */
describe('authorization matrix', () => {
  let sut: TestApp;
  let owner: SignedInUser;
  let intruder: SignedInUser;
  let routes: RouteInfo[];
  const ids = {
    task: '',
    comment: '',
    trashed: '',
    token: '',
    project: '',
    trashedProject: '',
    section: '',
    feed: '',
    invitation: '',
  };
  const params = () => ({ invitationId: ids.invitation, userId: owner.id });
  let readOnlyPat = '';

  const send = (method: string, url: string, bearer?: string, body?: object) => {
    let request = sut.http[method.toLowerCase() as 'get'](url);
    if (bearer) request = request.set('Authorization', `Bearer ${bearer}`);
    return body === undefined ? request : request.send(body);
  };
  /** The owner's id of the kind the path takes: a trashed one where the route acts on the trash. */
  const idFor = (path: string) => {
    if (path === '/api/v1/projects/{id}/restore') return ids.trashedProject;
    if (path.startsWith('/api/v1/projects')) return ids.project;
    if (path.startsWith('/api/v1/sections')) return ids.section;
    if (path.startsWith('/api/v1/trash')) return ids.trashed;
    if (path.startsWith('/api/v1/feeds')) return ids.feed;
    if (path.startsWith('/api/v1/comments')) return ids.comment;
    return path.startsWith('/api/v1/tokens') ? ids.token : ids.task;
  };
  const snapshot = async () => ({
    task: (await sut.http.get(`/api/v1/tasks/${ids.task}`).set(owner.auth)).body as unknown,
    tasks: (await sut.http.get('/api/v1/tasks').set(owner.auth)).body as unknown,
    projects: (await sut.http.get('/api/v1/projects').set(owner.auth)).body as unknown,
    trashedProjects: (await sut.http.get('/api/v1/trash/projects').set(owner.auth)).body as unknown,
    sections: (await sut.http.get(`/api/v1/projects/${ids.project}/sections`).set(owner.auth))
      .body as unknown,
    trash: (await sut.http.get('/api/v1/trash').set(owner.auth)).body as unknown,
    feeds: (await sut.http.get('/api/v1/feeds').set(owner.auth)).body as unknown,
    members: (await sut.http.get(`/api/v1/projects/${ids.project}/members`).set(owner.auth)).body as unknown,
    invitations: (await sut.http.get(`/api/v1/projects/${ids.project}/invitations`).set(owner.auth))
      .body as unknown,
    // lastUsedAt moves whenever a token authenticates, which a refused write still does.
    tokens: ((await sut.http.get('/api/v1/tokens').set(owner.auth)).body as { items: object[] }).items.map(
      ({ lastUsedAt: _used, ...token }: { lastUsedAt?: unknown }) => token,
    ),
  });

  beforeAll(async () => {
    sut = await startTestApp({ JWT_SECRET: SECRET });
    owner = await signUp(sut);
    intruder = await signUp(sut);
    ids.task = (await createTask(sut, owner, { title: 'owned' })).id;
    ids.trashed = (await createTask(sut, owner, { title: 'trashed' })).id;
    const comment = await sut.http
      .post(`/api/v1/tasks/${ids.task}/comments`)
      .set(owner.auth)
      .send({ body: 'owned' })
      .expect(201);
    ids.comment = (comment.body as { id: string }).id;
    await sut.http.delete(`/api/v1/tasks/${ids.trashed}`).set(owner.auth).expect(204);
    const project = await sut.http
      .post('/api/v1/projects')
      .set(owner.auth)
      .send({ name: 'owned' })
      .expect(201);
    ids.project = (project.body as { id: string }).id;
    const section = await sut.http
      .post(`/api/v1/projects/${ids.project}/sections`)
      .set(owner.auth)
      .send({ name: 'owned' })
      .expect(201);
    ids.section = (section.body as { id: string }).id;
    ids.invitation = (await invite(sut, owner, ids.project)).id;
    const trashed = await sut.http
      .post('/api/v1/projects')
      .set(owner.auth)
      .send({ name: 'trashed' })
      .expect(201);
    ids.trashedProject = (trashed.body as { id: string }).id;
    await sut.http.delete(`/api/v1/projects/${ids.trashedProject}`).set(owner.auth).expect(204);
    const feed = await sut.http.post('/api/v1/feeds').set(owner.auth).send({}).expect(201);
    ids.feed = (feed.body as { id: string }).id;
    const pat = await sut.http
      .post('/api/v1/tokens')
      .set(owner.auth)
      .send({ name: 'reader', scopes: ['tasks:read'] })
      .expect(201);
    ids.token = (pat.body as { id: string }).id;
    readOnlyPat = (pat.body as { token: string }).token;
    const table = apiRoutes(sut, document);
    expect(table.undocumented, 'every mounted /api/v1 route is in the document').toEqual([]);
    routes = table.routes;
  });
  afterAll(() => sut.close());

  it('covers the whole authenticated surface', () => {
    const secured = routes.filter((r) => !r.isPublic).map((r) => `${r.method} ${r.path}`);
    expect(secured.length).toBeGreaterThanOrEqual(13);
    // Public: signing up and in, and the invitation preview (its token is the secret).
    expect(
      routes
        .filter((r) => r.isPublic)
        .every((r) => r.path.startsWith('/api/v1/auth/') || r.path === '/api/v1/invitations/{token}'),
    ).toBe(true);
  });

  it('answers 401 to every bad bearer on every authenticated route', async () => {
    const bearers = badBearers(SECRET, owner);
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const [kind, bearer] of Object.entries(bearers)) {
        const url = urlOf(route.path, idFor(route.path), params());
        const response = await send(route.method, url, bearer, validBody(route.method, route.path));
        if (response.status !== 401) failures.push(`${route.method} ${url} with ${kind}: ${response.status}`);
        else expect(response.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers 404 to another user's ids on every task, trash and token route, and changes nothing", async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const targeted = routes.filter((r) => r.path.includes('{id}'));
    expect(targeted.length).toBeGreaterThanOrEqual(6);
    for (const route of targeted) {
      const url = urlOf(route.path, idFor(route.path), params());
      const response = await send(
        route.method,
        url,
        intruder.accessToken,
        validBody(route.method, route.path),
      );
      if (response.status !== 404) failures.push(`${route.method} ${url}: ${response.status}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 403 to a read-only personal access token on every write, and changes nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const writes = routes.filter((r) => !r.isPublic && r.method !== 'GET');
    expect(writes.length).toBeGreaterThanOrEqual(7);
    for (const route of writes) {
      const url = urlOf(route.path, idFor(route.path), params());
      const response = await send(route.method, url, readOnlyPat, validBody(route.method, route.path));
      if (response.status !== 403) failures.push(`${route.method} ${url}: ${response.status}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // ...while the same token still reads.
    await send('GET', `/api/v1/tasks/${ids.task}`, readOnlyPat).expect(200);
  });
});

/**
 * The role matrix: every mounted /api/v1 route, called on a shared project's things by its owner, an editor, a
 * viewer, a non-member, a removed member and the owner's read-only token, answers as ROLE_MATRIX says — and a
 * route missing from ROLE_MATRIX fails the test. Refused calls change nothing; each successful write runs on a
 * project of its own, so one caller's success never decides the next caller's answer.
 */
describe('role matrix', () => {
  let sut: TestApp;
  let routes: RouteInfo[];
  const users = {} as Record<Exclude<Role, 'readOnlyPat'> | 'target', SignedInUser>;
  let readOnlyPat = '';

  interface Fixture {
    project: string;
    task: string;
    section: string;
    trashed: string;
    comment: string;
    invitation: { id: string; token: string };
  }

  const bearerOf = (role: Role) => (role === 'readOnlyPat' ? readOnlyPat : users[role].accessToken);

  async function fixture(trashProject: boolean): Promise<Fixture> {
    const { owner } = users;
    const project = (await createProject(sut, owner, { name: 'shared' })).id;
    await addMember(sut, owner, project, users.editor, 'editor');
    await addMember(sut, owner, project, users.viewer, 'viewer');
    await addMember(sut, owner, project, users.removed, 'editor');
    await addMember(sut, owner, project, users.target, 'viewer');
    await sut.http
      .delete(`/api/v1/projects/${project}/members/${users.removed.id}`)
      .set(owner.auth)
      .expect(204);
    const task = (await createTask(sut, owner, { projectId: project, title: 'shared task' })).id;
    const section = (await createSection(sut, owner, project)).id;
    const trashed = (await createTask(sut, owner, { projectId: project, title: 'trashed' })).id;
    await sut.http.delete(`/api/v1/tasks/${trashed}`).set(owner.auth).expect(204);
    const invitation = await invite(sut, owner, project, { role: 'viewer', maxUses: 100 });
    const comment = await sut.http
      .post(`/api/v1/tasks/${task}/comments`)
      .set(owner.auth)
      .send({ body: 'the owner’s' })
      .expect(201);
    if (trashProject) await sut.http.delete(`/api/v1/projects/${project}`).set(owner.auth).expect(204);
    return { project, task, section, trashed, comment: (comment.body as { id: string }).id, invitation };
  }

  const idIn = (path: string, f: Fixture) => {
    if (path.startsWith('/api/v1/projects')) return f.project;
    if (path.startsWith('/api/v1/sections')) return f.section;
    if (path.startsWith('/api/v1/trash')) return f.trashed;
    if (path.startsWith('/api/v1/comments')) return f.comment;
    return f.task;
  };

  function call(route: RouteInfo, entry: ProjectRoute, role: Role, f: Fixture) {
    const url = urlOf(route.path, idIn(route.path, f), {
      invitationId: f.invitation.id,
      userId: users.target.id,
      token: f.invitation.token,
    });
    let request = sut.http[route.method.toLowerCase() as 'get'](url).set(
      'Authorization',
      `Bearer ${bearerOf(role)}`,
    );
    if (entry.query) {
      request = request.query(
        Object.fromEntries(
          Object.entries(entry.query).map(([k, v]) => [k, v === '{project}' ? f.project : v]),
        ),
      );
    }
    let body = validBody(route.method, route.path);
    if (route.path === '/api/v1/tasks' && route.method === 'POST')
      body = { title: 'probe', projectId: f.project };
    if (route.path === '/api/v1/invitations/accept') body = { token: f.invitation.token };
    return body === undefined ? request : request.send(body);
  }

  /** What the owner sees of a fixture: refused calls must leave it exactly so. */
  const seenByOwner = async (f: Fixture) => {
    const get = async (url: string) => {
      const response = await sut.http.get(url).set(users.owner.auth);
      // A problem's `instance` names the request: compare refusals by status.
      return { status: response.status, body: response.ok ? (response.body as unknown) : null };
    };
    return {
      project: await get(`/api/v1/projects/${f.project}`),
      trashedProjects: await get('/api/v1/trash/projects'),
      members: await get(`/api/v1/projects/${f.project}/members`),
      invitations: await get(`/api/v1/projects/${f.project}/invitations`),
      sections: await get(`/api/v1/projects/${f.project}/sections`),
      task: await get(`/api/v1/tasks/${f.task}`),
      tasks: await get(`/api/v1/tasks?projectId=${f.project}`),
      trash: await get('/api/v1/trash'),
      comments: await get(`/api/v1/tasks/${f.task}/comments`),
      // A refused call writes no activity either.
      activity: await get(`/api/v1/projects/${f.project}/activity`),
    };
  };

  beforeAll(async () => {
    sut = await startTestApp();
    const [owner, editor, viewer, nonMember, removed, target] = await Promise.all(
      Array.from({ length: 6 }, () => signUp(sut)),
    );
    Object.assign(users, { owner, editor, viewer, nonMember, removed, target });
    const pat = await sut.http
      .post('/api/v1/tokens')
      .set(owner!.auth)
      .send({ name: 'reader', scopes: ['tasks:read'] })
      .expect(201);
    readOnlyPat = (pat.body as { token: string }).token;
    routes = apiRoutes(sut, document).routes;
  });
  afterAll(() => sut.close());

  it('lists every mounted route, and nothing else', () => {
    const mounted = routes.map((route) => `${route.method} ${route.path}`);
    expect(
      mounted.filter((key) => !(key in ROLE_MATRIX)),
      'routes missing from ROLE_MATRIX',
    ).toEqual([]);
    expect(
      Object.keys(ROLE_MATRIX).filter((key) => !mounted.includes(key)),
      'stale ROLE_MATRIX rows',
    ).toEqual([]);
  });

  it('answers each caller of a shared project as the matrix says, and refusals change nothing', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const entry = ROLE_MATRIX[`${route.method} ${route.path}`];
      if (!entry || 'personal' in entry) continue;
      const trashProject = entry.target === 'trashedProject';
      const shared = await fixture(trashProject);
      const before = await seenByOwner(shared);
      const succeeding: Role[] = [];
      ROLES.forEach((role, i) => {
        const expected = entry.statuses[i]!;
        if (expected < 300 && route.method !== 'GET') succeeding.push(role);
      });
      for (const [i, role] of ROLES.entries()) {
        if (succeeding.includes(role)) continue;
        const response = await call(route, entry, role, shared);
        if (response.status !== entry.statuses[i]) {
          failures.push(
            `${route.method} ${route.path} as ${role}: ${response.status}, not ${entry.statuses[i]}`,
          );
        }
      }
      const after = await seenByOwner(shared);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        failures.push(`${route.method} ${route.path}: a refused call changed something`);
      }
      for (const role of succeeding) {
        const expected = entry.statuses[ROLES.indexOf(role)];
        const response = await call(route, entry, role, await fixture(trashProject));
        if (response.status !== expected) {
          failures.push(`${route.method} ${route.path} as ${role}: ${response.status}, not ${expected}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // ~100 small projects are set up: seconds alone, longer beside other test files.
  }, 300_000);

  it('lists a shared project and its tasks to its members only, a removed member included no more', async () => {
    const f = await fixture(false);
    const everything = async (url: string, bearer: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await sut.http
          .get(url)
          .query(cursor ? { limit: 100, cursor } : { limit: 100 })
          .set('Authorization', bearer)
          .expect(200);
        const body = response.body as { items: { id: string }[]; nextCursor: string | null };
        ids.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      return ids;
    };
    for (const role of ROLES) {
      const bearer = `Bearer ${bearerOf(role)}`;
      const member = !['nonMember', 'removed'].includes(role);
      expect((await everything('/api/v1/tasks', bearer)).includes(f.task), `${role} lists the task`).toBe(
        member,
      );
      expect(
        (await everything('/api/v1/projects', bearer)).includes(f.project),
        `${role} lists the project`,
      ).toBe(member);
    }
  });
});
