import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateDist, startApi } from '../../../scripts/lib/api-process.mjs';
import { buildPreviousRelease } from '../../../scripts/lib/previous-release.mjs';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { sleep } from '../realtime/sse-client.js';
import { writeLoad } from './write-load.js';

/**
 * Migration 0004 (projects) applied to a database filled by the previous release while that release keeps
 * serving writes, as a rolling update does: the migration Job runs, then the new pods start, and the old pods
 * serve until they are replaced. Nothing written through the old release may be lost or fail, and every task
 * ends up in its owner's Inbox.
 */
const SERVER = process.env.TEST_DATABASE_URL;
/** The last commit on main before migration 0004: the release this one replaces. */
const PREVIOUS_RELEASE = '5fc218cabd8edeb8deea0338161b5ffd06682653';
const SEEDED_PER_PERSON = 12_000;

if (!SERVER) console.warn('[ha] live-migration test skipped: TEST_DATABASE_URL is not set');

type Api = Awaited<ReturnType<typeof startApi>>;

const firstError = (api: Api) =>
  api
    .output()
    .split('\n')
    .find((line) => line.includes('"level":50'))
    ?.slice(0, 600) ?? '(none logged)';

async function register(base: string, n: number) {
  const response = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `live-${n}-${randomBytes(3).toString('hex')}@example.com`,
      password: 'correct-horse-lamp-41',
      name: `Person ${n}`,
    }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

/** Renames seeded tasks one after another; remembers each task's last acknowledged title. */
function renameLoad(base: string, token: string, ids: string[]) {
  const lastTitle = new Map<string, string>();
  const failures: number[] = [];
  let running = true;
  let n = 0;
  const worker = async () => {
    while (running) {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const title = `renamed ${(n += 1)}`;
      const response = await fetch(`${base}/api/v1/tasks/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
        signal: AbortSignal.timeout(20_000),
      }).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) lastTitle.set(id, title);
      else failures.push(response?.status ?? 0);
    }
  };
  // One renamer per task set, so two acknowledged renames of one task never race each other.
  const done = worker();
  return {
    lastTitle,
    failures,
    async stop() {
      running = false;
      await done;
    },
  };
}

function runMigration(dist: string, databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dist, 'migrate.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: 'x'.repeat(48),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!SERVER)('migration 0004 on a live database', () => {
  let previous: ReturnType<typeof buildPreviousRelease>;
  let current: ReturnType<typeof buildPrivateDist>;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let sql: postgres.Sql;
  const apis: Api[] = [];

  beforeAll(async () => {
    previous = buildPreviousRelease(PREVIOUS_RELEASE);
    current = buildPrivateDist();
    database = await createDatabase(SERVER!, 'todo_live_migration');
    sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  });

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await sql?.end();
    await database?.drop();
    previous?.remove();
    current?.remove();
  });

  it('loses no write of the previous release and files every task into its owner’s Inbox', async () => {
    const env = {
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      MAX_TASKS_PER_USER: '1000000',
    };
    const old = await startApi(previous.dir, env);
    apis.push(old);
    const people = [await register(old.base, 1), await register(old.base, 2)];
    // The previous release's data: tasks of several ages, some completed, some trashed.
    for (const person of people) {
      await sql`insert into tasks (user_id, title, completed, deleted_at, created_at, updated_at)
        select ${person.userId}, 'seeded ' || n, n % 7 = 0, case when n % 50 = 0 then now() end,
               now() - n * interval '1 minute', now() - n * interval '1 minute'
        from generate_series(1, ${SEEDED_PER_PERSON}) as n`;
    }
    const renamed = await sql<{ id: string }[]>`
      select id from tasks where user_id = ${people[0]!.userId} and deleted_at is null limit 200`;

    const creates = people.map((person) => writeLoad(old.base, person.token, { workers: 2 }));
    const renames = renameLoad(
      old.base,
      people[0]!.token,
      renamed.map((row) => row.id),
    );
    await sleep(500);
    const started = performance.now();
    const migration = await runMigration(current.dir, database.url);
    const migrationMs = performance.now() - started;
    expect(migration.code, migration.output).toBe(0);

    const next = await startApi(current.dir, env);
    apis.push(next);
    await sleep(500);
    const [firstPersons, secondPersons] = await Promise.all(creates.map((load) => load.stop()));
    const created = [...firstPersons!, ...secondPersons!];
    await renames.stop();

    // Every write of the old release was answered, and none failed.
    const failedCreates = created.flatMap((outcome) => outcome.attempts).filter((status) => status !== 201);
    expect(failedCreates, 'creates through the previous release that failed').toEqual([]);
    expect(
      renames.failures,
      `renames through the previous release that failed; its first error:\n${firstError(old)}`,
    ).toEqual([]);
    expect(created.length).toBeGreaterThan(20);

    // Every acknowledged create is there exactly once; every rename's last title stuck.
    const keys = created.map((outcome) => outcome.key);
    const found = await sql<{ title: string; n: number }[]>`
      select title, count(*)::int as n from tasks where title = any(${keys}) group by title`;
    expect(found.filter((row) => row.n !== 1)).toEqual([]);
    expect(found.length).toBe(keys.length);
    const titles = await sql<{ id: string; title: string }[]>`
      select id, title from tasks where id = any(${[...renames.lastTitle.keys()]})`;
    for (const row of titles) expect(row.title).toBe(renames.lastTitle.get(row.id));

    // Every task is in its owner's Inbox, and the NOT NULL contract is in force.
    const [placement] = await sql<{ total: number; unfiled: number; elsewhere: number }[]>`
      select count(*)::int as total,
             count(*) filter (where t.project_id is null)::int as unfiled,
             count(*) filter (where p.id is null or not p.is_inbox or p.owner_id <> t.user_id)::int as elsewhere
      from tasks t left join projects p on p.id = t.project_id`;
    expect(placement).toEqual({ total: SEEDED_PER_PERSON * 2 + keys.length, unfiled: 0, elsewhere: 0 });
    const [contract] = await sql<{ validated: boolean }[]>`
      select convalidated as validated from pg_constraint where conname = 'tasks_project_id_not_null'`;
    expect(contract?.validated).toBe(true);

    // The new release serves the same tasks, in the Inbox, to a v1 call and to a project call.
    const person = people[0]!;
    const auth = { authorization: `Bearer ${person.token}` };
    const projects = (await (await fetch(`${next.base}/api/v1/projects`, { headers: auth })).json()) as {
      items: { id: string; isInbox: boolean }[];
    };
    const inbox = projects.items.find((project) => project.isInbox);
    expect(inbox).toBeDefined();
    const late = firstPersons!.filter((outcome) => outcome.acknowledged).at(-1)!.key;
    const listed = (await (
      await fetch(`${next.base}/api/v1/tasks?projectId=${inbox!.id}&q=${late}`, { headers: auth })
    ).json()) as { items: { title: string }[] };
    const listedV1 = (await (
      await fetch(`${next.base}/api/v1/tasks?q=${late}`, { headers: auth })
    ).json()) as { items: { title: string }[] };
    expect(listed.items.map((task) => task.title)).toEqual([late]);
    expect(listedV1.items.map((task) => task.title)).toEqual([late]);
    console.info(
      `[ha] live migration: ${SEEDED_PER_PERSON * 2} seeded tasks filed in ${Math.round(migrationMs)} ms ` +
        `while the previous release served ${created.length} creates and ${renames.lastTitle.size} renamed tasks`,
    );
  });
});
