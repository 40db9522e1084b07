import { searchWords } from '@todo/quick-add/search';
import { Injectable } from '@nestjs/common';
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { ShapedStatements } from '../database/shaped-statements.js';
import { tasks } from '../database/schema/index.js';
import { ProjectAccess, type ProjectRole } from '../projects/project-access.js';
import type { ListTasksQuery, PageQuery, Task } from './dto/task.schemas.js';
import { isoFromDriver, type TaskDriverRow, toTask } from './dto/to-task.js';
import { isInstantKey, resolveSort } from './task-sort.js';

export type NewTaskRow = typeof tasks.$inferInsert;
export type TaskChanges = Partial<Omit<NewTaskRow, 'id' | 'userId' | 'createdAt'>>;

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

/** A task locked for update, with the columns the API does not show but the update rules read. */
export interface LockedTask {
  task: Task;
  nextOccurrenceId: string | null;
  trashed: boolean;
}

const locked = (row: TaskDriverRow): LockedTask => ({
  task: toTask(row),
  nextOccurrenceId: row.next_occurrence_id,
  trashed: row.deleted_at !== null,
});

const COLUMNS = Object.entries(getTableColumns(tasks)).map(([key, column]) => ({
  key,
  column,
  quoted: sql.raw(`"${column.name}"`),
}));

/**
 * The fields present in `values` (absent, undefined, fields are left to their defaults): the statement's shape,
 * each column quoted with a placeholder named after its key, and the values encoded by their columns (Dates as ISO
 * text, tags as an array literal) under those names.
 */
function assignments(values: Record<string, unknown>) {
  const present = COLUMNS.filter(({ key }) => values[key] !== undefined);
  if (present.length === 0) throw new Error('No values to set');
  const encoded: Record<string, unknown> = {};
  for (const { key, column } of present) {
    const value = values[key];
    encoded[key] = value === null ? null : column.mapToDriverValue(value);
  }
  return {
    shape: present.map(({ key }) => key).join(','),
    fields: present.map(({ key, quoted }) => ({ quoted, value: placeholder(key) })),
    encoded,
  };
}

const dialect = new PgDialect();

/** A drizzle prepared query's `all()`: the driver's rows as they are. */
interface PreparedRead {
  all(values: Record<string, unknown>): Promise<unknown>;
}
const placeholder = (name: string) => sql.placeholder(name);

const instant = (value: string) => new Date(value).toISOString();

const TRASH_SORT = '-deletedAt';

/** The task's project is one where `userId` may write (owner or editor): the trash's rule, see TrashService. */
const writableBy = (userId: unknown) =>
  sql`project_id in (select project_id from project_members where user_id = ${userId}
    and role in (${sql.join(
      ProjectAccess.rolesFor('write').map((role) => sql.raw(`'${role}'`)),
      sql`, `,
    )}))`;

type MemberRow = TaskDriverRow & { member_role: ProjectRole };

/** A task with the caller's role in its project. */
export interface MemberTask {
  task: Task;
  role: ProjectRole;
}

/** Deeper than any tree can be (4 levels): a walk stops here even over bad data. */
const MAX_WALK = 16;

/** Where a task sits: its siblings share all three. */
export interface TaskScope {
  projectId: string;
  sectionId: string | null;
  parentId: string | null;
}

const inScope = (scope: TaskScope) =>
  sql`project_id = ${scope.projectId} and ${
    scope.sectionId ? sql`section_id = ${scope.sectionId}` : sql`section_id is null`
  } and ${scope.parentId ? sql`parent_id = ${scope.parentId}` : sql`parent_id is null`} and deleted_at is null`;

/** A recursive CTE `down(id, depth)`: the descendants of a task (and the task itself, at depth 1, if asked). */
const descendants = (id: string, withRoot: boolean) =>
  sql`down(id, depth) as (
    select id, ${withRoot ? sql`1` : sql`2`} from tasks where ${withRoot ? sql`id = ${id}` : sql`parent_id = ${id}`}
    union all select t.id, down.depth + 1 from tasks t join down on t.parent_id = down.id where down.depth < ${MAX_WALK})`;

