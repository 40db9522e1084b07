import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../factories/tasks.js';
import { type SignedInUser, signUp } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
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
  const ids = { task: '', trashed: '', token: '', project: '', trashedProject: '', section: '', feed: '' };
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
    expect(routes.filter((r) => r.isPublic).every((r) => r.path.startsWith('/api/v1/auth/'))).toBe(true);
  });

  it('answers 401 to every bad bearer on every authenticated route', async () => {
    const bearers = badBearers(SECRET, owner);
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const [kind, bearer] of Object.entries(bearers)) {
        const url = urlOf(route.path, idFor(route.path));
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
      const url = urlOf(route.path, idFor(route.path));
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
      const url = urlOf(route.path, idFor(route.path));
      const response = await send(route.method, url, readOnlyPat, validBody(route.method, route.path));
      if (response.status !== 403) failures.push(`${route.method} ${url}: ${response.status}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // ...while the same token still reads.
    await send('GET', `/api/v1/tasks/${ids.task}`, readOnlyPat).expect(200);
  });
});
