// Many browsers behind one address, through the chart's own edge (security issue #14): nginx built from the
// rendered HTTPRoute in front of the API and two web replicas (the chart's default), every request from one client
// address — this test's loopback, as everyone behind one NAT or office proxy. Thirty people sign up through the web
// form. Once their access cookies have lapsed they all come back at once, each with two parallel requests that the
// Service spreads over both replicas, so both renew the same refresh cookie; meanwhile someone on the same address
// loads pages with made-up refresh cookies. Afterwards every one of them must still be signed in. Build first:
// `npx nx run-many -t build -p backend frontend`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../lib/stack.mjs';
import { NGINX } from '../lib/nginx.mjs';
import { type Browser, browser, signUpThroughWebForm, uniqueEmail } from './support/browser.ts';
import { type Edge, SERVED_BY_POD, startEdge } from './support/edge-nginx.ts';
import { edgeRoutes } from './support/edge-routes.ts';
import { chartEdges, fetchHelm, renderChart, repoRoot } from './support/helm.ts';
import { freePortBlock } from './support/ports.ts';

const PEOPLE = 30;
const JUNK_PAGE_LOADS = 25;
// The shortest access token the API issues; the web tier's access cookie then lapses after 5 s.
const ACCESS_TTL_SECONDS = 30;
// Per address and route: just room for the 30 sign-ups from the one address (the chart's 20 would refuse the last
// ten). Their refreshes from that address — the junk's and up to two per person — are far more: had renewals been
// counted per address rather than per token family, most of them would be refused.
const AUTH_RATE_LIMIT_PER_MINUTE = PEOPLE;

const builds = ['backend/dist/main.js', 'frontend/.next/standalone/frontend/server.js'];

/** Status and the web replica that answered; the body is read so the connection is done with. */
async function answer(response: Promise<Response>) {
  const r = await response;
  await r.arrayBuffer();
  const location = r.headers.get('location');
  return { status: r.status, pod: r.headers.get(SERVED_BY_POD), location };
}

// npm test installs nginx when it can; otherwise it prints this suite's SKIPPED line (scripts/lib/system-tools.mjs).
describe.skipIf(!NGINX)("many browsers behind one address through the chart's rendered HTTPRoute", () => {
  let dataDir = '';
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  let edge: Edge | undefined;

  beforeAll(async () => {
    const missing = builds.filter((b) => !existsSync(join(repoRoot, b)));
    if (missing.length) {
      throw new Error(`missing ${missing.join(', ')}: run npx nx run-many -t build -p backend frontend`);
    }
    const routes = edgeRoutes(renderChart(fetchHelm()['helm v4'], chartEdges.HTTPRoute!.args));
    dataDir = mkdtempSync(join(tmpdir(), 'todo-edge-crowd-'));
    const [apiPort, ...webPorts] = await freePortBlock(3);
    stack = await startStack({
      apiPort,
      webPorts,
      quiet: true,
      apiEnv: {
        PGLITE_DATA_DIR: join(dataDir, 'db'),
        RATE_LIMIT_ENABLED: 'true',
        AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_RATE_LIMIT_PER_MINUTE),
        ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS),
        LOG_LEVEL: 'warn',
      },
      // What the chart sets behind its Ingress or HTTPRoute: the edge appends the browser's address.
      webEnv: { FORWARD_CLIENT_IP: 'true' },
    });
    const [port] = await freePortBlock(3, apiPort! + 3);
    edge = await startEdge(
      { routes, services: { 'todo-backend': stack.apiUrl, 'todo-frontend': stack.webUrls }, port: port! },
      '/healthz',
    );
  }, 300_000);

  afterAll(async () => {
    await edge?.stop();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps ${PEOPLE} people signed in while they renew at once on both replicas, amid ${JUNK_PAGE_LOADS} junk-cookie page loads`, async () => {
    const people: { b: Browser; email: string }[] = await Promise.all(
      Array.from({ length: PEOPLE }, async (_, i) => {
        const b = browser(edge!.url);
        const email = uniqueEmail(`crowd-${i}`);
        const { submitted } = await signUpThroughWebForm(b, {
          name: 'Ada',
          email,
          password: 'correct-horse-lamp-41',
        });
        expect([submitted.status, submitted.headers.get('location')]).toEqual([303, '/tasks']);
        return { b, email };
      }),
    );
    const signedUpWith = people.map(({ b }) => b.jar.get('todo_rt'));
    expect(signedUpWith.every(Boolean)).toBe(true);

    // The browsers drop their access cookies (Max-Age): from now on every request must renew the session first.
    for (let waited = 0; people.some(({ b }) => b.jar.get('todo_at')); waited += 250) {
      expect(waited).toBeLessThan(15_000);
      await sleep(250);
    }

    const renew = ({ b }: { b: Browser }) =>
      Promise.all([answer(b.request('/api/v1/tasks')), answer(b.request('/api/v1/tasks'))]);
    const junk = () => {
      const attacker = browser(edge!.url);
      attacker.jar.set('todo_rt', randomBytes(32).toString('base64url'));
      return answer(attacker.request('/tasks'));
    };
    const half = PEOPLE / 2;
    const [early, junkLoads, late] = await Promise.all([
      Promise.all(people.slice(0, half).map(renew)),
      Promise.all(Array.from({ length: JUNK_PAGE_LOADS }, junk)),
      Promise.all(people.slice(half).map(renew)),
    ]);
    const renewals = [...early, ...late];

    expect(renewals.map((pair) => pair.map((r) => r.status))).toEqual(renewals.map(() => [200, 200]));
    // Both replicas renewed the same cookie for many of them (nginx hands requests out in turn).
    const onBothReplicas = renewals.filter(([a, b]) => a!.pod !== b!.pod).length;
    expect(onBothReplicas).toBeGreaterThanOrEqual(PEOPLE / 3);
    expect(people.map(({ b }, i) => b.jar.get('todo_rt') !== signedUpWith[i])).toEqual(
      people.map(() => true),
    );
    // The made-up cookies end at the sign-in page.
    expect(junkLoads.map((r) => `${r.status} ${r.location?.split('?')[0]}`)).toEqual(
      junkLoads.map(() => '307 /login'),
    );

    const afterwards = await Promise.all(
      people.map(async ({ b, email }) => {
        const me = await b.request('/api/v1/users/me');
        const whoami = me.ok ? ((await me.json()) as { email: string }).email : me.status;
        const [tasks, page] = await Promise.all([
          answer(b.request('/api/v1/tasks')),
          answer(b.request('/tasks')),
        ]);
        return {
          me: whoami === email ? 'self' : whoami,
          tasks: tasks.status,
          page: page.status,
          location: page.location,
        };
      }),
    );
    expect(afterwards).toEqual(people.map(() => ({ me: 'self', tasks: 200, page: 200, location: null })));
  }, 180_000); // about 35 s on a quiet machine, 80 s seen with two cores under a load of 19
});