/** A list filter: the bound value it takes from the query (undefined: absent), and its condition on that value. */
interface ListFilter {
  name: string;
  value(query: ListTasksQuery): unknown;
  condition(query: ListTasksQuery): SQL;
  /** A filter of several bound values (the search words): their names and values, and its part of the shape. */
  spread?(query: ListTasksQuery): { values: Record<string, unknown>; shape: string } | undefined;
}

/** Every word must match: a plain word somewhere in the title or description, a `#word` as one of the tags. */
const searchCondition = (query: ListTasksQuery) =>
  sql.join(
    searchWords(query.q).map((word, i) =>
      word.tag
        ? sql`tags @> array[${placeholder(`q${i}`)}]::text[]`
        : sql`(title ilike ${placeholder(`q${i}`)} or description ilike ${placeholder(`q${i}`)})`,
    ),
    sql` and `,
  );

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** `none` (top level, no section): the column is null; an id: it equals the named placeholder. */
const idOrNone = (column: string, name: string, value: string | undefined) =>
  value === 'none' ? sql.raw(`${column} is null`) : sql`${sql.raw(column)} = ${placeholder(name)}::uuid`;

// Each name starts with a different letter: the shape of a list read spells the filters present by it ('none' of
// sectionId and parentId spells its letter in upper case).
const LIST_FILTERS: ListFilter[] = [
  {
    name: 'inProject',
    value: (query) => query.projectId,
    condition: () => sql`project_id = ${placeholder('inProject')}::uuid`,
  },
  {
    name: 'section',
    value: (query) => query.sectionId,
    condition: (query) => idOrNone('section_id', 'section', query.sectionId),
  },
  {
    name: 'under',
    value: (query) => query.parentId,
    condition: (query) => idOrNone('parent_id', 'under', query.parentId),
  },
  {
    name: 'whom',
    value: (query) => query.assignee,
    condition: () => sql`assignee_id = ${placeholder('whom')}::uuid`,
  },
  {
    name: 'completed',
    value: (query) => query.completed,
    condition: () => sql`completed = ${placeholder('completed')}`,
  },
  {
    name: 'priority',
    value: (query) => query.priority,
    condition: () => sql`priority = ${placeholder('priority')}`,
  },
  {
    name: 'tag',
    value: (query) => query.tag,
    condition: () => sql`tags @> array[${placeholder('tag')}]::text[]`,
  },
  {
    name: 'q',
    value: (query) => (searchWords(query.q).length > 0 ? query.q : undefined),
    condition: searchCondition,
    spread: (query) => {
      const words = searchWords(query.q);
      const values = Object.fromEntries(
        words.map((word, i) => [`q${i}`, word.tag ? word.text : `%${escapeLike(word.text)}%`]),
      );
      return { values, shape: `q${words.map((word) => (word.tag ? '#' : 'w')).join('')}` };
    },
  },
  {
    name: 'dueNone',
    value: (query) => query.due,
    condition: () => sql`due_at is null`,
  },
  {
    name: 'before',
    value: (query) => (query.dueBefore ? instant(query.dueBefore) : undefined),
    condition: () => sql`due_at < ${placeholder('before')}::timestamptz`,
  },
  {
    name: 'after',
    value: (query) => (query.dueAfter ? instant(query.dueAfter) : undefined),
    condition: () => sql`due_at >= ${placeholder('after')}::timestamptz`,
  },
];

/**
 * Tasks in SQL written here, run through drizzle's `sql` (parameters bound, values encoded by their columns), every
 * row mapped once to the API's shape by toTask: on these paths drizzle's query builder and generic row mapper
 * cost more CPU than the rest of the request's database work (bench/RESULTS.md).
 */
@Injectable()
export class TasksRepository {
  constructor(private readonly database: DatabaseService) {}

  /** Statements in a transaction, built once per shape (database/shaped-statements.ts). */
  private readonly writes = new ShapedStatements();

