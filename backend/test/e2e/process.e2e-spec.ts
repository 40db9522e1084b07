import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildPrivateDist, startApi } from '../../../scripts/lib/api-process.mjs';
import { apiClient } from '../realtime/cluster.js';

// The compiled server as an operator runs it. One database engine is enough for process behaviour.
describe.skipIf(inject('database').kind === 'postgres')('The API process', () => {
  let dist: ReturnType<typeof buildPrivateDist>;
  let dataRoot: string;

  beforeAll(() => {
    dist = buildPrivateDist();
    dataRoot = mkdtempSync(join(tmpdir(), 'todo-process-'));
  }, 180_000);
  afterAll(() => {
    dist?.remove();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  describe('configuration', () => {
    it.each([
      [{ PORT: 'eighty' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://db/todo' }, 'DATABASE_URL'],
      [{ NODE_ENV: 'production' }, 'JWT_SECRET is required'],
      [{ NODE_ENV: 'production', JWT_SECRET: 'changeme-changeme-changeme-changeme-1' }, 'JWT_SECRET'],
      [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
    ])('exits non-zero with one clear line for %o', (env, expected) => {
      const result = spawnSync(process.execPath, [join(dist.dir, 'main.js')], {
        env: { PATH: process.env.PATH, PGLITE_DATA_DIR: join(dataRoot, 'never'), ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(expected);
      expect(result.stdout).toBe('');
    });
  });

  describe('SIGTERM', () => {
    it('stays live but turns unready for the shutdown delay, then exits 0', async () => {
      const api = await startApi(dist.dir, {
        PGLITE_DATA_DIR: join(dataRoot, 'probes'),
        SHUTDOWN_DELAY_MS: '2000',
        SHUTDOWN_GRACE_MS: '5000',
      });
      api.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [live, ready] = await Promise.all([
        fetch(`${api.base}/health/live`),
        fetch(`${api.base}/health/ready`),
      ]);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      expect(ready.status).toBe(503);
      expect(await api.exited).toBe(0);
    }, 60_000);

    it('finishes every request that started before the signal, then exits 0', async () => {
      const api = await startApi(dist.dir, {
        PGLITE_DATA_DIR: join(dataRoot, 'db'),
        SHUTDOWN_DELAY_MS: '300',
        SHUTDOWN_GRACE_MS: '5000',
      });
      const client = apiClient(api.base);
      const user = await client.signUp('drain');
      let signalledAt = Number.POSITIVE_INFINITY;
      const outcomes: { startedAt: number; status: number | 'failed' }[] = [];
      const worker = async (n: number) => {
        for (let i = 0; Date.now() < signalledAt + 1000; i += 1) {
          const startedAt = Date.now();
          const status = await fetch(`${api.base}/api/v1/tasks`, {
            method: 'POST',
            headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `load ${n}-${i}` }),
          })
            .then((response) => response.status)
            .catch(() => 'failed' as const);
          outcomes.push({ startedAt, status });
          if (status === 'failed') return;
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
      // Signal once the load is well under way (a count, not a time: a busy machine serves fewer per second).
      const warm = Date.now();
      while (outcomes.length < 24 && Date.now() - warm < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      signalledAt = Date.now();
      api.child.kill('SIGTERM');
      const [code] = await Promise.all([api.exited, load]);

      expect(code).toBe(0);
      const before = outcomes.filter((outcome) => outcome.startedAt < signalledAt);
      expect(before.length).toBeGreaterThan(20);
      expect(before.filter((outcome) => outcome.status !== 201)).toEqual([]);
    }, 60_000);
  });

  describe('request logs', () => {
    it('closes each request with one line under its id, which lines logged inside it carry too', async () => {
      const api = await startApi(dist.dir, {
        PGLITE_DATA_DIR: join(dataRoot, 'request-lines'),
        LOG_LEVEL: 'info',
      });
      try {
        const password = 'correct-horse-lamp-41';
        const registered = await fetch(`${api.base}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': 'sign-up-1' },
          body: JSON.stringify({ email: 'lines@example.com', password, name: 'Lines' }),
        });
        expect(registered.status).toBe(201);
        const { accessToken, user } = (await registered.json()) as {
          accessToken: string;
          user: { id: string };
        };
        const authorization = `Bearer ${accessToken}`;
        const listed = await fetch(`${api.base}/api/v1/tasks`, { headers: { authorization } });
        expect(listed.status).toBe(200);
        const listId = listed.headers.get('x-request-id');
        await fetch(`${api.base}/api/v1/invitations/inv_private_token`);
        for (const probe of ['/health/live', '/health/ready']) await fetch(`${api.base}${probe}`);
        // An event stream the client leaves: its line is written when it closes, marked as cut off.
        const leaving = new AbortController();
        const stream = await fetch(`${api.base}/api/v1/tasks/events`, {
          headers: { authorization },
          signal: leaving.signal,
        });
        expect(stream.status).toBe(200);
        leaving.abort();
        await new Promise((resolve) => setTimeout(resolve, 300));

        const output = api.output();
        const lines = output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown> & { req?: { url?: string } });
        const closing = lines.filter((line) => line.msg === 'request completed');
        const closingOf = (id: string | null) => closing.filter((line) => line.reqId === id);

        expect(lines.find((line) => line.event === 'auth.register')).toMatchObject({ reqId: 'sign-up-1' });
        expect(closingOf('sign-up-1')).toEqual([
          expect.objectContaining({
            req: { id: 'sign-up-1', method: 'POST', url: '/api/v1/auth/register' },
            res: { statusCode: 201 },
            responseTime: expect.any(Number),
          }),
        ]);
        expect(closingOf(listId)).toEqual([
          expect.objectContaining({ userId: user.id, res: { statusCode: 200 } }),
        ]);
        expect(closing.filter((line) => line.req?.url === '/api/v1/invitations/[redacted]')).toHaveLength(1);
        expect(closing.filter((line) => line.req?.url?.startsWith('/health/'))).toEqual([]);
        expect(closing.filter((line) => line.req?.url === '/api/v1/tasks/events')).toEqual([
          expect.objectContaining({ aborted: true, userId: user.id }),
        ]);
        for (const secret of [password, 'inv_private_token', accessToken])
          expect(output).not.toContain(secret);
      } finally {
        await api.stop();
      }
    }, 60_000);

    it('writes one request line for every route outside /api/v1, and audits failed MCP calls', async () => {
      const api = await startApi(dist.dir, { PGLITE_DATA_DIR: join(dataRoot, 'logs'), LOG_LEVEL: 'info' });
      try {
        const user = await apiClient(api.base).signUp('logs');
        const mcp = (token: string | undefined, id: number) =>
          fetch(`${api.base}/mcp`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id,
              method: 'tools/call',
              params: { name: 'getTask', arguments: { id: '00000000-0000-4000-8000-000000000000' } },
            }),
          });
        const calls: [string, Promise<Response>][] = [
          ['/metrics', fetch(`${api.base}/metrics`)],
          ['/docs', fetch(`${api.base}/docs`)],
          ['/llms.txt', fetch(`${api.base}/llms.txt`)],
          ['/openapi.json', fetch(`${api.base}/openapi.json`)],
          ['/mcp', mcp(undefined, 1)],
          ['/mcp', mcp(user.token, 2)],
        ];
        const statuses = await Promise.all(calls.map(async ([, response]) => (await response).status));
        expect(statuses).toEqual([200, 200, 200, 200, 401, 200]);
        await new Promise((resolve) => setTimeout(resolve, 300));

        const lines = api
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map(
            (line) =>
              JSON.parse(line) as Record<string, unknown> & { req?: { url?: string; method?: string } },
          );
        const completed = (path: string) =>
          lines.filter((line) => line.msg === 'request completed' && line.req?.url?.split('?')[0] === path);
        for (const [path, count] of [
          ['/metrics', 1],
          ['/docs', 1],
          ['/llms.txt', 1],
          ['/openapi.json', 1],
          ['/mcp', 2],
        ] as const) {
          expect(completed(path), path).toHaveLength(count);
        }
        expect(
          completed('/mcp')
            .map((line) => (line.res as { statusCode: number }).statusCode)
            .sort(),
        ).toEqual([200, 401]);
        expect(lines.filter((line) => line.event === 'mcp.auth.failed')).toHaveLength(1);
        const toolFailed = lines.filter((line) => line.event === 'mcp.tool.failed');
        expect(toolFailed).toHaveLength(1);
        expect(toolFailed[0]).toMatchObject({ tool: 'getTask', userId: user.id });
      } finally {
        await api.stop();
      }
    }, 60_000);
  });
});
