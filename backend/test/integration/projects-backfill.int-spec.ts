import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../../scripts/lib/throwaway-database.mjs';
import { MIGRATIONS_FOLDER } from '../../src/database/database-client.js';
import { openPglite } from '../../src/database/pglite.js';
import { BACKFILL_DONE, backfillProjects, type RunStatement } from '../../src/database/projects-backfill.js';
import type {} from '../support/provided.js';

/** The migrations folder as the previous release shipped it: everything before 0004_projects. */
function previousRelease(): { folder: string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'todo-migrations-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0004');
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

interface Subject {
  run: RunStatement;
  migrate(folder: string): Promise<void>;
  concurrently: boolean;
  close(): Promise<void>;
}

async function pglite(): Promise<Subject> {
  const pg = openPglite('memory://');
  return {
    run: async (text) => (await pg.query<Record<string, unknown>>(text)).rows,
    migrate: (folder) => migratePglite(drizzlePglite(pg), { migrationsFolder: folder }),
    concurrently: false,
    close: () => pg.close(),
  };
}

async function postgresql(serverUrl: string): Promise<Subject> {
  const database = await createDatabase(serverUrl, 'todo_backfill');
  const client = postgres(database.url, { max: 1, onnotice: () => undefined });
  return {
    run: (text) => client.unsafe(text),
    migrate: (folder) => migratePostgres(drizzlePostgres(client), { migrationsFolder: folder }),
    concurrently: true,
    async close() {
      await client.end();
      await database.drop();
    },
  };
}

// Each test project runs it on its own kind of database (a fresh one: this starts from the previous release).
const provided = inject('database');
const kinds: [string, () => Promise<Subject>][] =
  provided.kind === 'postgres'
    ? [['postgres', () => postgresql(serverOf(provided.url))]]
    : [['pglite', pglite]];

/** The server of the run's database, where a database of this test's own can be made. */
function serverOf(url: string): string {
  const server = new URL(url);
  server.pathname = '/postgres';
  return server.toString();
}

describe.each(kinds)('migration 0004 (projects) on %s', (_kind, open) => {
  let db: Subject;
  let previous: ReturnType<typeof previousRelease>;

  beforeAll(async () => {
    previous = previousRelease();
    db = await open();
    await db.migrate(previous.folder);
    // What the previous release leaves behind: people with tasks (some trashed), one without any.
    await db.run(`insert into users (email, name, password_hash)
      select 'user' || g || '@example.com', 'User ' || g, 'x' from generate_series(1, 3) g`);
    await db.run(`insert into tasks (user_id, title, created_at, deleted_at)
      select u.id, 'task ' || g, now() - (g || ' minutes')::interval, case when g % 10 = 0 then now() end
      from users u cross join generate_series(1, 1100) g where u.email <> 'user3@example.com'`);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    previous?.remove();
  });

  const count = async (text: string) => Number((await db.run(text))[0]!.n);

  it('files every existing task into its owner’s Inbox, in batches, in creation order, then validates', async () => {
    await db.migrate(MIGRATIONS_FOLDER);
    expect((await db.run(BACKFILL_DONE))[0]!.done).toBe(false);
    // The previous release keeps inserting between the migration and the backfill: the trigger files those.
    await db.run(`insert into tasks (user_id, title) select id, 'written meanwhile' from users
      where email = 'user1@example.com'`);
    await backfillProjects(db.run, db.concurrently);

    expect(
      await count(`select count(*)::int as n from tasks where project_id is null or position is null`),
    ).toBe(0);
    expect(await count(`select count(*)::int as n from projects where is_inbox`)).toBe(3);
    expect(
      await count(`select count(*)::int as n from tasks t join projects p on p.id = t.project_id
        where p.owner_id <> t.user_id or not p.is_inbox or t.created_by <> t.user_id`),
    ).toBe(0);
    expect(await count(`select count(*)::int as n from project_members where role = 'owner'`)).toBe(3);
    // Oldest first by the order key, as the list showed them by creation before.
    const ordered = await db.run(`select title from tasks t join users u on u.id = t.user_id
      where u.email = 'user2@example.com' and t.deleted_at is null order by t.position, t.id limit 2`);
    expect(ordered.map((row) => row.title)).toEqual(['task 1099', 'task 1098']);
    expect((await db.run(BACKFILL_DONE))[0]!.done).toBe(true);
    const indexes = await db.run(`select indexname from pg_indexes where tablename = 'tasks'`);
    expect(indexes.map((row) => row.indexname)).toEqual(
      expect.arrayContaining(['tasks_project_position_idx', 'tasks_project_section_parent_idx']),
    );
  });

  it('creates the Inbox with the account, whichever release registers it, and files project-less inserts there', async () => {
    await db.run(`insert into users (email, name, password_hash) values ('late@example.com', 'Late', 'x')`);
    await db.run(
      `insert into tasks (user_id, title) select id, 'old client' from users where email = 'late@example.com'`,
    );
    const [row] = await db.run(`select p.is_inbox, p.name from tasks t join projects p on p.id = t.project_id
      join users u on u.id = t.user_id where u.email = 'late@example.com'`);
    expect(row).toEqual({ is_inbox: true, name: 'Inbox' });
    expect(await count(`select count(*)::int as n from projects where is_inbox`)).toBe(4);
  });

  it('refuses a task without a project once validated, and a second run changes nothing', async () => {
    await expect(db.run(`alter table tasks disable trigger tasks_fill_project`)).resolves.toBeDefined();
    await expect(
      db.run(`insert into tasks (user_id, title) select id, 'no project' from users limit 1`),
    ).rejects.toThrow(/tasks_project_id_not_null/);
    await db.run(`alter table tasks enable trigger tasks_fill_project`);
    const before = await count(`select count(*)::int as n from projects`);
    await backfillProjects(db.run, db.concurrently);
    expect(await count(`select count(*)::int as n from projects`)).toBe(before);
  });
});
