#!/usr/bin/env node
/* global document, window -- in the page.waitForFunction callback, which runs in the browser */
// How fast a project of 10,000 tasks opens in the web app (production build): a throwaway PostgreSQL database,
// one person with one project whose tasks are inserted straight into the database (10,000 API creates would take
// minutes), then Chromium opens /projects/<id> and we time navigation start →
// the first task row visible and interactive (its Complete button enabled and the page hydrated, i.e. a click
// would be handled). Runs RUNS times (default 5) in fresh browser contexts and prints each figure and the median.
//
//   npx nx run-many -t build -p backend frontend      # production builds first
//   node bench/project-first-screen.mjs
//
// Options: DATABASE_SERVER (postgres://postgres@127.0.0.1:5432/postgres), TASKS (10000), RUNS (5),
// API_PORT (14081), WEB_PORT (14031), CHROMIUM_PATH (/usr/bin/chromium).
import { createRequire } from 'node:module';
import { generateNKeysBetween } from 'fractional-indexing';
import { chromium } from '@playwright/test';
import { createDatabase } from './lib.mjs';
import { startStack } from '../scripts/lib/stack.mjs';
import { seedUser } from './first-load-js.mjs';

const require = createRequire(new URL('../backend/package.json', import.meta.url));
const postgres = require('postgres');

const TASKS = Number(process.env.TASKS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5);
const serverUrl = process.env.DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const db = await createDatabase(serverUrl, 'todo_bench_project');
let stack;
let browser;
try {
  stack = await startStack({
    apiPort: Number(process.env.API_PORT ?? 14081),
    webPort: Number(process.env.WEB_PORT ?? 14031),
    quiet: true,
    apiEnv: {
      DATABASE_URL: db.url,
      DB_MIGRATE_ON_START: 'true',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  const { session, cookie } = await seedUser(stack.apiUrl, { tasks: [] });
  const auth = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${stack.apiUrl}/api/v1/projects`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'Big project' }),
  });
  if (created.status !== 201) throw new Error(`create project: HTTP ${created.status}`);
  const project = await created.json();

  const sql = postgres(db.url, { max: 1, onnotice: () => undefined });
  const [{ user_id: userId }] = await sql`select owner_id as user_id from projects where id = ${project.id}`;
  const keys = generateNKeysBetween(null, null, TASKS);
  const started = Date.now();
  for (let from = 0; from < TASKS; from += 1000) {
    const rows = keys.slice(from, from + 1000).map((position, i) => ({
      user_id: userId,
      created_by: userId,
      project_id: project.id,
      title: `Task ${String(from + i + 1).padStart(5, '0')}`,
      position,
    }));
    await sql`insert into tasks ${sql(rows)}`;
  }
  await sql`analyze tasks`;
  await sql.end();
  console.log(`seeded ${TASKS} tasks in ${Date.now() - started} ms`);

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const url = `${stack.webUrl}/projects/${project.id}`;
  const [at, rt] = cookie.split('; ').map((c) => c.split('=')[1]);
  const figures = [];
  // One warm-up load (the server's first render of a route compiles nothing, but warms caches and the JIT).
  for (let run = 0; run <= RUNS; run += 1) {
    const context = await browser.newContext();
    await context.addCookies([
      { name: 'todo_at', value: at, url: stack.webUrl },
      { name: 'todo_rt', value: rt, url: stack.webUrl },
    ]);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    // Interactive: the row's button is enabled and React has attached its handlers (hydrated root).
    await page.waitForFunction(
      () => {
        const row = document.querySelector('[data-testid="project-task"]');
        const button = row?.querySelector('button[aria-label^="Complete"]');
        if (!row || !button || button.disabled) return false;
        const box = row.getBoundingClientRect();
        const visible = box.height > 0 && box.top < window.innerHeight;
        const hydrated = Object.keys(button).some((k) => k.startsWith('__reactProps'));
        return visible && hydrated;
      },
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    const ms = await page.evaluate(() => Math.round(performance.now()));
    const rows = await page.locator('[data-testid="project-task"]').count();
    if (run > 0) figures.push(ms);
    console.log(
      `${run === 0 ? 'warm-up' : `run ${run}`}: ${ms} ms to the first interactive task row (${rows} rows in the page)`,
    );
    await context.close();
  }
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(
    `\nproject of ${TASKS} tasks, navigation → first task row visible and interactive: median ${sorted[Math.floor(sorted.length / 2)]} ms (runs: ${figures.join(', ')})`,
  );
} finally {
  await browser?.close();
  await stack?.stop();
  await db.drop();
}
