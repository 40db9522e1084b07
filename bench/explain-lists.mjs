// Query plans of every task-list shape the API runs, at 100,000 tasks over 1,000 projects, on PostgreSQL.
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/explain-lists.mjs
// The SQL is the repository's own: the compiled TasksRepository runs each list against the seeded database through
// a drizzle client whose logger records the statement and its parameters, which then run again under
// EXPLAIN (ANALYZE, BUFFERS). Prints one table and each plan; exits 1 when a list reads tasks by a sequential scan.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BACKEND, buildPrivateDist, createDatabase } from './lib.mjs';

const SERVER = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PROJECTS = 1_000;
const TASKS_PER_PROJECT = 100;
const require = createRequire(join(BACKEND, 'package.json'));
const postgres = require('postgres');
const { drizzle } = require('drizzle-orm/postgres-js');

const dist = process.env.BENCH_DIST ?? buildPrivateDist(join(BACKEND, '.explain-dist'), { reuse: false }).dir;
const database = await createDatabase(SERVER, 'todo_explain');
const client = postgres(database.url, { max: 1, onnotice: () => undefined, connection: { TimeZone: 'UTC' } });
try {
  const migrated = spawnSync(process.execPath, [join(dist, 'migrate.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: database.url, JWT_SECRET: 'x'.repeat(48) },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);

  // One person with 1,000 projects of 100 tasks: three sections each, a fifth of the tasks subtasks, some
  // assigned, completed, tagged, dated and trashed; a second person, so that per-person conditions select.
  const [person] = await client`insert into users (email, name, password_hash)
    values ('explain@example.com', 'Explain', 'x') returning id`;
  await client`insert into users (email, name, password_hash) values ('other@example.com', 'Other', 'x')`;
  const userId = person.id;
  await client`insert into projects (owner_id, name, position)
    select ${userId}, 'Project ' || n, 'a' || lpad(n::text, 5, '0') from generate_series(1, ${PROJECTS}) n`;
  await client`insert into project_members (project_id, user_id, role)
    select id, owner_id, 'owner' from projects where not is_inbox and owner_id = ${userId}`;
  await client`insert into sections (project_id, name, position)
    select p.id, 'Section ' || s, 'a' || s from projects p, generate_series(1, 3) s where not p.is_inbox`;
  await client`
    insert into tasks (user_id, project_id, section_id, title, description, completed, completed_at, priority,
                       tags, due_at, position, created_by, assignee_id, created_at, updated_at, deleted_at)
    select ${userId}, p.id,
           case when n % 4 = 0 then null else (select id from sections s where s.project_id = p.id
                                               order by position offset (n % 3) limit 1) end,
           'Task ' || p.name || ' ' || n, case when n % 3 = 0 then 'notes ' || n end,
           n % 5 = 0, case when n % 5 = 0 then now() end,
           (array['low','medium','high'])[1 + n % 3]::task_priority,
           case when n % 10 = 0 then array['errand'] else array['work'] end,
           case when n % 2 = 0 then now() + (n - 50) * interval '1 day' end,
           'a' || lpad(n::text, 4, '0'), ${userId}, case when n % 7 = 0 then ${userId}::uuid end,
           now() - (n * 1000 + (hashtext(p.id::text) & 1023)) * interval '1 second', now(),
           case when n % 97 = 0 then now() end
    from projects p, generate_series(1, ${TASKS_PER_PROJECT}) n
    where p.owner_id = ${userId} and not p.is_inbox`;
  // Every fifth task becomes a subtask of the first top-level task of its project and section.
  await client`
    update tasks t set parent_id = parent.id
    from (select distinct on (project_id, section_id) id, project_id, section_id from tasks
          where user_id = ${userId} order by project_id, section_id, position) parent
    where t.project_id = parent.project_id and t.section_id is not distinct from parent.section_id
      and t.id <> parent.id and t.title ~ '[05]$'`;
  await client`vacuum analyze`;
  const [{ count }] = await client`select count(*)::int as count from tasks`;
  const [sample] = await client`select t.project_id, t.section_id, t.parent_id from tasks t
    where t.parent_id is not null and t.section_id is not null limit 1`;

  const captured = [];
  const schema = await import(pathToFileURL(join(dist, 'database/schema/index.js')).href);
  const db = drizzle(client, {
    schema,
    logger: { logQuery: (query, params) => captured.push({ query, params }) },
  });
  const { TasksRepository } = await import(pathToFileURL(join(dist, 'tasks/tasks.repository.js')).href);
  const repository = new TasksRepository({ db, client: { preparedStatements: true } });
  const base = { limit: 50, sort: '-createdAt' };
  const shapes = {
    'v1 default (all projects, newest first)': { ...base },
    'v1 by due date': { ...base, sort: 'dueAt' },
    'v1 by priority, high first': { ...base, sort: '-priority' },
    'v1 open only': { ...base, completed: false },
    'v1 tag': { ...base, tag: 'errand' },
    'v1 search': { ...base, q: 'Project 77 ' },
    'Today (due before tomorrow, open)': {
      ...base,
      sort: 'dueAt',
      completed: false,
      dueBefore: new Date(Date.now() + 86_400_000).toISOString(),
    },
    'assigned to me': { ...base, assignee: userId },
    'project, manual order': { ...base, sort: 'position', projectId: sample.project_id },
    'project, top level, manual order': {
      ...base,
      sort: 'position',
      projectId: sample.project_id,
      parentId: 'none',
    },
    'project section, top level': {
      ...base,
      sort: 'position',
      projectId: sample.project_id,
      sectionId: sample.section_id,
      parentId: 'none',
    },
    'project, no section': { ...base, sort: 'position', projectId: sample.project_id, sectionId: 'none' },
    'subtasks of a task': {
      ...base,
      sort: 'position',
      projectId: sample.project_id,
      parentId: sample.parent_id,
    },
    'project, newest first': { ...base, projectId: sample.project_id },
  };
  const rows = [];
  const plans = [];
  for (const [name, query] of Object.entries(shapes)) {
    for (const page of ['first page', 'next page']) {
      captured.length = 0;
      let listQuery = query;
      if (page === 'next page') {
        const first = await repository.listPage(userId, { ...query, limit: 5 });
        if (!first.nextCursor) continue;
        listQuery = { ...query, cursor: first.nextCursor };
        captured.length = 0;
      }
      await repository.listPage(userId, listQuery);
      const statement = captured.at(-1);
      const plan = (
        await client.unsafe(`explain (analyze, buffers, costs off) ${statement.query}`, statement.params)
      ).map((row) => row['QUERY PLAN']);
      const scans = plan
        .filter((line) => / on tasks\b/.test(line))
        .map((line) => line.trim().replace(/^->\s*/, ''));
      const time = plan.find((line) => line.startsWith('Execution Time'));
      rows.push({
        name: `${name}, ${page}`,
        scan: scans
          .map((s) => s.split(' on tasks')[0] + ' ' + (s.match(/using (\S+)/)?.[1] ?? ''))
          .join('; '),
        time: time?.replace('Execution Time: ', ''),
      });
      plans.push(`-- ${name}, ${page}\n${statement.query}\n${plan.join('\n')}\n`);
    }
  }
  console.log(
    `\n${count} tasks, ${PROJECTS} projects of one person (PostgreSQL ${(await client`show server_version`)[0].server_version})\n`,
  );
  console.log('| list | scan of tasks | execution |\n| --- | --- | --: |');
  for (const row of rows) console.log(`| ${row.name} | ${row.scan} | ${row.time} |`);
  if (process.env.PLANS) console.log(`\n${plans.join('\n')}`);
  const sequential = rows.filter((row) => /Seq Scan/.test(row.scan));
  if (sequential.length) {
    console.error(`\nsequential scans of tasks: ${sequential.map((row) => row.name).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await client.end();
  await database.drop();
}
