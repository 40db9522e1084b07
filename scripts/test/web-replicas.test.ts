import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, waitFor } from '../lib/stack.mjs';
import { CookieJar } from './support/browser.ts';
import { roundRobin } from './support/round-robin.ts';

/**
 * Two web replicas behind a round-robin proxy, as the chart runs them: one person's parallel requests land on
 * both while the access token expires, so both replicas renew the same refresh cookie at once. The person must
 * stay signed in (the API's refresh grace window, which the web tier gets with GATEWAY_SECRET), not be signed out
 * by reuse detection. And many people behind one address, with an attacker among them, all stay signed in.
 */
const built =
  existsSync(join(ROOT, 'backend/dist/main.js')) &&
  existsSync(join(ROOT, 'frontend/.next/standalone/frontend/server.js'));
const ACCESS_TTL_SECONDS = 30; // the shortest the API allows; the web tier renews 30 s before expiry, so always

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function launch(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A new account's session in a cookie jar. Each registers from its own address, as people do. */
async function signedInJar(apiUrl: string, label: string): Promise<CookieJar> {
  const registered = await fetch(`${apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
    },
    body: JSON.stringify({
      email: `${label}-${randomBytes(4).toString('hex')}@example.test`,
      password: 'correct horse battery staple',
      name: 'Ada',
    }),
  });
  expect(registered.status).toBe(201);
  const session = (await registered.json()) as { accessToken: string; refreshToken: string };
  const jar = new CookieJar();
  jar.set('todo_at', session.accessToken);
  jar.set('todo_rt', session.refreshToken);
  return jar;
}

/** One request as a browser with this jar sends it; the jar takes the answer's cookies. Returns a summary line. */
async function send(origin: string, jar: CookieJar, path: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(`${origin}${path}`, {
    ...init,
    redirect: 'manual',
    headers: { cookie: jar.header(), origin, ...init.headers },
  });
  jar.take(response);
  await response.arrayBuffer();
  const redirect =
    response.status >= 300 && response.status < 400 ? ` ${response.headers.get('location')}` : '';
  return `${init.method ?? 'GET'} ${path} → ${response.status}${redirect}`;
}

describe('two web replicas behind a round-robin proxy', () => {
  const children: ChildProcess[] = [];
  const hits = [0, 0];
  let proxy: Server | undefined;
  let webUrl = '';
  let apiUrl = '';
  let dataDir = '';
  let webAUrl = '';

  beforeAll(async () => {
    if (!built) return;
    dataDir = mkdtempSync(join(tmpdir(), 'todo-web-replicas-'));
    const [apiPort, webA, webB] = [await freePort(), await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${apiPort}`;
    webAUrl = `http://127.0.0.1:${webA}`;
    const GATEWAY_SECRET = randomBytes(32).toString('base64url');
    const api = launch('backend/dist/main.js', {
      GATEWAY_SECRET,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      PGLITE_DATA_DIR: join(dataDir, 'db'),
      ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS),
      RATE_LIMIT_ENABLED: 'true',
      AUTH_RATE_LIMIT_PER_MINUTE: '20',
      LOG_LEVEL: 'warn',
    });
    children.push(api);
    await waitFor(`${apiUrl}/health/ready`, { child: api });
    for (const port of [webA, webB]) {
      const web = launch('frontend/scripts/serve.mjs', {
        HOST: '127.0.0.1',
        PORT: String(port),
        BACKEND_URL: apiUrl,
        GATEWAY_SECRET,
      });
      children.push(web);
      await waitFor(`http://127.0.0.1:${port}/healthz`, { child: web });
    }
    proxy = roundRobin([webA, webB], hits).listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    webUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy?.close();
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null) return null;
        child.kill('SIGTERM');
        return once(child, 'exit');
      }),
    );
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!built)(
    built
      ? 'keep a person signed in through parallel requests across access-token expiries'
      : 'skipped: needs the production builds (npx nx run-many -t build -p backend frontend)',
    async () => {
      const jar = await signedInJar(apiUrl, 'replicas');
      const burst = () =>
        Promise.all([
          send(webUrl, jar, '/tasks'),
          ...Array.from({ length: 3 }, () => send(webUrl, jar, '/api/v1/tasks?limit=5')),
          send(webUrl, jar, '/api/v1/tasks', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: 'written while renewing' }),
          }),
          send(webUrl, jar, '/api/v1/users/me'),
          send(webUrl, jar, '/tasks'),
          send(webUrl, jar, '/api/v1/tasks?limit=5'),
        ]);
      const expected = (results: string[]) =>
        results.map((line) => line.replace(/→ .*/, line.startsWith('POST') ? '→ 201' : '→ 200'));

      // The access token is inside the web tier's renewal window from the start: every burst renews.
      for (let round = 0; round < 3; round += 1) {
        const results = await burst();
        expect(results).toEqual(expected(results));
      }
      // And once more after the access token has really expired.
      await sleep((ACCESS_TTL_SECONDS + 1) * 1000);
      const afterExpiry = await burst();
      expect(afterExpiry).toEqual(expected(afterExpiry));

      expect(jar.get('todo_rt')).toBeTruthy();
      expect(await send(webUrl, jar, '/api/v1/users/me')).toBe('GET /api/v1/users/me → 200');
      expect(hits[0]).toBeGreaterThan(0);
      expect(hits[1]).toBeGreaterThan(0);
    },
    120_000,
  );
  it.skipIf(!built)(
    built
      ? 'keep 30 people behind one address signed in while they renew at once, right after 25 junk-cookie page loads'
      : 'skipped: needs the production builds (npx nx run-many -t build -p backend frontend)',
    async () => {
      const people = await Promise.all(
        Array.from({ length: 30 }, (_, i) => signedInJar(apiUrl, `crowd-${i}`)),
      );
      // An attacker on the same address as everyone (this test's loopback): page loads with made-up refresh cookies.
      const junk = await Promise.all(
        Array.from({ length: 25 }, () => {
          const attacker = new CookieJar();
          attacker.set('todo_rt', randomBytes(32).toString('base64url'));
          return send(webAUrl, attacker, '/tasks');
        }),
      );
      expect(junk.filter((line) => line.includes('/login?')).length).toBeGreaterThan(0);
      // They come back after their access cookies expired: each page load must renew its session first.
      for (const jar of people) jar.delete('todo_at');
      const pages = await Promise.all(people.map((jar) => send(webAUrl, jar, '/tasks')));
      expect(pages).toEqual(pages.map(() => 'GET /tasks → 200'));
      const afterwards = await Promise.all(people.map((jar) => send(webAUrl, jar, '/api/v1/users/me')));
      expect(afterwards).toEqual(afterwards.map(() => 'GET /api/v1/users/me → 200'));
    },
    60_000,
  );
});
