#!/usr/bin/env node
// First-load JavaScript of the web client's pages, measured the way a browser gets them: the HTML of a real
// page load (signed in, with tasks), every <script src> it references (`noModule` polyfills excluded: modern
// browsers never download them; reported separately), each file gzip -9'd. "Framework" is what an empty page
// of the same app loads (the 404 page: React, React DOM, the Next router and the Turbopack runtime); "ours" is
// what a page loads on top of that.
//
//   npx nx run-many -t build -p backend frontend     # production builds first
//   node bench/first-load-js.mjs                      # starts its own stack on spare ports
//   BASE_URL=http://127.0.0.1:3000 COOKIE='todo_at=…; todo_rt=…' node bench/first-load-js.mjs   # an existing one
//
// Options: API_PORT (18461), WEB_PORT (13461), PAGES (/tasks,/login,/trash,/settings,/tasks/<first task id>),
// JSON=1 prints the raw numbers as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startStack } from '../scripts/lib/stack.mjs';

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** Starts API + web (production builds) on a throwaway embedded database. */
export async function startPrivateStack({ apiPort, webPort }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'todo-web-bench-'));
  const stack = await startStack({
    apiPort,
    webPort,
    quiet: true,
    apiEnv: { PGLITE_DATA_DIR: dataDir, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn' },
  });
  return {
    ...stack,
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a new person up through the API and seeds tasks; returns the tokens, the cookie header and the tasks. */
export async function seedUser(apiUrl, { tasks = SEED_TASKS } = {}) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const res = await fetch(`${apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Ada Lovelace',
      email: `bench-${id}@example.test`,
      password: 'correct horse battery staple',
    }),
  });
  if (res.status !== 201) throw new Error(`register: HTTP ${res.status} ${await res.text()}`);
  const session = await res.json();
  const created = [];
  for (const body of tasks) {
    const r = await fetch(`${apiUrl}/api/v1/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.accessToken}`,
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`create task: HTTP ${r.status} ${await r.text()}`);
    created.push(await r.json());
  }
  // Over plain http the web app's session cookies are todo_at / todo_rt (frontend/lib/auth/cookies.ts).
  const cookie = `todo_at=${session.accessToken}; todo_rt=${session.refreshToken}`;
  return { session, cookie, tasks: created };
}

const day = 86_400_000;
export const SEED_TASKS = [
  { title: 'Pay rent', tags: ['home'], priority: 'high', dueAt: new Date(Date.now() + day).toISOString() },
  { title: 'Book dentist appointment', tags: ['health'], priority: 'medium' },
  { title: 'Review pull request #42', tags: ['work'], priority: 'high' },
  { title: 'Water the plants', tags: ['home'], priority: 'low', recurrence: 'weekly' },
  {
    title: 'Plan the team offsite',
    tags: ['work'],
    priority: 'medium',
    description: 'Venue, agenda, budget.',
  },
  { title: 'Buy oat milk and coffee', tags: ['errands'], priority: 'low' },
];

/** Every script a page's HTML references: [{ src, noModule }]. */
export function scriptsOf(html) {
  const out = new Map();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = tag.match(/\ssrc="([^"]+)"/)?.[1];
    if (src) out.set(src, { src, noModule: /\snoModule(=|\s|>)/i.test(tag) });
  }
  return [...out.values()];
}

export async function measurePages(baseUrl, cookie, pages) {
  const sizes = new Map();
  const sizeOf = async (src) => {
    if (!sizes.has(src)) {
      const r = await fetch(new URL(src, baseUrl));
      if (!r.ok) throw new Error(`${src}: HTTP ${r.status}`);
      const raw = Buffer.from(await r.arrayBuffer());
      sizes.set(src, { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length });
    }
    return sizes.get(src);
  };
  const result = {};
  for (const page of pages) {
    const r = await fetch(new URL(page, baseUrl), { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    if (r.status !== 200 && r.status !== 404) throw new Error(`${page}: HTTP ${r.status} (signed in?)`);
    const scripts = scriptsOf(await r.text());
    const files = [];
    for (const s of scripts) files.push({ ...s, ...(await sizeOf(s.src)) });
    result[page] = files;
  }
  return result;
}

const sum = (files, key = 'gzip') => files.reduce((n, f) => n + f[key], 0);

export function summarise(result, floorPage) {
  const floor = new Set(result[floorPage].filter((f) => !f.noModule).map((f) => f.src));
  const rows = [];
  for (const [page, files] of Object.entries(result)) {
    const modern = files.filter((f) => !f.noModule);
    const framework = modern.filter((f) => floor.has(f.src));
    const ours = modern.filter((f) => !floor.has(f.src));
    rows.push({
      page,
      chunks: modern.length,
      gzip: sum(modern),
      raw: sum(modern, 'raw'),
      frameworkGzip: sum(framework),
      oursGzip: sum(ours),
      oursChunks: ours.map((f) => `${f.src.split('/').pop()} ${kb(f.gzip)}`),
      noModuleGzip: sum(files.filter((f) => f.noModule)),
    });
  }
  return rows;
}

async function main() {
  const pagesEnv = process.env.PAGES?.split(',').filter(Boolean);
  let stack = null;
  let baseUrl = process.env.BASE_URL;
  let cookie = process.env.COOKIE;
  let firstTaskId = null;
  try {
    if (!baseUrl) {
      stack = await startPrivateStack({
        apiPort: Number(process.env.API_PORT ?? 18461),
        webPort: Number(process.env.WEB_PORT ?? 13461),
      });
      baseUrl = stack.webUrl;
      const seeded = await seedUser(stack.apiUrl);
      cookie = seeded.cookie;
      firstTaskId = seeded.tasks[0].id;
    }
    const floorPage = '/this-page-does-not-exist';
    const pages = pagesEnv ?? [
      floorPage,
      '/tasks',
      ...(firstTaskId ? [`/tasks/${firstTaskId}`] : []),
      '/trash',
      '/settings',
      '/login',
    ];
    if (!pages.includes(floorPage)) pages.unshift(floorPage);
    // /login is measured signed out (signed in, it redirects to the board).
    const result = {};
    for (const page of pages) {
      Object.assign(result, await measurePages(baseUrl, page === '/login' ? undefined : cookie, [page]));
    }
    const rows = summarise(result, floorPage);
    if (process.env.JSON) {
      console.log(JSON.stringify({ rows, result }, null, 2));
      return;
    }
    console.log(`First-load JS (gzip -9 of every <script src> in the HTML; noModule polyfills excluded)\n`);
    console.log(
      '| page | chunks | total gzip | framework (empty page) | ours | raw | (noModule, not loaded) |',
    );
    console.log('| --- | --: | --: | --: | --: | --: | --: |');
    for (const r of rows) {
      const page = r.page === floorPage ? 'empty page (404)' : r.page.replace(firstTaskId ?? '\0', '<id>');
      console.log(
        `| ${page} | ${r.chunks} | ${kb(r.gzip)} | ${kb(r.frameworkGzip)} | ${kb(r.oursGzip)} | ${kb(r.raw)} | ${kb(r.noModuleGzip)} |`,
      );
    }
    console.log('\nOur chunks per page:');
    for (const r of rows) if (r.oursChunks.length) console.log(`  ${r.page}: ${r.oursChunks.join(', ')}`);
  } finally {
    await stack?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
