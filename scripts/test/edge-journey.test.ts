// The web journey through the chart's own edge: nginx built from the rendered HTTPRoute or Ingress rules, in front
// of the real production builds of the API and the web server (build them first:
// `npx nx run-many -t build -p backend frontend`). A person signs up through the web form and adds a task the way
// the browser does (cookies only, /api/v1 on the web host); agents and the deploy smoke test use the API's own paths.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../lib/stack.mjs';
import { NGINX } from '../lib/nginx.mjs';
import { runSmoke } from '../smoke/smoke.ts';
import { type Edge, SERVED_BY, startEdge } from './support/edge-nginx.ts';
import { edgeRoutes } from './support/edge-routes.ts';
import { browser, signUpThroughWebForm, uniqueEmail } from './support/browser.ts';
import { chartEdges, fetchHelm, renderChart, repoRoot } from './support/helm.ts';
import { freePortBlock } from './support/ports.ts';

const builds = ['backend/dist/main.js', 'frontend/.next/standalone/frontend/server.js'];

// npm test installs nginx when it can; otherwise it prints this suite's SKIPPED line (scripts/lib/system-tools.mjs).
describe.skipIf(!NGINX)("the web journey through the chart's rendered edge", () => {
  let helm4 = '';
  let dataDir = '';
  let services: Record<string, string> = {};
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;

  beforeAll(async () => {
    const missing = builds.filter((b) => !existsSync(join(repoRoot, b)));
    if (missing.length) {
      throw new Error(`missing ${missing.join(', ')}: run npx nx run-many -t build -p backend frontend`);
    }
    helm4 = fetchHelm()['helm v4'];
    dataDir = mkdtempSync(join(tmpdir(), 'todo-edge-stack-'));
    const [apiPort, webPort] = await freePortBlock(2);
    stack = await startStack({
      apiPort,
      webPort,
      quiet: true,
      apiEnv: { PGLITE_DATA_DIR: join(dataDir, 'db'), RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn' },
    });
    // Canary Services are the same builds here; X-Edge-Service still shows which Service the edge chose.
    services = {
      'todo-backend': stack.apiUrl,
      'todo-backend-canary': stack.apiUrl,
      'todo-frontend': stack.webUrl,
      'todo-frontend-canary': stack.webUrl,
    };
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [name, { args, canary }] of Object.entries(chartEdges)) {
    describe(name, () => {
      let edge: Edge | undefined;
      const headers: Record<string, string> = canary ? { 'X-Canary': 'always' } : {};
      const service = (component: 'backend' | 'frontend') => `todo-${component}${canary ? '-canary' : ''}`;

      beforeAll(async () => {
        const routes = edgeRoutes(renderChart(helm4, args));
        const [port] = await freePortBlock(1 + Object.keys(services).length);
        edge = await startEdge({ routes, services, port: port! }, '/healthz');
      });
      afterAll(async () => edge?.stop());

      it('a person signs up through the web form and adds a task from the browser: 201', async () => {
        const b = browser(edge!.url, headers);
        const { page, submitted: signedUp } = await signUpThroughWebForm(b, {
          name: 'Ada',
          email: uniqueEmail('ada'),
          password: 'correct-horse-lamp-41',
        });
        expect(page.status).toBe(200);
        expect(page.headers.get(SERVED_BY)).toBe(service('frontend'));
        expect(signedUp.status).toBe(303);
        expect(signedUp.headers.get('location')).toBe('/tasks');
        expect(b.jar.get('todo_at')).toBeTruthy();

        const created = await b.request('/api/v1/tasks', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Water the plants' }),
        });
        expect(created.status).toBe(201);
        expect(created.headers.get(SERVED_BY)).toBe(service('frontend'));
        const task = (await created.json()) as { id: string };

        // Who the board greets: answered only when the gateway turned the cookie into a bearer token.
        const me = await b.request('/api/v1/users/me');
        expect(me.status).toBe(200);
        expect(me.headers.get(SERVED_BY)).toBe(service('frontend'));
        expect(await me.json()).toMatchObject({ name: 'Ada' });

        const listed = await b.request('/api/v1/tasks');
        expect(listed.status).toBe(200);
        expect(((await listed.json()) as { items: { id: string }[] }).items.map((t) => t.id)).toContain(
          task.id,
        );
        // Clients that poll revalidate: the gateway passes If-None-Match through and the unchanged list is a 304.
        const etag = listed.headers.get('etag');
        expect(etag).toBeTruthy();
        const unchanged = await b.request('/api/v1/tasks', { headers: { 'if-none-match': etag! } });
        expect(unchanged.status).toBe(304);
        expect(unchanged.headers.get('etag')).toBe(etag);
      });

      it("sends the API's own paths to the API: sign-in, OpenAPI, reference, llms.txt, MCP", async () => {
        for (const path of ['/openapi.json', '/openapi.yaml', '/llms.txt', '/docs']) {
          const r = await fetch(`${edge!.url}${path}`, { headers });
          expect(r.headers.get(SERVED_BY), path).toBe(service('backend'));
          expect(r.status, path).toBe(200);
        }
        const mcp = await fetch(`${edge!.url}/mcp`, { method: 'POST', headers });
        expect(mcp.headers.get(SERVED_BY)).toBe(service('backend'));
        expect(mcp.status).toBe(401);
        const signIn = await fetch(`${edge!.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'nobody@example.com', password: 'not-a-real-password-1' }),
        });
        expect(signIn.headers.get(SERVED_BY)).toBe(service('backend'));
        expect(signIn.status).toBe(401);
      });

      it("passes the deploy workflow's smoke test (bearer tokens through the gateway)", async () => {
        const passed = await runSmoke({
          baseUrl: edge!.url,
          headers,
          healthPaths: ['/healthz'],
          timeoutMs: 15_000,
          log: () => undefined,
        });
        expect(passed).toContain('events stream delivers task.created');
      });
    });
  }
});
