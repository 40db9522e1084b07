// Seeds 100,000 tasks for one user (plus 100,000 for others) in a throwaway PostgreSQL database and prints the
// plan of each list query shape, to check the indexes serve them.
// Usage: DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/explain-list-queries.mjs
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { createDatabase } from './lib.mjs';

const server = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await createDatabase(server, 'todo_explain');
const sql = postgres(database.url, { max: 1, onnotice: () => undefined });

try {
  const folder = new URL('../backend/src/database/migrations/', import.meta.url);
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const statement of readFileSync(new URL(file, folder), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await sql.unsafe(statement);
    }
  }
  const [me] =
    await sql`insert into users (email, name, password_hash) values ('me@example.com', 'Me', 'x') returning id`;
  const [other] =
    await sql`insert into users (email, name, password_hash) values ('o@example.com', 'O', 'x') returning id`;
  for (const user of [me.id, other.id]) {
    await sql`
      insert into tasks (user_id, title, description, priority, tags, due_at, completed, created_at)
      select ${user}, 'task ' || (g % 997), case when g % 3 = 0 then 'notes ' || g end,
             (array['low','medium','high'])[1 + g % 3]::task_priority,
             array['tag' || (g % 40)], case when g % 4 = 0 then null else now() + (g % 365) * interval '1 day' end,
             g % 5 = 0, now() - g * interval '1 second'
      from generate_series(1, 100000) g`;
  }
  await sql`analyze`;
  const visible = 'user_id = $1 and deleted_at is null';
  const shapes = {
    'sort=-createdAt (default)': `${visible} order by created_at desc, id desc`,
    'sort=dueAt': `${visible} order by coalesce(due_at, 'infinity'::timestamptz), id`,
    'sort=-priority, second page': `${visible} and (priority, id) < ('medium'::task_priority, 'ffffffff-0000-0000-0000-000000000000'::uuid) order by priority desc, id desc`,
    'sort=title': `${visible} order by title, id`,
    'tag=tag7': `${visible} and tags @> array['tag7'] order by created_at desc, id desc`,
    'completed=false&priority=high': `${visible} and completed = false and priority = 'high' order by created_at desc, id desc`,
    trash: 'user_id = $1 and deleted_at is not null order by deleted_at desc, id desc',
  };
  for (const [label, where] of Object.entries(shapes)) {
    const rows = await sql.unsafe(
      `explain (analyze, costs off, timing off, summary on) select * from tasks where ${where} limit 51`,
      [me.id],
    );
    console.log(`## ${label}\n${rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
  }
} finally {
  await sql.end();
  await database.drop();
}
