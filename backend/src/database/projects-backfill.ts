/**
 * The backfill and contract steps of migration 0004 (projects), run by `migrate()` right after the migrator's
 * transaction, under the same advisory lock, before this release reports ready. Each statement is its own short
 * transaction, so the previous release keeps writing throughout: existing tasks move into their owner's Inbox a
 * batch at a time, the tasks indexes build CONCURRENTLY, and `tasks_project_id_not_null` (added NOT VALID) is
 * validated last, which only takes a lock that lets writes through. Every step is idempotent: an interrupted run
 * picks up where it stopped.
 */

/** Runs one statement on its own (autocommit) and returns its rows. */
export type RunStatement = (text: string) => Promise<Record<string, unknown>[]>;

const BATCH = 1000;
const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/** True once the whole backfill has run: readiness waits for it. */
export const BACKFILL_DONE = `select coalesce((select convalidated from pg_constraint
  where conname = 'tasks_project_id_not_null'), false) as done`;

const TASK_INDEXES: Record<string, string> = {
  tasks_project_position_idx: `using btree (project_id, position, id) where deleted_at is null`,
  tasks_project_section_parent_idx: `using btree (project_id, section_id, parent_id, position, id) where deleted_at is null`,
  tasks_project_created_idx: `using btree (project_id, created_at, id) where deleted_at is null`,
  tasks_parent_idx: `using btree (parent_id) where parent_id is not null`,
  tasks_section_idx: `using btree (section_id) where section_id is not null`,
  tasks_assignee_idx: `using btree (assignee_id, created_at, id) where assignee_id is not null and deleted_at is null`,
  tasks_trashed_with_idx: `using btree (trashed_with_id) where trashed_with_id is not null`,
  // Search (`q`): `ilike '%…%'` on title or description, which no B-tree serves.
  tasks_title_trgm_idx: `using gin (title gin_trgm_ops)`,
  tasks_description_trgm_idx: `using gin (description gin_trgm_ops)`,
};

const DEFERRED_CONSTRAINTS = [
  'tasks_project_id_projects_id_fk',
  'tasks_section_id_sections_id_fk',
  'tasks_parent_id_tasks_id_fk',
  'tasks_assignee_id_users_id_fk',
  'tasks_created_by_users_id_fk',
  'tasks_project_id_not_null',
];

/** `concurrently`: false on PGlite, which is one session and has nobody to let through. */
export async function backfillProjects(run: RunStatement, concurrently: boolean): Promise<void> {
  const [status] = await run(BACKFILL_DONE);
  if (status?.done === true) return;
  await createMissingInboxes(run);
  await fileTasksIntoInboxes(run);
  await buildTaskIndexes(run, concurrently);
  for (const name of DEFERRED_CONSTRAINTS) await run(`alter table tasks validate constraint ${name}`);
}

async function createMissingInboxes(run: RunStatement): Promise<void> {
  for (;;) {
    const rows = await run(`select todo_inbox_of(u.id) from users u where not exists
      (select 1 from projects p where p.owner_id = u.id and p.is_inbox) limit ${BATCH}`);
    if (rows.length < BATCH) return;
  }
}

/** Walks tasks by id; rows the previous release inserts meanwhile already have their project (trigger). */
async function fileTasksIntoInboxes(run: RunStatement): Promise<void> {
  let after = FIRST_UUID;
  for (;;) {
    const rows =
      await run(`with batch as (select id from tasks where id > '${after}' order by id limit ${BATCH}),
      filed as (update tasks t set project_id = todo_inbox_of(t.user_id),
          position = coalesce(t.position, todo_instant_position(t.created_at)),
          created_by = coalesce(t.created_by, t.user_id)
        from batch where t.id = batch.id and t.project_id is null)
      select max(id::text) as last, count(*)::int as seen from batch`);
    const { last, seen } = rows[0] as { last: string | null; seen: number };
    if (!last || seen < BATCH) return;
    after = last;
  }
}

async function buildTaskIndexes(run: RunStatement, concurrently: boolean): Promise<void> {
  const mode = concurrently ? 'concurrently ' : '';
  for (const [name, definition] of Object.entries(TASK_INDEXES)) {
    // A CONCURRENTLY build that failed leaves an invalid index behind, which "if not exists" would keep.
    const [invalid] = await run(`select 1 from pg_class c join pg_index i on i.indexrelid = c.oid
      where c.relname = '${name}' and not i.indisvalid`);
    if (invalid) await run(`drop index ${mode}if exists ${name}`);
    await run(`create index ${mode}if not exists ${name} on tasks ${definition}`);
  }
}
