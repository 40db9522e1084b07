import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../factories/projects.js';
import { addMember } from '../factories/sharing.js';
import { createTask, type TaskBody } from '../factories/tasks.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The MCP tools go through the same services, so a shared project's roles hold for agents exactly as for REST. */
describe('Sharing — agents', () => {
  let sut: TestApp;
  let owner: SignedInUser;
  const clients: Client[] = [];
  let task: TaskBody;
  let port = 0;

  const agentOf = async (user: SignedInUser) => {
    const token = (
      await sut.http
        .post('/api/v1/tokens')
        .set(user.auth)
        .send({ name: 'agent', scopes: ['tasks:write'] })
        .expect(201)
    ).body.token as string;
    const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as {
        content: { text: string }[];
        isError?: boolean;
      };
      return {
        isError: result.isError ?? false,
        body: JSON.parse(result.content[0]!.text) as Record<string, unknown>,
      };
    };
  };

  beforeAll(async () => {
    sut = await startTestApp();
    // This helper's port range; the ephemeral range is other processes'.
    port = 16_050 + Math.floor(Math.random() * 50);
    await sut.app.listen(port, '127.0.0.1');
    owner = await signUp(sut);
    const project = await createProject(sut, owner, { name: 'shared with agents' });
    task = await createTask(sut, owner, { projectId: project.id, title: 'shared' });
    const [editor, viewer] = [await signUp(sut), await signUp(sut)];
    await addMember(sut, owner, project.id, editor, 'editor');
    await addMember(sut, owner, project.id, viewer, 'viewer');
    Object.assign(users, { editor, viewer, stranger: await signUp(sut) });
  });
  const users = {} as Record<'editor' | 'viewer' | 'stranger', SignedInUser>;
  afterAll(async () => {
    for (const client of clients) await client.close();
    await sut?.close();
  });

  it('lets a viewer’s agent read but not write (403), an editor’s write, and a non-member’s see nothing (404)', async () => {
    const viewer = await agentOf(users.viewer);
    expect((await viewer('getTask', { id: task.id })).body).toMatchObject({ id: task.id, title: 'shared' });
    const listed = (await viewer('listTasks', {})).body as { items: { id: string }[] };
    expect(listed.items.map((t) => t.id)).toContain(task.id);
    for (const [tool, args] of [
      ['updateTask', { id: task.id, title: 'by viewer' }],
      ['completeTask', { id: task.id }],
      ['deleteTask', { id: task.id }],
      ['moveTask', { id: task.id }],
    ] as const) {
      const result = await viewer(tool, args);
      expect(result.isError, tool).toBe(true);
      expect(result.body.status, tool).toBe(403);
    }
    const stranger = await agentOf(users.stranger);
    const hidden = await stranger('getTask', { id: task.id });
    expect(hidden.isError).toBe(true);
    expect(hidden.body.status).toBe(404);
    const editor = await agentOf(users.editor);
    expect((await editor('updateTask', { id: task.id, title: 'by editor’s agent' })).body).toMatchObject({
      title: 'by editor’s agent',
    });
  });
});