  /** Reads on the pool, by shape: see read(). */
  private readonly statements = new Map<string, PreparedRead>();

  /**
   * A read on the pool. Its SQL (with placeholders) is built once per shape, and it runs as a server-side
   * prepared statement, which postgres.js keeps per connection: one round trip, where an unprepared statement with
   * parameters takes two (it is described before it runs). Writes and statements in a transaction stay unprepared:
   * with every statement prepared, postgres.js 3.4.9 crashed the process in the database-outage test
   * (bench/RESULTS.md, round 2). It runs through `all()`, which hands over the driver's rows: `execute()` returns the
   * same rows through more promise layers and cost ~18 % more API CPU per list request (bench/RESULTS.md, round 7).
   * Behind a transaction pooler the same statement runs unnamed (DATABASE_POOL_MODE, database-client.ts).
   */
  private async read(
    shape: string,
    build: () => SQL,
    values: Record<string, unknown>,
  ): Promise<TaskDriverRow[]> {
    let statement = this.statements.get(shape);
    if (!statement) {
      const prepared = this.database.db._.session.prepareQuery(
        dialect.sqlToQuery(build()),
        undefined,
        this.database.client.preparedStatements ? shape : undefined,
        false,
      );
      // Both drivers' prepared queries have all(); drizzle's shared type does not declare it.
      if (!('all' in prepared) || typeof prepared.all !== 'function')
        throw new Error('prepared query without all()');
      statement = prepared as unknown as PreparedRead;
      this.statements.set(shape, statement);
    }
    return rowsOf<TaskDriverRow>(await statement.all(values));
  }

  private async run(executor: Executor, query: SQL): Promise<TaskDriverRow[]> {
    return rowsOf<TaskDriverRow>(await executor.execute(query));
  }

  /**
   * A live task with the caller's role in its project, in one query (membership is read with the task, not before
   * it); no row when the task does not exist or the caller is not a member of its project. ProjectAccess.decide
   * turns that into 404 / 403.
   */
  async findForMember(userId: string, id: string): Promise<MemberTask | undefined> {
    const [row] = await this.read(
      'findForMember',
      () =>
        sql`select t.*, m.role as member_role from tasks t
          join project_members m on m.project_id = t.project_id and m.user_id = ${placeholder('userId')}
          where t.id = ${placeholder('id')} and t.deleted_at is null`,
      { id, userId },
    );
    return row && { task: toTask(row), role: (row as MemberRow).member_role };
  }

  /** As findForMember, and locks the task for the rest of the transaction, so concurrent updates serialize on it. */
  async lockForMember(
    tx: Executor,
    userId: string,
    id: string,
  ): Promise<(LockedTask & { role: ProjectRole }) | undefined> {
    const [row] = await this.writes.rows<MemberRow>(
      tx,
      'lockForMember',
      () =>
        sql`select t.*, m.role as member_role from tasks t
          join project_members m on m.project_id = t.project_id and m.user_id = ${placeholder('userId')}
          where t.id = ${placeholder('id')} and t.deleted_at is null for update of t`,
      { userId, id },
    );
    return row && { ...locked(row), role: (row as MemberRow).member_role };
  }

  /** Locks a task by id alone, trashed or not, for the rest of the transaction. */
  async lock(tx: Executor, id: string): Promise<LockedTask | undefined> {
    const [row] = await this.run(tx, sql`select * from tasks where id = ${id} for update`);
    return row && locked(row);
  }

  async insert(tx: Executor, values: NewTaskRow): Promise<Task> {
    const { shape, fields, encoded } = assignments(values);
    const [row] = await this.writes.rows<TaskDriverRow>(
      tx,
      `insert:${shape}`,
      () =>
        sql`insert into tasks (${sql.join(
          fields.map(({ quoted }) => quoted),
          sql`, `,
        )}) values (${sql.join(
          fields.map(({ value }) => value),
          sql`, `,
        )}) returning *`,
      encoded,
    );
    return toTask(row!);
  }

