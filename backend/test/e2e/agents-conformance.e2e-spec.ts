import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConformanceChecker,
  documentedRoutes,
  mountedRoutes,
  UNDOCUMENTED_ROUTES,
} from '../support/conformance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const task = {
  id: '3f2b8c1e-9a4d-4e3b-8f6a-2c1d5e7f9a0b',
  title: 'Renew passport',
  description: null,
  completed: false,
  completedAt: null,
  priority: 'high',
  tags: [],
  dueAt: null,
  remindAt: null,
  recurrence: null,
  // v1.1 (additive): every task has its project and place.
  projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
  sectionId: null,
  parentId: null,
  position: 'a0',
  assigneeId: null,
  createdBy: null,
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  version: 1,
};
const json = { 'content-type': 'application/json; charset=utf-8' };

describe(ConformanceChecker.name, () => {
  const sut = new ConformanceChecker();

  it('accepts a response the document declares', () => {
    expect(sut.check('get', '/api/v1/tasks/{id}', { status: 200, headers: json, body: task })).toEqual([]);
  });

  it('fails an undocumented status', () => {
    expect(sut.check('get', '/api/v1/tasks/{id}', { status: 409, headers: json, body: {} })).toEqual([
      'status 409 is not documented for getTask',
    ]);
  });

  it('fails a missing required field', () => {
    const { version: _version, ...withoutVersion } = task;
    const problems = sut.check('get', '/api/v1/tasks/{id}', {
      status: 200,
      headers: json,
      body: withoutVersion,
    });
    expect(problems.join('\n')).toMatch(/must have required property 'version'/);
  });

  it('fails an extra undeclared field', () => {
    const problems = sut.check('get', '/api/v1/tasks/{id}', {
      status: 200,
      headers: json,
      body: { ...task, userId: 'leaked' },
    });
    expect(problems.join('\n')).toMatch(/additional properties \(userId\)/);
  });

  it('fails a wrong content type, a wrong format and a body where none is documented', () => {
    expect(
      sut.check('get', '/api/v1/tasks/{id}', { status: 200, headers: { 'content-type': 'text/html' } }),
    ).toHaveLength(1);
    expect(
      sut
        .check('get', '/api/v1/tasks/{id}', { status: 200, headers: json, body: { ...task, id: 'nope' } })
        .join(''),
    ).toMatch(/must match format "uuid"/);
    expect(sut.check('delete', '/api/v1/tasks/{id}', { status: 204, headers: {}, text: 'x' })).toHaveLength(
      1,
    );
  });

  it('checks errors against Problem as application/problem+json', () => {
    const problem = {
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'x',
      instance: '/x',
    };
    const problemJson = { 'content-type': 'application/problem+json; charset=utf-8' };
    expect(
      sut.check('get', '/api/v1/tasks/{id}', { status: 404, headers: problemJson, body: problem }),
    ).toEqual([]);
    expect(
      sut.check('get', '/api/v1/tasks/{id}', { status: 404, headers: json, body: problem }),
    ).toHaveLength(1);
  });

  it('accepts only a Problem 404 for a path outside the document', () => {
    const problem = {
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'x',
      instance: '/x',
    };
    const problemJson = { 'content-type': 'application/problem+json; charset=utf-8' };
    expect(
      sut.checkUnrouted('get', '/nowhere', { status: 404, headers: problemJson, body: problem }),
    ).toEqual([]);
    expect(sut.checkUnrouted('get', '/nowhere', { status: 200, headers: json, body: {} })).toHaveLength(1);
  });

  it('matches concrete URLs to the most literal template', () => {
    expect(sut.templateFor('/api/v1/tasks/events')).toBe('/api/v1/tasks/events');
    expect(sut.templateFor(`/api/v1/tasks/${task.id}?x=1`)).toBe('/api/v1/tasks/{id}');
    expect(sut.templateFor(`/api/v1/trash/${task.id}/restore`)).toBe('/api/v1/trash/{id}/restore');
    expect(sut.templateFor('/api/v1/nope')).toBeUndefined();
  });
});

describe('route table and document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('mounts every documented operation, and documents every mounted route', () => {
    const printed = app.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    const mounted = mountedRoutes(printed);
    const outside = new Set(UNDOCUMENTED_ROUTES.map((route) => route.path));
    const mountedApi = mounted.filter((route) => !outside.has(route.split(' ')[1]!));
    const documented = documentedRoutes();
    expect(
      documented.filter((route) => !mounted.includes(route)),
      'documented but not mounted',
    ).toEqual([]);
    expect(
      mountedApi.filter((route) => !documented.includes(route)),
      'mounted but not documented',
    ).toEqual([]);
    // The exempt routes are really there (a stale exemption would hide a missing route).
    for (const path of outside)
      expect(
        mounted.some((route) => route.endsWith(` ${path}`)),
        path,
      ).toBe(true);
  });

  it('serves at /openapi.json exactly the committed document', async () => {
    const response = await app.http.get('/openapi.json').expect(200);
    expect(response.body).toEqual(new ConformanceChecker().document);
  });
});
