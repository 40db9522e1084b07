import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Agents and projects', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let client: Client;

  beforeAll(async () => {
    sut = await startTestApp();
    ada = await signUp(sut);
    const token = (
      await sut.http
        .post('/api/v1/tokens')
        .set(ada.auth)
        .send({ name: 'agent', scopes: ['tasks:write'] })
        .expect(201)
    ).body.token as string;
    await sut.app.listen(0, '127.0.0.1');
    const port = (sut.app.getHttpServer().address() as AddressInfo).port;
    client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await sut?.close();
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as {
      content: { text: string }[];
      isError?: boolean;
    };
    const body = JSON.parse(result.content[0]!.text);
    return { isError: result.isError, body };
  };

  it('files a task into a project and section, nests a subtask, and reorders, seen the same by REST', async () => {
    const inbox = (await call('listProjects', {})).body.items[0];
    expect(inbox).toMatchObject({ isInbox: true, name: 'Inbox' });
    const project = (await call('createProject', { name: 'Garden', color: 'green' })).body;
    const section = (await call('createSection', { projectId: project.id, name: 'Spring' })).body;
    expect(
      (await call('listSections', { projectId: project.id })).body.items.map((s: { id: string }) => s.id),
    ).toEqual([section.id]);
    const first = (await call('createTask', { title: 'Seeds', projectId: project.id, sectionId: section.id }))
      .body;
    const second = (await call('createTask', { title: 'Soil', projectId: project.id, sectionId: section.id }))
      .body;
    const sub = (await call('createTask', { title: 'Tomatoes', projectId: project.id, parentId: first.id }))
      .body;
    expect(sub).toMatchObject({ projectId: project.id, sectionId: section.id, parentId: first.id });

    const moved = await call('moveTask', { id: second.id, before: first.id });
    expect(moved.isError).toBeFalsy();
    const listed = await call('listTasks', { projectId: project.id, parentId: 'none', sort: 'position' });
    expect(listed.body.items.map((t: { title: string }) => t.title)).toEqual(['Soil', 'Seeds']);
    const rest = await sut.http
      .get('/api/v1/tasks')
      .set(ada.auth)
      .query({ projectId: project.id, parentId: 'none', sort: 'position' })
      .expect(200);
    expect(rest.body.items.map((t: { title: string }) => t.title)).toEqual(['Soil', 'Seeds']);
  });

  it('answers the REST rules’ problems as tool errors: a fifth level, a cycle, a missing project', async () => {
    const project = (await call('createProject', { name: 'Deep' })).body;
    let parentId: string | null = null;
    const ids: string[] = [];
    for (let level = 1; level <= 4; level += 1) {
      const task = (await call('createTask', { title: `L${level}`, projectId: project.id, parentId }))
        .body as {
        id: string;
      };
      ids.push(task.id);
      parentId = task.id;
    }
    const fifth = await call('createTask', { title: 'L5', projectId: project.id, parentId });
    expect(fifth.isError).toBe(true);
    expect(fifth.body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'parentId' })],
    });
    const cycle = await call('moveTask', { id: ids[0], parentId: ids[2] });
    expect(cycle.body).toMatchObject({ status: 400 });
    const missing = await call('listSections', { projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b' });
    expect(missing.body).toMatchObject({ status: 404 });
  });

  it('is described in /llms.txt: projects, sections, subtasks and move', async () => {
    const text = (await sut.http.get('/llms.txt').expect(200)).text;
    for (const needle of ['/api/v1/projects', '/sections', 'parentId', '/move', 'moveTask', 'listProjects']) {
      expect(text).toContain(needle);
    }
  });
});
