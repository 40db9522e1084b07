import { Injectable } from '@nestjs/common';
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Executor } from '../database/database-client.js';
import { DatabaseService, rowsOf } from '../database/database.service.js';
import { tasks } from '../database/schema/index.js';
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
 * The columns and values of the fields present in `values`, each value encoded by its column (Dates as ISO text,
 * tags as an array literal); absent (undefined) fields are left to their defaults.
 */
function assignments(values: Record<string, unknown>) {
  const present = COLUMNS.filter(({ key }) => values[key] !== undefined);
  if (present.length === 0) throw new Error('No values to set');
  return present.map(({ key, column, quoted }) => ({ quoted, value: sql.param(values[key], column) }));
}

const dialect = new PgDialect();

/** A drizzle prepared query's `all()`: the driver's rows as they are. */
interface PreparedRead {
  all(values: Record<string, unknown>): Promise<unknown>;
}
const placeholder = (name: string) => sql.placeholder(name);

const instant = (value: string) => new Date(value).toISOString();

const TRASH_SORT = '-deletedAt';

/** A list filter: the bound value it takes from the query (undefined: absent), and its condition on that value. */
interface ListFilter {
  name: string;
  value(query: ListTasksQuery): unknown;
  condition(): SQL;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

// Each name starts with a different letter: the shape of a list read spells the filters present by it.
const LIST_FILTERS: ListFilter[] = [
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
    value: (query) => (query.q ? `%${escapeLike(query.q)}%` : undefined),
    condition: () => sql`(title ilike ${placeholder('q')} or description ilike ${placeholder('q')})`,
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

  /** Reads on the pool, by shape: see read(). */
  private readonly statements = new Map<string, PreparedRead>();

  /**
   * A read on the pool. Its SQL (with placeholders) is built once per shape, and it runs as a server-side
   * prepared statement, which postgres.js keeps per connection: one round trip, where an unprepared statement with
   * parameters takes two (it is described before it runs). Writes and statements in a transaction stay unprepared:
   * with every statement prepared, postgres.js 3.4.9 crashed the process in the database-outage test
   * (bench/RESULTS.md, round 2). It runs through `all()`, which hands over the driver's rows: `execute()` returns the
   * same rows through more promise layers and cost ~18 % more API CPU per list request (bench/RESULTS.md, round 7).
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
        shape,
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

  async findOwned(userId: string, id: string): Promise<Task | undefined> {
    const [row] = await this.read(
      'findOwned',
      () =>
        sql`select * from tasks where id = ${placeholder('id')} and user_id = ${placeholder('userId')} and deleted_at is null`,
      { id, userId },
    );
    return row && toTask(row);
  }

  /** Locks the row for the rest of the transaction, so concurrent updates serialize on it. */
  async lockOwned(tx: Executor, userId: string, id: string): Promise<LockedTask | undefined> {
    const [row] = await this.run(
      tx,
      sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is null for update`,
    );
    return row && locked(row);
  }

  /** Locks a task by id alone, trashed or not, for the rest of the transaction. */
  async lock(tx: Executor, id: string): Promise<LockedTask | undefined> {
    const [row] = await this.run(tx, sql`select * from tasks where id = ${id} for update`);
    return row && locked(row);
  }

  async insert(tx: Executor, values: NewTaskRow): Promise<Task> {
    const fields = assignments(values);
    const columns = sql.join(
      fields.map(({ quoted }) => quoted),
      sql`, `,
    );
    const params = sql.join(
      fields.map(({ value }) => value),
      sql`, `,
    );
    const [row] = await this.run(tx, sql`insert into tasks (${columns}) values (${params}) returning *`);
    return toTask(row!);
  }

  async update(tx: Executor, id: string, changes: TaskChanges): Promise<Task> {
    const set = sql.join(
      assignments(changes).map(({ quoted, value }) => sql`${quoted} = ${value}`),
      sql`, `,
    );
    const [row] = await this.run(tx, sql`update tasks set ${set} where id = ${id} returning *`);
    return toTask(row!);
  }

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
      values[filter.name] = value;
      present.push(filter);
      shape += filter.name[0];
    }
    if (cursor) {
      Object.assign(values, { cursorKey: cursor.k, cursorId: cursor.id });
      shape += cursor.k === null ? ':n' : ':k';
    }
    const rows = await this.read(
      shape,
      () => {
        const where = [sql`user_id = ${placeholder('userId')}`, sql`deleted_at is null`];
        for (const filter of present) where.push(filter.condition());
        if (cursor) where.push(sort.after(cursor.k === null));
        return sql`select * from tasks where ${sql.join(where, sql` and `)} order by ${sort.orderBy} limit ${placeholder('limit')}`;
      },
      values,
    );
    return page(rows, query.limit, (last) => ({ s: query.sort, k: sort.keyOf(last), id: last.id }));
  }

  /** Locks the trashed row, so a restore and an erase of it serialize. */
  async findTrashed(userId: string, id: string, tx: Executor): Promise<Task | undefined> {
    const [row] = await this.run(
      tx,
      sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is not null for update`,
    );
    return row && toTask(row);
  }

  /** Trashed tasks, most recently trashed first, each with the instant it was trashed. */
  async listTrashPage(userId: string, query: PageQuery): Promise<Page<Task & { trashedAt: string }>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, TRASH_SORT, isInstantKey) : undefined;
    const after = sql`and (deleted_at, id) < (${placeholder('cursorKey')}::timestamptz, ${placeholder('cursorId')}::uuid)`;
    const rows = await this.read(
      cursor ? 'trash:k' : 'trash',
      () =>
        sql`select * from tasks where user_id = ${placeholder('userId')} and deleted_at is not null ${cursor ? after : sql``}
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

  async erase(tx: Executor, id: string): Promise<void> {
    await tx.execute(sql`delete from tasks where id = ${id}`);
  }

  /** Erases every trashed task of the user (Empty trash); returns how many. */
  async eraseAllTrashed(tx: Executor, userId: string): Promise<number> {
    const rows = await this.run(
      tx,
      sql`delete from tasks where user_id = ${userId} and deleted_at is not null returning id`,
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
