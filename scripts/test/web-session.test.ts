// The built web server renders a signed-in page with one GET /users/me: the layout and the page share it.
// It runs the production build (`npx nx run frontend:build` first; `npm test` builds before this suite) against
// a stand-in API on a spare port that counts what it is asked.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverJs = join(root, 'frontend/.next/standalone/frontend/server.js');

const user = {
  id: '0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e',
  email: 'ada@example.com',
  name: 'Ada',
  createdAt: '2026-11-26T10:00:00.000Z',
};
const emptyPage = { items: [], nextCursor: null };
const answers: Record<string, unknown> = {
  '/api/v1/users/me': user,
  '/api/v1/tasks': emptyPage,
  '/api/v1/trash': emptyPage,
  '/api/v1/tokens': emptyPage,
};

/** An access token the web server reads the expiry of (it never verifies it; the API does). */
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const accessToken = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: user.id, exp: 4_102_444_800 })}.sig`;

let api: Server;
let web: ChildProcess | undefined;
let webUrl = '';
let webLog = '';
const asked: string[] = [];

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

async function sparePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  expect(existsSync(serverJs), `no web build at ${serverJs}: run \`npx nx run frontend:build\``).toBe(true);
  api = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    asked.push(`${req.method} ${path}`);
    const body = answers[path];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { status: 404, title: 'Not Found' }));
  });
  const apiPort = await listen(api);
  const webPort = await sparePort();
  webUrl = `http://127.0.0.1:${webPort}`;
  web = spawn(process.execPath, [join(root, 'frontend/scripts/serve.mjs')], {
    env: { PATH: process.env.PATH, PORT: String(webPort), BACKEND_URL: `http://127.0.0.1:${apiPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  web.stdout?.on('data', (chunk: Buffer) => (webLog += chunk.toString()));
  web.stderr?.on('data', (chunk: Buffer) => (webLog += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${webUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (web.exitCode !== null || Date.now() > deadline)
      throw new Error(`the web server did not start:\n${webLog}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 90_000);

afterAll(async () => {
  if (web && web.exitCode === null) {
    web.kill('SIGTERM');
    await new Promise((resolve) => web!.once('exit', resolve));
  }
  await new Promise((resolve) => api?.close(resolve));
});

describe('a signed-in page render', () => {
  it.each(['/tasks', '/settings', '/trash'])('asks the API for the person once on %s', async (page) => {
    asked.length = 0;
    const response = await fetch(`${webUrl}${page}`, { headers: { cookie: `todo_at=${accessToken}` } });
    expect(response.status, webLog).toBe(200);
    expect(await response.text()).toContain('Ada');
    expect(asked.filter((line) => line === 'GET /api/v1/users/me')).toHaveLength(1);
  });
});
