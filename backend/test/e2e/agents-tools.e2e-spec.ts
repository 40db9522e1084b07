import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { tasks } from '../../src/database/schema/index.js';
import { TasksRepository } from '../../src/tasks/tasks.repository.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Task {
  id: string;
  title: string;
  version: number;
  completed: boolean;
  recurrence: string | null;
}
interface BatchResult {
  written: boolean;
  results: { index: number; status: string; task?: Task; problem?: { status: number; errors?: unknown[] } }[];
  next: string;
}
interface CallResult {
  content: { type: string; text: string }[];
  structuredContent?: unknown;
  isError?: boolean;
}

describe('MCP tools built for agents', () => {
  let sut: TestApp;
  let ada: SignedInUser;
  let bob: SignedInUser;
  let base = '';
  let writer: Client;

  const tokenFor = async (user: SignedInUser, scopes: string[]) =>
    (
      await sut.http
        .post('/api/v1/tokens')
        .set(user.auth)
        .send({ name: `agent ${scopes.join('+')}`, scopes })
        .expect(201)
    ).body.token as string;

  /** An SDK client that has listed the tools, so it validates every structuredContent against its outputSchema. */
  const connect = async (token: string) => {
    const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    await client.listTools();
    return client;
  };
  const call = async (name: string, args: Record<string, unknown>, client = writer) =>
    (await client.callTool({ name, arguments: args })) as CallResult;
  const batch = async (name: string, items: unknown[]) => {
    const result = await call(name, { tasks: items });
    // Older clients read the same JSON from the text block.
    expect(JSON.parse(result.content[0]!.text)).toEqual(result.structuredContent);
    return { isError: result.isError, body: result.structuredContent as BatchResult };
  };
  const restTask = async (id: string) =>
    (await sut.http.get(`/api/v1/tasks/${id}`).set(ada.auth).expect(200)).body as Task;
  /** Every row of Ada's, trashed or not: what a rolled-back batch must leave as it was. */
  const restCount = () => sut.database.db.$count(tasks, eq(tasks.userId, ada.id));
  const restCreate = async (body: Record<string, unknown>) =>
    (await sut.http.post('/api/v1/tasks').set(ada.auth).send(body).expect(201)).body as Task;

  beforeAll(async () => {
    sut = await startTestApp({ WEB_URL: 'https://todo.example' });
    ada = await signUp(sut);
    bob = await signUp(sut);
    await sut.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}`;
    writer = await connect(await tokenFor(ada, ['tasks:write']));
  });
  afterAll(async () => {
    await writer?.close();
    await sut?.close();
  });

  it('/llms.txt names the new tools and the OAuth discovery a hosted agent starts from', async () => {
    const text = (await sut.http.get('/llms.txt').expect(200)).text;
    for (const part of [
      'createTasks',
      'updateTasks',
      'completeTasks',
      'findTasks',
      'search(query)',
      'fetch(id)',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain('/.well-known/oauth-protected-resource/mcp');
    expect(text).toContain('/.well-known/oauth-authorization-server');
  });

  describe('tools/list', () => {
    it('gives every tool all three hints, an object outputSchema, and truthful hints for the new tools', async () => {
      const { tools } = await writer.listTools();
      const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
      for (const tool of tools) {
        expect(tool.outputSchema, tool.name).toMatchObject({ type: 'object' });
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
          expect(typeof tool.annotations?.[hint], `${tool.name} ${hint}`).toBe('boolean');
        }
      }
      const hints = (name: string) => {
        const { readOnlyHint, destructiveHint, idempotentHint } = byName[name]!.annotations!;
        return [readOnlyHint, destructiveHint, idempotentHint];
      };
      expect(hints('createTasks')).toEqual([false, false, false]);
      expect(hints('updateTasks')).toEqual([false, true, false]);
      expect(hints('completeTasks')).toEqual([false, false, true]);
      expect(hints('moveTask')).toEqual([false, true, false]);
      for (const name of ['findTasks', 'search', 'fetch', 'listTasks', 'getTask', 'whoami']) {
        expect(hints(name), name).toEqual([true, false, true]);
      }
      // Batches are bounded, and their items are the REST request schemas.
      const items = (
        byName.createTasks!.inputSchema.properties!.tasks as { maxItems: number; items: unknown }
      ).items as { properties: Record<string, { maxLength?: number }> };
      expect((byName.createTasks!.inputSchema.properties!.tasks as { maxItems: number }).maxItems).toBe(50);
      expect(items.properties.title!.maxLength).toBe(200);
      // ChatGPT's search and fetch take exactly a query and an id.
      expect(byName.search!.inputSchema).toMatchObject({ required: ['query'] });
      expect(byName.fetch!.inputSchema).toMatchObject({ required: ['id'] });
    });

    it('answers every existing tool with structuredContent its outputSchema accepts, and the JSON as text', async () => {
      const task = (await call('createTask', { title: 'Checked shape', tags: ['shape'] }))
        .structuredContent as Task;
      const calls: [string, Record<string, unknown>][] = [
        ['whoami', {}],
        ['listTasks', { limit: 5 }],
        ['getTask', { id: task.id }],
        ['quickAddTask', { text: 'Call the plumber tomorrow' }],
        ['updateTask', { id: task.id, priority: 'high' }],
        ['moveTask', { id: task.id }],
        ['completeTask', { id: task.id }],
        ['deleteTask', { id: task.id }],
        ['restoreTask', { id: task.id }],
        ['listProjects', {}],
        ['createProject', { name: 'Shapes' }],
      ];
      for (const [name, args] of calls) {
        // callTool throws when structuredContent does not match the tool's outputSchema.
        const result = await call(name, args);
        expect(result.isError, name).toBeFalsy();
        expect(JSON.parse(result.content[0]!.text), name).toEqual(result.structuredContent);
      }
      const project = (await call('listProjects', {})).structuredContent as { items: { id: string }[] };
      const sections = await call('listSections', { projectId: project.items[0]!.id });
      expect(sections.isError).toBeFalsy();
      const created = await call('createTask', { title: 'Next step' });
      expect(created.content[1]!.text).toMatch(/^Next: completeTask or updateTask with id [0-9a-f-]{36}/);
      const firstPage = await call('listTasks', { limit: 1 });
      expect(firstPage.content[1]!.text).toMatch(/^Next: listTasks with the same filters and cursor "/);
    });
  });

  describe('createTasks', () => {
    it('creates every task in one call, in input order, seen by REST', async () => {
      const { isError, body } = await batch('createTasks', [
        { title: 'Batch one', priority: 'high' },
        { title: 'Batch two', tags: ['batch'] },
        { title: 'Batch three', recurrence: 'weekly', dueAt: '2030-01-07T09:00:00Z' },
      ]);
      expect(isError).toBeFalsy();
      expect(body.written).toBe(true);
      expect(body.results.map((r) => [r.index, r.status, r.task?.title])).toEqual([
        [0, 'created', 'Batch one'],
        [1, 'created', 'Batch two'],
        [2, 'created', 'Batch three'],
      ]);
      expect(body.next).toMatch(/^Next: /);
      for (const { task } of body.results)
        expect(await restTask(task!.id)).toMatchObject({ title: task!.title });
    });

    it('writes nothing when one item is invalid, and names each invalid item and field as REST does', async () => {
      const before = await restCount();
      const rest = await sut.http.post('/api/v1/tasks').set(ada.auth).send({ title: '', priority: 'urgent' });
      expect(rest.status).toBe(400);
      const { isError, body } = await batch('createTasks', [
        { title: 'Fine' },
        { title: '', priority: 'urgent' },
        { title: 'Also fine', userId: bob.id },
      ]);
      expect(isError).toBe(true);
      expect(body.written).toBe(false);
      expect(body.results.map((r) => r.status)).toEqual(['skipped', 'invalid', 'invalid']);
      const restPaths = (rest.body.errors as { path: string }[]).map((e) => `tasks.1.${e.path}`);
      expect(body.results[1]!.problem!.errors!.map((e) => (e as { path: string }).path)).toEqual(restPaths);
      expect(body.results[2]!.problem).toMatchObject({
        status: 400,
        errors: [{ path: 'tasks.2.userId', message: 'is not a known field' }],
      });
      expect(body.next).toMatch(/Nothing was written/);
      expect(await restCount()).toBe(before);
    });

    it('rolls back the items already inserted when a later one fails in the database step', async () => {
      const before = await restCount();
      const { isError, body } = await batch('createTasks', [
        { title: 'Inserted, then rolled back' },
        { title: 'In a project nobody has', projectId: '00000000-0000-4000-8000-000000000000' },
      ]);
      expect(isError).toBe(true);
      expect(body.written).toBe(false);
      expect(body.results).toEqual([
        { index: 0, status: 'skipped' },
        { index: 1, status: 'failed', problem: expect.objectContaining({ status: 404 }) },
      ]);
      expect(await restCount()).toBe(before);
    });

    it('rolls everything back on a database failure, answering the generic problem with no SQL in it', async () => {
      const before = await restCount();
      const insert = TasksRepository.prototype.insert;
      let calls = 0;
      const failing = vi.spyOn(TasksRepository.prototype, 'insert').mockImplementation(async function (
        this: TasksRepository,
        ...args: Parameters<typeof insert>
      ) {
        calls += 1;
        if (calls === 2) throw new Error('Failed query: insert into "tasks" ("title") values ($1)');
        return insert.apply(this, args);
      });
      const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const result = await call('createTasks', { tasks: [{ title: 'First' }, { title: 'Second' }] });
        expect(calls).toBe(2);
        expect(result.isError).toBe(true);
        expect(result.content[0]!.text).not.toMatch(/insert into|\$1/);
        expect(JSON.parse(result.content[0]!.text)).toMatchObject({
          status: 500,
          type: '/problems/internal',
        });
      } finally {
        failing.mockRestore();
        logged.mockRestore();
      }
      expect(await restCount()).toBe(before);
    });

    it('replays a retry with the same idempotency key, and refuses the key with other tasks (422)', async () => {
      const before = await restCount();
      const args = {
        tasks: [{ title: 'Retried one' }, { title: 'Retried two' }],
        idempotencyKey: 'batch-key-1',
      };
      const first = (await call('createTasks', args)).structuredContent as BatchResult;
      const retry = (await call('createTasks', args)).structuredContent as BatchResult;
      expect(retry).toEqual(first);
      expect(await restCount()).toBe(before + 2);
      const other = await call('createTasks', { ...args, tasks: [{ title: 'Something else' }] });
      expect(other.isError).toBe(true);
      expect(JSON.parse(other.content[0]!.text)).toMatchObject({ status: 422 });
      expect(await restCount()).toBe(before + 2);
      // Only createTasks takes a key: the other batches are safe to retry by their nature (versions, completion).
      const refused = await call('completeTasks', {
        tasks: [{ id: first.results[0]!.task!.id }],
        idempotencyKey: 'k',
      });
      expect(JSON.parse(refused.content[0]!.text)).toMatchObject({
        status: 400,
        errors: [{ path: 'idempotencyKey' }],
      });
    });

    it('refuses an empty batch, a batch over 50 and unknown arguments with a problem naming the field', async () => {
      for (const [args, path] of [
        [{ tasks: [] }, 'tasks'],
        [{ tasks: Array.from({ length: 51 }, (_, i) => ({ title: `t${i}` })) }, 'tasks'],
        [{ tasks: [{ title: 'x' }], dryRun: true }, 'dryRun'],
      ] as const) {
        const result = await call('createTasks', args);
        expect(result.isError).toBe(true);
        expect(JSON.parse(result.content[0]!.text)).toMatchObject({ status: 400, errors: [{ path }] });
      }
    });
  });

  describe('updateTasks and completeTasks', () => {
    it('updates several tasks at once, and a stale version anywhere changes none of them', async () => {
      const a = await restCreate({ title: 'Update A' });
      const b = await restCreate({ title: 'Update B' });
      const stale = await batch('updateTasks', [
        { id: a.id, title: 'A changed' },
        { id: b.id, version: 7, title: 'B changed' },
      ]);
      expect(stale.isError).toBe(true);
      expect(stale.body.results[1]).toMatchObject({ status: 'failed', problem: { status: 412 } });
      expect(await restTask(a.id)).toMatchObject({ title: 'Update A', version: 1 });

      const ok = await batch('updateTasks', [
        { id: a.id, version: 1, title: 'A changed' },
        { id: b.id, priority: 'low', tags: ['x'] },
      ]);
      expect(ok.body.written).toBe(true);
      expect(ok.body.results.map((r) => r.status)).toEqual(['updated', 'updated']);
      expect(await restTask(b.id)).toMatchObject({ priority: 'low', tags: ['x'], version: 2 });

      const invalid = await batch('updateTasks', [{ id: 'nope', title: 'x' }, { id: a.id }]);
      expect(invalid.body.results[0]!.problem!.errors).toEqual([
        { path: 'tasks.0.id', message: 'must be a UUID' },
      ]);
      expect(invalid.body.results[1]!.problem!.errors).toEqual([
        { path: 'tasks.1', message: 'send at least one field to change' },
      ]);
    });

    it('never touches another person’s task: the whole batch is 404 for it', async () => {
      const mine = await restCreate({ title: 'Mine' });
      const theirs = (await sut.http.post('/api/v1/tasks').set(bob.auth).send({ title: 'Bob’s' }).expect(201))
        .body as Task;
      const { body } = await batch('completeTasks', [{ id: mine.id }, { id: theirs.id }]);
      expect(body.results[1]).toMatchObject({ status: 'failed', problem: { status: 404 } });
      expect(await restTask(mine.id)).toMatchObject({ completed: false });
    });

    it('completes several, reports already completed ones as unchanged, and repeats harmlessly', async () => {
      const weekly = await restCreate({
        title: 'Weekly',
        recurrence: 'weekly',
        dueAt: '2030-01-07T09:00:00Z',
      });
      const done = await restCreate({ title: 'Done already', completed: true });
      const first = await batch('completeTasks', [{ id: weekly.id }, { id: done.id }]);
      expect(first.body.results.map((r) => [r.status, r.task?.completed])).toEqual([
        ['completed', true],
        ['unchanged', true],
      ]);
      const open = (await sut.http.get('/api/v1/tasks?q=Weekly&completed=false').set(ada.auth).expect(200))
        .body.items as (Task & { dueAt: string })[];
      expect(open.map((t) => t.dueAt)).toEqual(['2030-01-14T09:00:00.000Z']);
      const again = await batch('completeTasks', [{ id: weekly.id }, { id: done.id }]);
      expect(again.body.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
      expect((await restTask(weekly.id)).version).toBe(first.body.results[0]!.task!.version);
    });

    it('refuses the batch tools to a read-only token with the REST 403', async () => {
      const reader = await connect(await tokenFor(ada, ['tasks:read']));
      for (const name of ['createTasks', 'updateTasks', 'completeTasks']) {
        const result = await call(name, { tasks: [{ title: 'x' }] }, reader);
        expect(result.isError, name).toBe(true);
        expect(JSON.parse(result.content[0]!.text), name).toMatchObject({ status: 403 });
      }
      await reader.close();
    });
  });

  describe('findTasks', () => {
    it('filters exactly as GET /api/v1/tasks with the same query, and names the next step', async () => {
      await restCreate({ title: 'Find high open', priority: 'high', tags: ['find'] });
      await restCreate({ title: 'Find high done', priority: 'high', tags: ['find'], completed: true });
      await restCreate({ title: 'Find low open', priority: 'low', tags: ['find'] });
      const rest = await sut.http
        .get('/api/v1/tasks?tag=find&priority=high&completed=false&sort=title')
        .set(ada.auth)
        .expect(200);
      const found = await call('findTasks', {
        tag: 'find',
        priority: 'high',
        completed: false,
        sort: 'title',
      });
      const body = found.structuredContent as { items: Task[]; nextCursor: string | null; next: string };
      expect(body.items).toEqual(rest.body.items);
      expect(body.items.map((t) => t.title)).toEqual(['Find high open']);
      expect(body.next).toMatch(/completeTasks or updateTasks/);

      const paged = (await call('findTasks', { tag: 'find', limit: 1 })).structuredContent as {
        nextCursor: string;
        next: string;
      };
      expect(paged.next).toContain(`cursor "${paged.nextCursor}"`);
      const none = (await call('findTasks', { tag: 'no-such-tag' })).structuredContent as { next: string };
      expect(none.next).toMatch(/^No task matches/);
    });

    it('refuses a bad filter with the problem REST gives', async () => {
      const rest = await sut.http.get('/api/v1/tasks?priority=urgent&limit=0').set(ada.auth).expect(400);
      const result = await call('findTasks', { priority: 'urgent', limit: 0 });
      expect(result.isError).toBe(true);
      expect(JSON.parse(result.content[0]!.text).errors).toEqual(rest.body.errors);
    });
  });

  describe('search and fetch (hosted chat clients)', () => {
    it('searches by text into { results: [{ id, title, url }] } as one JSON text block', async () => {
      const task = await restCreate({ title: 'Renew the passport', description: 'Photos in the drawer' });
      await sut.http
        .post('/api/v1/tasks')
        .set(bob.auth)
        .send({ title: 'Renew the passport (Bob)' })
        .expect(201);
      const result = await call('search', { query: 'passport' });
      expect(result.content).toHaveLength(1);
      expect(JSON.parse(result.content[0]!.text)).toEqual({
        results: [{ id: task.id, title: 'Renew the passport', url: `https://todo.example/tasks/${task.id}` }],
      });
      expect(result.structuredContent).toEqual(JSON.parse(result.content[0]!.text));
      const byNotes = (await call('search', { query: 'DRAWER' })).structuredContent as { results: unknown[] };
      expect(byNotes.results).toHaveLength(1);
    });

    it('fetches a result as { id, title, text, url, metadata }, and only the caller’s own', async () => {
      const task = await restCreate({
        title: 'Book the dentist',
        description: 'Ask for a morning slot',
        priority: 'high',
        tags: ['health'],
        dueAt: '2030-03-01T09:00:00Z',
      });
      const result = await call('fetch', { id: task.id });
      expect(result.content).toHaveLength(1);
      const doc = JSON.parse(result.content[0]!.text) as Record<string, unknown>;
      expect(doc).toMatchObject({
        id: task.id,
        title: 'Book the dentist',
        url: `https://todo.example/tasks/${task.id}`,
        metadata: { id: task.id, priority: 'high', tags: ['health'], version: 1 },
      });
      for (const part of [
        'Book the dentist',
        'Status: open',
        'Priority: high',
        'Due: 2030-03-01',
        'health',
        'morning slot',
      ]) {
        expect(doc.text).toContain(part);
      }
      const theirs = (await sut.http.post('/api/v1/tasks').set(bob.auth).send({ title: 'Bob’s' }).expect(201))
        .body as Task;
      const refused = await call('fetch', { id: theirs.id });
      expect(refused.isError).toBe(true);
      expect(JSON.parse(refused.content[0]!.text)).toMatchObject({ status: 404 });
      const invalid = await call('search', { query: '' });
      expect(JSON.parse(invalid.content[0]!.text)).toMatchObject({
        status: 400,
        errors: [{ path: 'query' }],
      });
    });
  });
});
