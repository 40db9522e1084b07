import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { eq } from 'drizzle-orm';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { personalAccessTokens } from '../../src/database/schema/index.js';
import { TasksService } from '../../src/tasks/tasks.service.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { assertConformance, conformanceReport, conformant } from '../support/conformance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Agent access', () => {
  let sut: TestApp;
  let http: TestApp['http'];
  let ada: SignedInUser;

  const createToken = async (scopes: string[], extra: Record<string, unknown> = {}) => {
    const response = await http
      .post('/api/v1/tokens')
      .set(ada.auth)
      .send({ name: `agent ${scopes.join('+')}`, scopes, ...extra })
      .expect(201);
    return response.body as { id: string; token: string; scopes: string[]; expiresAt: string | null };
  };

  beforeAll(async () => {
    sut = await startTestApp();
    http = conformant(sut.http);
    ada = await signUp(sut);
  });
  afterAll(async () => {
    await sut?.close();
    // Every response above was checked against openapi/openapi.json.
    expect(conformanceReport().checked).toBeGreaterThan(20);
    assertConformance();
  });

  describe('personal access tokens', () => {
    it('shows the secret once, at creation, and lists tokens without secrets', async () => {
      const created = await createToken(['tasks:read']);
      expect(created.token).toMatch(/^todo_pat_[\w-]{40,}$/);
      const list = await http.get('/api/v1/tokens').set(ada.auth).expect(200);
      const listed = (list.body as { items: Record<string, unknown>[] }).items.find(
        (t) => t.id === created.id,
      );
      expect(listed).toMatchObject({ id: created.id, scopes: ['tasks:read'] });
      expect(listed).not.toHaveProperty('token');
      expect(JSON.stringify(list.body)).not.toContain(created.token);
    });

    it('lets a read-only token read and refuses it every write with 403', async () => {
      const { token } = await createToken(['tasks:read']);
      const task = await http.post('/api/v1/tasks').set(ada.auth).send({ title: 'Owned by Ada' }).expect(201);
      const id = (task.body as { id: string }).id;
      await http.get('/api/v1/tasks').set(bearer(token)).expect(200);
      await http.get(`/api/v1/tasks/${id}`).set(bearer(token)).expect(200);
      await http.get('/api/v1/trash').set(bearer(token)).expect(200);
      await http.get('/api/v1/users/me').set(bearer(token)).expect(200);
      const writes = [
        http.post('/api/v1/tasks').send({ title: 'nope' }),
        http.patch(`/api/v1/tasks/${id}`).send({ title: 'nope' }),
        http.delete(`/api/v1/tasks/${id}`),
        http.post(`/api/v1/trash/${id}/restore`),
        http.delete(`/api/v1/trash/${id}`),
      ];
      for (const write of writes) {
        const response = await write.set(bearer(token));
        expect(response.status).toBe(403);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      const unchanged = await http.get(`/api/v1/tasks/${id}`).set(ada.auth).expect(200);
      expect(unchanged.body).toMatchObject({ title: 'Owned by Ada', version: 1 });
    });

    it('lets a tasks:write token write (write implies read)', async () => {
      const { token } = await createToken(['tasks:write']);
      const created = await http
        .post('/api/v1/tasks')
        .set(bearer(token))
        .send({ title: 'From an agent' })
        .expect(201);
      await http
        .get(`/api/v1/tasks/${(created.body as { id: string }).id}`)
        .set(bearer(token))
        .expect(200);
    });

    it('stops a revoked token at once with 401', async () => {
      const { id, token } = await createToken(['tasks:read']);
      await http.get('/api/v1/tasks').set(bearer(token)).expect(200);
      await http.delete(`/api/v1/tokens/${id}`).set(ada.auth).expect(204);
      await http.get('/api/v1/tasks').set(bearer(token)).expect(401);
      await http.delete(`/api/v1/tokens/${id}`).set(ada.auth).expect(404);
    });

    it('never lets a token mint, list or revoke tokens (403)', async () => {
      const { id, token } = await createToken(['tasks:read', 'tasks:write']);
      await http
        .post('/api/v1/tokens')
        .set(bearer(token))
        .send({ name: 'child', scopes: ['tasks:read'] })
        .expect(403);
      await http.get('/api/v1/tokens').set(bearer(token)).expect(403);
      await http.delete(`/api/v1/tokens/${id}`).set(bearer(token)).expect(403);
    });

    it('rejects an expired token with 401', async () => {
      const { id, token, expiresAt } = await createToken(['tasks:read'], { expiresInDays: 1 });
      expect(Date.parse(expiresAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);
      await http.get('/api/v1/tasks').set(bearer(token)).expect(200);
      await sut.database.db
        .update(personalAccessTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(personalAccessTokens.id, id));
      await http.get('/api/v1/tasks').set(bearer(token)).expect(401);
    });

    it('refuses unknown fields, a bad scope and an out-of-range expiry with 400', async () => {
      await http
        .post('/api/v1/tokens')
        .set(ada.auth)
        .send({ name: 'x', scopes: ['admin'] })
        .expect(400);
      await http
        .post('/api/v1/tokens')
        .set(ada.auth)
        .send({ name: 'x', scopes: ['tasks:read'], expiresInDays: 0 })
        .expect(400);
      await http
        .post('/api/v1/tokens')
        .set(ada.auth)
        .send({ name: 'x', scopes: ['tasks:read'], userId: ada.id })
        .expect(400);
    });
  });

  describe('GET /llms.txt', () => {
    it('is a plain-text guide: the service, how to get a token, the main operations, the contract links', async () => {
      const response = await http.get('/llms.txt').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      const text = response.text;
      expect(text).toMatch(/^# Todo API/);
      expect(text).toContain('personal access token');
      expect(text).toContain('/api/v1/tokens');
      for (const link of ['/openapi.json', '/docs', '/mcp']) expect(text).toContain(link);
      for (const call of ['GET', 'POST', 'PATCH', 'DELETE'].map((m) =>
        m === 'GET' ? 'curl $TODO_API_URL/' : `-X ${m}`,
      )) {
        expect(text).toContain(call);
      }
      expect(text).toContain('/api/v1/tasks/quick');
      expect(text).not.toMatch(/api\/v1\/llms/);
    });

    it('never takes its links from the Host header: a placeholder, or the configured PUBLIC_URL', async () => {
      const forged = await http.get('/llms.txt').set('Host', 'evil.example').expect(200);
      expect(forged.text).not.toContain('evil.example');
      expect(forged.text).toContain('$TODO_API_URL/openapi.json');

      const configured = await startTestApp({ PUBLIC_URL: 'https://api.todo.example/' });
      try {
        const response = await configured.http
          .get('/llms.txt')
          .set('Host', 'evil.example')
          .set('X-Forwarded-Host', 'evil.example')
          .expect(200);
        expect(response.text).not.toContain('evil.example');
        expect(response.text).not.toContain('$TODO_API_URL');
        expect(response.text).toContain('https://api.todo.example/openapi.json');
        expect(response.text).toContain('curl https://api.todo.example/api/v1/users/me');
      } finally {
        await configured.close();
      }
    });
  });

  describe('/mcp', () => {
    let base = '';
    const connect = async (token?: string) => {
      const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: token ? { headers: bearer(token) } : {},
      });
      await client.connect(transport);
      return client;
    };

    beforeAll(async () => {
      await sut.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}`;
    });

    it('lists the tools with input schemas and truthful annotations', async () => {
      const { token } = await createToken(['tasks:read']);
      const client = await connect(token);
      const { tools } = await client.listTools();
      const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
      expect(Object.keys(byName).sort()).toEqual(
        [
          'completeTask',
          'createTask',
          'deleteTask',
          'getTask',
          'listTasks',
          'quickAddTask',
          'restoreTask',
          'updateTask',
          'whoami',
          // v1.1: projects, sections, subtasks and move.
          'moveTask',
          'listProjects',
          'createProject',
          'listSections',
          'createSection',
          // Built for agents: batches, the REST filter, and the search/fetch pair of hosted chat clients.
          'createTasks',
          'updateTasks',
          'completeTasks',
          'findTasks',
          'search',
          'fetch',
        ].sort(),
      );
      expect(byName.listTasks!.annotations).toMatchObject({ readOnlyHint: true });
      expect(byName.getTask!.annotations).toMatchObject({ readOnlyHint: true });
      expect(byName.createTask!.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false });
      expect(byName.deleteTask!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(byName.restoreTask!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
      // The create schema is the API's CreateTaskRequest: same bounds, same enums, no user id anywhere.
      const create = byName.createTask!.inputSchema as {
        properties: Record<string, { maxLength?: number; enum?: string[] }>;
        required: string[];
      };
      expect(create.properties.title!.maxLength).toBe(200);
      expect(create.properties.priority!.enum).toEqual(['low', 'medium', 'high']);
      expect(create.required).toEqual(['title']);
      for (const tool of tools) expect(JSON.stringify(tool.inputSchema)).not.toMatch(/userId/i);
      await client.close();
    });

    it('creates a task through a tool that REST then sees, as the token’s user', async () => {
      const { token } = await createToken(['tasks:write']);
      const client = await connect(token);
      const me = await client.callTool({ name: 'whoami', arguments: {} });
      expect(me.structuredContent).toMatchObject({ user: { id: ada.id }, via: 'personal-access-token' });
      const result = await client.callTool({
        name: 'createTask',
        arguments: { title: 'Made over MCP', priority: 'high', tags: ['agent'], idempotencyKey: 'mcp-1' },
      });
      expect(result.isError).toBeFalsy();
      const task = result.structuredContent as { id: string; title: string };
      const seen = await http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(200);
      expect(seen.body).toMatchObject({ title: 'Made over MCP', priority: 'high', tags: ['agent'] });
      // Same idempotency store as REST: the retry returns the same task.
      const retry = await client.callTool({
        name: 'createTask',
        arguments: { title: 'Made over MCP', priority: 'high', tags: ['agent'], idempotencyKey: 'mcp-1' },
      });
      expect((retry.structuredContent as { id: string }).id).toBe(task.id);

      const completed = await client.callTool({ name: 'completeTask', arguments: { id: task.id } });
      expect(completed.structuredContent).toMatchObject({ completed: true });
      await client.callTool({ name: 'deleteTask', arguments: { id: task.id } });
      await http.get(`/api/v1/tasks/${task.id}`).set(ada.auth).expect(404);
      const restored = await client.callTool({ name: 'restoreTask', arguments: { id: task.id } });
      expect(restored.structuredContent).toMatchObject({ id: task.id });
      await client.close();
    });

    it('applies the same scopes and validation as REST', async () => {
      const { token } = await createToken(['tasks:read']);
      const client = await connect(token);
      const refused = await client.callTool({ name: 'createTask', arguments: { title: 'nope' } });
      expect(refused.isError).toBe(true);
      expect(JSON.parse((refused.content as { text: string }[])[0]!.text)).toMatchObject({ status: 403 });
      const listed = await client.callTool({ name: 'listTasks', arguments: { limit: 5 } });
      expect((listed.structuredContent as { items: unknown[] }).items.length).toBeLessThanOrEqual(5);
      const invalid = await client.callTool({ name: 'getTask', arguments: { id: 'not-a-uuid' } });
      expect(JSON.parse((invalid.content as { text: string }[])[0]!.text)).toMatchObject({ status: 400 });
      await client.close();
    });

    /** One tools/call over plain HTTP: the raw answer, so nothing in it escapes the assertions. */
    const callRaw = async (
      token: string,
      name: string,
      args: Record<string, unknown>,
      requestId?: string,
    ) => {
      const response = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: {
          ...bearer(token),
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          params: { name, arguments: args },
        }),
      });
      const text = await response.text();
      const message = JSON.parse(text) as {
        result?: { isError?: boolean; content: { text: string }[] };
        error?: unknown;
      };
      const problem = message.result?.isError
        ? (JSON.parse(message.result.content[0]!.text) as Record<string, unknown>)
        : undefined;
      return { status: response.status, text, message, problem };
    };
    const SQL = /failed query|insert into|update "?tasks|select .* from|\$\d/i;

    it('answers a NUL in any text field with a tool error naming the field, as REST does, and no SQL', async () => {
      const { token } = await createToken(['tasks:write']);
      const created = await http.post('/api/v1/tasks').set(ada.auth).send({ title: 'Clean' }).expect(201);
      const id = (created.body as { id: string }).id;
      const calls: [string, Record<string, unknown>, string][] = [
        ['createTask', { title: 'Bad\u0000title' }, 'title'],
        ['createTask', { title: 'Fine', description: 'notes\u0000here' }, 'description'],
        ['createTask', { title: 'Fine', tags: ['ok', 'b\u0000d'] }, 'tags.1'],
        ['updateTask', { id, title: 'Bad\u0000title' }, 'title'],
        ['updateTask', { id, description: '\u0000' }, 'description'],
        ['listTasks', { q: 'needle\u0000' }, 'q'],
        ['createTask', { title: 'Fine', idempotencyKey: 'key\u0000' }, 'idempotencyKey'],
      ];
      for (const [name, args, field] of calls) {
        const answer = await callRaw(token, name, args);
        expect(answer.text, `${name} ${field}`).not.toMatch(SQL);
        expect(answer.message.error, `${name} ${field}`).toBeUndefined();
        expect(answer.message.result?.isError, `${name} ${field}`).toBe(true);
        expect(answer.problem, `${name} ${field}`).toMatchObject({
          status: 400,
          type: '/problems/validation-error',
          errors: [{ path: field }],
        });
      }
      // The same field, named the same way, as the REST route's pipe names it.
      const rest = await http
        .post('/api/v1/tasks')
        .set(ada.auth)
        .send({ title: 'Bad\u0000title' })
        .expect(400);
      const mcp = await callRaw(token, 'createTask', { title: 'Bad\u0000title' });
      expect(mcp.problem!.errors).toEqual((rest.body as { errors: unknown }).errors);
      const unchanged = await http.get(`/api/v1/tasks/${id}`).set(ada.auth).expect(200);
      expect(unchanged.body).toMatchObject({ title: 'Clean', version: 1 });
    });

    it("refuses every write tool to a read-only token with the REST route's own 403", async () => {
      const { token } = await createToken(['tasks:read']);
      const created = await http.post('/api/v1/tasks').set(ada.auth).send({ title: 'Read only' }).expect(201);
      const id = (created.body as { id: string }).id;
      const rest = await http.post('/api/v1/tasks').set(bearer(token)).send({ title: 'nope' }).expect(403);
      const { instance: _instance, requestId: _requestId, ...refusal } = rest.body as Record<string, unknown>;
      for (const [name, args] of [
        ['createTask', { title: 'nope' }],
        ['updateTask', { id, title: 'nope' }],
        ['completeTask', { id }],
        ['deleteTask', { id }],
        ['restoreTask', { id }],
      ] as const) {
        const answer = await callRaw(token, name, args);
        expect(answer.problem, name).toMatchObject(refusal);
      }
      for (const [name, args] of [
        ['listTasks', {}],
        ['getTask', { id }],
        ['whoami', {}],
      ] as const) {
        expect((await callRaw(token, name, args)).message.result?.isError, name).toBeFalsy();
      }
      const unchanged = await http.get(`/api/v1/tasks/${id}`).set(ada.auth).expect(200);
      expect(unchanged.body).toMatchObject({ title: 'Read only', completed: false, version: 1 });
    });

    it('answers an unexpected failure with a generic tool error carrying the request id, details only in the log', async () => {
      const { token } = await createToken(['tasks:read']);
      const internal = new Error('Failed query: select "id", "title" from "tasks" where "user_id" = $1');
      const failing = vi.spyOn(TasksService.prototype, 'list').mockRejectedValueOnce(internal);
      const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const answer = await callRaw(token, 'listTasks', {}, 'mcp-unexpected-1');
        expect(failing).toHaveBeenCalledOnce();
        expect(answer.text).not.toMatch(SQL);
        expect(answer.message.result?.isError).toBe(true);
        expect(answer.problem).toMatchObject({
          status: 500,
          type: '/problems/internal',
          instance: '/mcp',
          requestId: 'mcp-unexpected-1',
        });
        expect(logged).toHaveBeenCalledWith(
          expect.objectContaining({ err: internal, requestId: 'mcp-unexpected-1' }),
          expect.any(String),
        );
      } finally {
        failing.mockRestore();
        logged.mockRestore();
      }
    });

    it('refuses a client without a token, or with a revoked one', async () => {
      await expect(connect()).rejects.toThrow();
      const loggedErrors = vi.spyOn(Logger.prototype, 'error');
      const response = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer resource_metadata="https?:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp"$/,
      );
      expect(await response.json()).toMatchObject({ status: 401, instance: '/mcp' });
      // An expected refusal is not an error: once it was answered twice and logged ERR_HTTP_HEADERS_SENT.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(loggedErrors).not.toHaveBeenCalled();
      loggedErrors.mockRestore();
      const { id, token } = await createToken(['tasks:read']);
      await http.delete(`/api/v1/tokens/${id}`).set(ada.auth).expect(204);
      await expect(connect(token)).rejects.toThrow();
    });
  });
});