  async update(tx: Executor, id: string, changes: TaskChanges): Promise<Task> {
    const { shape, fields, encoded } = assignments(changes);
    const [row] = await this.writes.rows<TaskDriverRow>(
      tx,
      `update:${shape}`,
      () =>
        sql`update tasks set ${sql.join(
          fields.map(({ quoted, value }) => sql`${quoted} = ${value}`),
          sql`, `,
        )} where id = ${placeholder('$id')} returning *`,
      { ...encoded, $id: id },
    );
    return toTask(row!);
  }

  /**
   * `query.assignee` is a user id here (the service resolves `me`). Without a project filter the list covers every
   * project the caller belongs to; with one, the service has checked membership and the project's indexes serve.
   */
  async listPage(userId: string, query: ListTasksQuery): Promise<TaskPage> {
    const sort = resolveSort(query.sort);
    const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, sort.accepts) : undefined;
    const values: Record<string, unknown> = { userId, limit: query.limit + 1 };
    // The shape names the sort, the filters present and the cursor kind; only its first use builds the SQL.
    let shape = `list:${query.sort}:`;
    const present: ListFilter[] = [];
    for (const filter of LIST_FILTERS) {
      const value = filter.value(query);
      if (value === undefined) continue;
      const spread = filter.spread?.(query);
      if (spread) {
        Object.assign(values, spread.values);
        shape += spread.shape;
      } else if (value === 'none') {
        shape += filter.name[0]!.toUpperCase();
      } else {
        values[filter.name] = value;
        shape += filter.name[0];
      }
      present.push(filter);
    }
    if (cursor) {
      Object.assign(values, { cursorKey: cursor.k, cursorId: cursor.id });
      shape += cursor.k === null ? ':n' : ':k';
    }
    const rows = await this.read(
      shape,
      () => {
        const where = [sql`deleted_at is null`];
        for (const filter of present) where.push(filter.condition(query));
        if (cursor) where.push(sort.after(cursor.k === null));
        const ordered = (scope: SQL) =>
          sql`select * from tasks where ${scope} and ${sql.join(where, sql` and `)}
            order by ${sort.orderBy} limit ${placeholder('limit')}`;
        if (query.projectId) return ordered(sql`project_id = ${placeholder('inProject')}::uuid`);
        // Every project the caller belongs to, in two parts that each read a page in order from an index: the
        // caller's own tasks (on the per-user indexes, as before sharing: an Inbox-only person reads nothing else),
        // and other people's tasks in each project besides the caller's Inbox, which nobody else can write in.
        // `is true` keeps the membership test of the first part a filter on that index scan: as a semi-join the
        // planner may instead read whole projects by the project index and sort them (EXPLAIN on PostgreSQL with
        // one person holding 20,000 tasks: 7–30 ms instead of 0.2 ms).
        const userId = placeholder('userId');
        return sql`select * from (
            (${ordered(sql`user_id = ${userId} and (project_id = any(array(select project_id from project_members where user_id = ${userId}))) is true`)})
            union all
            (select t.* from project_members m join projects p on p.id = m.project_id and not p.is_inbox
              cross join lateral (${ordered(sql`project_id = m.project_id and user_id <> ${userId}`)}) t
              where m.user_id = ${userId})
          ) visible order by ${sort.orderBy} limit ${placeholder('limit')}`;
      },
      values,
    );
    return page(rows, query.limit, (last) => ({ s: query.sort, k: sort.keyOf(last), id: last.id }));
  }

  /** Locks the trashed row, so a restore and an erase of it serialize. */
  async findTrashed(
    userId: string,
    id: string,
    tx: Executor,
  ): Promise<{ task: Task; role: ProjectRole } | undefined> {
    const [row] = await this.run(
      tx,
      sql`select t.*, m.role as member_role from tasks t
        join project_members m on m.project_id = t.project_id and m.user_id = ${userId}
        where t.id = ${id} and t.deleted_at is not null and t.trashed_with_id is null for update of t`,
    );
    return row && { task: toTask(row), role: (row as MemberRow).member_role };
  }

  /** What restoring a trashed task finds: whether its project is trashed, whether its parent is gone. */
  async restoreTarget(tx: Executor, task: Task): Promise<{ projectTrashed: boolean; parentGone: boolean }> {
    const [row] = rowsOf<{ project_trashed: boolean; parent_gone: boolean }>(
      await tx.execute(sql`select
        exists (select 1 from projects where id = ${task.projectId} and deleted_at is not null) as project_trashed,
        ${task.parentId}::uuid is not null and not exists (
          select 1 from tasks where id = ${task.parentId} and deleted_at is null) as parent_gone`),
    );
    return { projectTrashed: row!.project_trashed, parentGone: row!.parent_gone };
  }

  /** Trashed tasks, most recently trashed first, each with the instant it was trashed. */
  async listTrashPage(userId: string, query: PageQuery): Promise<Page<Task & { trashedAt: string }>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, TRASH_SORT, isInstantKey) : undefined;
    const after = sql`and (deleted_at, id) < (${placeholder('cursorKey')}::timestamptz, ${placeholder('cursorId')}::uuid)`;
    const rows = await this.read(
      cursor ? 'trash:k' : 'trash',
      () =>
        sql`select * from tasks where user_id = ${placeholder('userId')} and deleted_at is not null
            and trashed_with_id is null and ${writableBy(placeholder('userId'))} ${cursor ? after : sql``}
            order by deleted_at desc, id desc limit ${placeholder('limit')}`,
      { userId, limit: query.limit + 1, cursorKey: cursor?.k, cursorId: cursor?.id },
    );
    return page(
      rows,
      query.limit,
      (last) => ({ s: TRASH_SORT, k: isoFromDriver(last.deleted_at!), id: last.id }),
      (row) => ({ ...toTask(row), trashedAt: isoFromDriver(row.deleted_at!) }),
    );
  }

  /** A live task by id, whoever owns it (the caller checks project access). */
  async findLive(tx: Executor, id: string): Promise<LockedTask | undefined> {
    const [row] = await this.run(tx, sql`select * from tasks where id = ${id} and deleted_at is null`);
    return row && locked(row);
  }

  /** The level of a task: 1 at the top, one more per ancestor. */
  async levelOf(tx: Executor, id: string): Promise<number> {
    const [row] = rowsOf<{ level: number }>(
      await tx.execute(sql`with recursive up(id, parent_id, level) as (
          select id, parent_id, 1 from tasks where id = ${id}
          union all select t.id, t.parent_id, up.level + 1 from tasks t join up on t.id = up.parent_id
            where up.level < ${MAX_WALK})
        select max(level)::int as level from up`),
    );
    return Number(row?.level ?? 1);
  }

  /** The task and its descendants, each with its depth below the task (the task itself is 1). */
  async subtreeOf(tx: Executor, id: string): Promise<{ id: string; depth: number }[]> {
    return rowsOf<{ id: string; depth: number }>(
      await tx.execute(sql`with recursive ${descendants(id, true)} select id, depth::int as depth from down`),
    );
  }

  /** Completes the open, live descendants of a task; completed ones keep their completedAt. */
  async completeDescendants(tx: Executor, id: string, now: Date): Promise<string[]> {
    const rows = await this.run(
      tx,
      sql`with recursive ${descendants(id, false)}
        update tasks set completed = true, completed_at = ${now.toISOString()}::timestamptz,
          updated_at = ${now.toISOString()}::timestamptz, version = version + 1
        where id in (select id from down) and not completed and deleted_at is null returning *`,
    );
    return rows.map((row) => row.id);
  }

  /** Trashes the live descendants of a task with it: they come back only with it. */
  async trashDescendants(tx: Executor, id: string, now: Date): Promise<string[]> {
    const rows = await this.run(
      tx,
      sql`with recursive ${descendants(id, false)}
        update tasks set deleted_at = ${now.toISOString()}::timestamptz, trashed_with_id = ${id}
        where id in (select id from down) and deleted_at is null returning *`,
    );
    return rows.map((row) => row.id);
  }

  async restoreTrashedWith(tx: Executor, id: string): Promise<string[]> {
    const rows = await this.run(
      tx,
      sql`update tasks set deleted_at = null, trashed_with_id = null where trashed_with_id = ${id} returning *`,
    );
    return rows.map((row) => row.id);
  }

  /** The live descendants of a task (not the task itself). */
  async liveDescendantIds(tx: Executor, id: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`with recursive ${descendants(id, false)}
        select t.id from tasks t where t.id in (select id from down) and t.deleted_at is null`),
    );
    return rows.map((row) => row.id);
  }

  /** Moves the descendants of a task along with it (they keep their parents and order); returns the live ones moved. */
  async carryDescendants(
    tx: Executor,
    id: string,
    projectId: string,
    sectionId: string | null,
  ): Promise<string[]> {
    const rows = rowsOf<{ id: string; live: boolean }>(
      await tx.execute(sql`with recursive ${descendants(id, false)}
        update tasks set project_id = ${projectId}, section_id = ${sectionId}, updated_at = now(), version = version + 1
        where id in (select id from down) and (project_id <> ${projectId} or section_id is distinct from ${sectionId})
        returning id, deleted_at is null as live`),
    );
    return rows.filter((row) => row.live).map((row) => row.id);
  }

  async lastPositionIn(tx: Executor, scope: TaskScope, exceptId?: string): Promise<string | null> {
    const [row] = rowsOf<{ last: string | null }>(
      await tx.execute(sql`select max(position) as last from tasks where ${inScope(scope)}
        ${exceptId ? sql`and id <> ${exceptId}` : sql``}`),
    );
    return row?.last ?? null;
  }

  /** The sibling right after (or before) `anchor` in (position, id) order, leaving out `exceptId`. */
  async neighbour(
    tx: Executor,
    scope: TaskScope,
    anchor: { id: string; position: string },
    direction: 'next' | 'previous',
    exceptId: string,
  ): Promise<{ id: string; position: string } | undefined> {
    const key = sql`(${anchor.position}::text collate "C", ${anchor.id}::uuid)`;
    const [row] = await this.run(
      tx,
      direction === 'next'
        ? sql`select * from tasks where ${inScope(scope)} and id <> ${exceptId} and (position, id) > ${key}
            order by position, id limit 1`
        : sql`select * from tasks where ${inScope(scope)} and id <> ${exceptId} and (position, id) < ${key}
            order by position desc, id desc limit 1`,
    );
    return row && { id: row.id, position: row.position };
  }

  async erase(tx: Executor, id: string): Promise<void> {
    await tx.execute(sql`delete from tasks where id = ${id}`);
  }

  /** Erases every trashed task of the user (Empty trash); returns how many. */
  async eraseAllTrashed(tx: Executor, userId: string): Promise<number> {
    const rows = await this.run(
      tx,
      // Tasks trashed with a project stay until the project goes; those trashed with a parent go with it (cascade).
      sql`delete from tasks where user_id = ${userId} and deleted_at is not null and trashed_with_id is null
          and ${writableBy(userId)} returning id`,
    );
    return rows.length;
  }

  async purgeTrashedBefore(cutoff: Date): Promise<number> {
    const rows = await this.run(
      this.database.db,
      sql`delete from tasks where deleted_at is not null and deleted_at < ${cutoff.toISOString()}::timestamptz
          returning id`,
    );
    return rows.length;
  }
}

/** One page of `limit` tasks from `limit + 1` rows; the extra row only tells that another page exists. */
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function page<T = Task>(
  rows: TaskDriverRow[],
  limit: number,
  cursorOf: (last: TaskDriverRow) => { s: string; k: string | null; id: string },
  map: (row: TaskDriverRow) => T = toTask as (row: TaskDriverRow) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const shown = hasMore ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { items: shown.map(map), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
