import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrame, parseSmokeArgs, runSmoke, type ClientFactory } from '../smoke/smoke.ts';

const realStack = process.env.SMOKE_BASE_URL;

describe('smoke test against the running stack', () => {
  it.skipIf(!realStack)(
    realStack
      ? `passes against ${realStack}`
      : 'skipped: set SMOKE_BASE_URL (e.g. http://127.0.0.1:8000 after `npm start`) to run it',
    async () => {
      const options = parseSmokeArgs([], process.env);
      const passed = await runSmoke({ ...options, log: (line) => console.log(line) });
      expect(passed).toContain('events stream delivers task.created');
    },
    120_000,
  );
});

// A tiny in-memory stand-in for the API, just faithful enough to the contract to
// prove the smoke script's own logic (and its failure messages) without a backend.
function fakeApi(options: { breakRestore?: boolean; seenHeaders?: string[] } = {}): Server {
  const tasks = new Map<string, { task: Record<string, unknown>; trashed: boolean }>();
  const streams: ServerResponse[] = [];
  let n = 0;
  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    options.seenHeaders?.push(String(req.headers['x-canary']));
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const url = req.url ?? '';
    const m = /^\/api\/v1\/(tasks|trash)\/([^/]+)(\/restore)?$/.exec(url);
    const entry = m ? tasks.get(m[2]!) : undefined;
    if (url === '/health/ready') return send(res, 200, { status: 'ok' });
    if (url === '/api/v1/auth/register') return send(res, 201, { accessToken: 'a', refreshToken: 'r' });
    if (url === '/api/v1/auth/logout') return send(res, 204);
    if (req.headers.authorization !== 'Bearer a') return send(res, 401, { status: 401 });
    if (url === '/api/v1/tasks/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      streams.push(res);
      return;
    }
    if (url === '/api/v1/tasks' && req.method === 'POST') {
      const task = { id: `t${++n}`, completed: false, completedAt: null, version: 1, ...body };
      tasks.set(task.id, { task, trashed: false });
      for (const s of streams) s.write(`event: task.created\ndata: ${JSON.stringify(task)}\n\n`);
      return send(res, 201, task);
    }
    if (!m || !entry) return send(res, 404, { status: 404 });
    if (m[1] === 'tasks' && entry.trashed) return send(res, 404, { status: 404 });
    if (m[3] === '/restore') {
      if (!entry.trashed || options.breakRestore)
        return send(res, options.breakRestore ? 500 : 404, { status: 500 });
      entry.trashed = false;
      return send(res, 200, entry.task);
    }
    if (m[1] === 'trash' && req.method === 'DELETE')
      return entry.trashed ? (tasks.delete(m[2]!), send(res, 204)) : send(res, 404);
    if (req.method === 'GET') return send(res, 200, entry.task);
    if (req.method === 'DELETE') return ((entry.trashed = true), send(res, 204));
    if (req.method === 'PATCH') {
      const done = body.completed === true ? { completedAt: new Date().toISOString() } : {};
      entry.task = { ...entry.task, ...body, ...done, version: Number(entry.task.version) + 1 };
      return send(res, 200, entry.task);
    }
    return send(res, 405);
  });
}

// The same construction as @todo/openapi's createApiClient, kept separate so this
// test keeps proving the script even if that factory changes.
const factory: ClientFactory = (baseUrl, options) =>
  createClient({ baseUrl, ...options }) as ReturnType<ClientFactory>;

describe('smoke script (against an in-memory fake API)', () => {
  let server: Server;
  let broken: Server;
  const seenHeaders: string[] = [];
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  beforeAll(async () => {
    server = fakeApi({ seenHeaders }).listen(0, '127.0.0.1');
    broken = fakeApi({ breakRestore: true }).listen(0, '127.0.0.1');
    await Promise.all([once(server, 'listening'), once(broken, 'listening')]);
  });
  afterAll(() => {
    server.closeAllConnections();
    broken.closeAllConnections();
    server.close();
    broken.close();
  });

  it('walks the whole task life cycle and sends the extra headers on every request', async () => {
    const options = parseSmokeArgs(['--base-url', url(server), '--header', 'X-Canary: always'], {});
    const passed = await runSmoke({ ...options, log: () => {} }, factory);
    expect(passed).toEqual([
      'GET /health/ready is 200',
      'register a throwaway user',
      'open the events stream',
      'create a task',
      'events stream delivers task.created',
      'read the task',
      'update the title (If-Match)',
      'complete the task',
      'trash the task',
      'restore it from the trash',
      'erase it for good',
      'log out (spends the refresh token)',
    ]);
    expect(new Set(seenHeaders)).toEqual(new Set(['always']));
  });

  it('stops at the first failure and names the step', async () => {
    const options = parseSmokeArgs(['--base-url', url(broken)], {});
    await expect(runSmoke({ ...options, log: () => {} }, factory)).rejects.toThrow(
      'smoke test failed at "restore it from the trash": expected HTTP 200, got 500',
    );
  });

  it('fails clearly when the service is unreachable', async () => {
    const options = parseSmokeArgs(['--base-url', 'http://127.0.0.1:9', '--timeout-ms', '2000'], {});
    await expect(runSmoke({ ...options, log: () => {} }, factory)).rejects.toThrow(
      /smoke test failed at "GET \/health\/ready is 200"/,
    );
  });

  it('parses SSE frames named by event: or by a type field', () => {
    expect(parseFrame('event: task.created\ndata: {"id":"1"}')).toEqual({
      type: 'task.created',
      data: { id: '1' },
    });
    expect(parseFrame('data: {"type":"task.updated"}')).toMatchObject({ type: 'task.updated' });
    expect(parseFrame(': keep-alive')).toBeNull();
  });

  it('rejects bad arguments', () => {
    expect(() => parseSmokeArgs([], {})).toThrow(/SMOKE_BASE_URL/);
    expect(() => parseSmokeArgs(['--base-url', 'http://x', '--header', 'nocolon'], {})).toThrow(
      /Name: value/,
    );
    expect(
      parseSmokeArgs([], { SMOKE_BASE_URL: 'http://x', SMOKE_HEADERS: 'X-Canary: always; X-B: c' }).headers,
    ).toEqual({
      'X-Canary': 'always',
      'X-B': 'c',
    });
  });
});
