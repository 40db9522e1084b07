import { Injectable } from '@nestjs/common';
import {
  and,
  arrayContains,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Database, Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { tasks } from '../database/schema/index.js';
import type { ListTasksQuery, PageQuery, Task } from './dto/task.schemas.js';
import { type TaskDriverRow, type TaskRow, toTaskFromDriver, toTaskPage, toTaskRow } from './dto/to-task.js';
import { isInstantKey, resolveSort } from './task-sort.js';

export type NewTaskRow = typeof tasks.$inferInsert;
export type TaskChanges = Partial<Omit<NewTaskRow, 'id' | 'userId' | 'createdAt'>>;

export interface RowPage {
  rows: TaskRow[];
  nextCursor: string | null;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

/**
 * `all()` of a drizzle prepared query (both drivers have it): the driver's rows as they are, before drizzle's
 * generic row mapper. For `select *` of tasks they are TaskDriverRow.
 */
interface RawRows {
  all(values: Record<string, unknown>): Promise<TaskDriverRow[]>;
}

const raw = (prepared: object): RawRows => {
  if (typeof (prepared as Partial<RawRows>).all !== 'function')
    throw new Error('prepared query without all()');
  return prepared as RawRows;
};

/** The rows of `execute()`: postgres.js answers with the row list, PGlite with a result holding `rows`. */
const rowsOf = (result: unknown): TaskDriverRow[] =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as TaskDriverRow[];

const COLUMNS = Object.entries(getTableColumns(tasks)).map(([key, column]) => ({
  key,
  column,
  quoted: sql.raw(`"${column.name}"`),
}));

/**
 * `"column" = value, ...` or the column list and values of the fields present in `values`, each value encoded by
 * its column (as drizzle's insert/update builders do); absent (undefined) fields are left to their defaults.
 */
function assignments(values: Record<string, unknown>) {
  const present = COLUMNS.filter(({ key }) => values[key] !== undefined);
  if (present.length === 0) throw new Error('No values to set');
  return present.map(({ key, column, quoted }) => ({ quoted, value: sql.param(values[key], column) }));
}

const TRASH_SORT = '-deletedAt';
const DEFAULT_SORT = '-createdAt';

/**
 * The hottest reads as drizzle prepared statements: the SQL is built once with placeholders, so a request skips
 * drizzle's query builder (it was ~15 % of busy CPU under load, bench/RESULTS.md). The statements are the ones
 * the builder produces for the same calls below.
 */
function prepareHotReads(db: Database) {
  const userId = sql.placeholder('userId');
  return {
    findOwned: db
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, sql.placeholder('id')), eq(tasks.userId, userId), isNull(tasks.deletedAt)))
      .prepare('tasks_find_owned'),
    firstPage: db
      .select()
      .from(tasks)
      .where(and(eq(tasks.userId, userId), isNull(tasks.deletedAt)))
      .orderBy(...resolveSort(DEFAULT_SORT).orderBy)
      .limit(sql.placeholder('limit'))
      .prepare('tasks_first_page'),
  };
}

/** The first page of the default list (no filter, no cursor, default sort): what clients load most. */
function isFirstDefaultPage(query: ListTasksQuery): boolean {
  return (
    query.sort === DEFAULT_SORT &&
    query.cursor === undefined &&
    query.completed === undefined &&
    query.priority === undefined &&
    query.tag === undefined &&
    query.q === undefined &&
    query.dueBefore === undefined &&
    query.dueAfter === undefined
  );
}

@Injectable()
export class TasksRepository {
  constructor(private readonly database: DatabaseService) {}

  private get db() {
    return this.database.db;
  }

  private prepared?: ReturnType<typeof prepareHotReads>;

  /** Built once, on first use (the database client exists by then); see prepareHotReads. */
  private get hot() {
    return (this.prepared ??= prepareHotReads(this.db));
  }

  /** findOwned straight to the wire shape (the prepared statement's driver rows, no drizzle row mapping). */
  async findOwnedTask(userId: string, id: string): Promise<Task | undefined> {
    const [row] = await raw(this.hot.findOwned).all({ id, userId });
    return row && toTaskFromDriver(row);
  }

  /**
   * listPage straight to the wire shape. The default first page (what clients load most) maps the prepared
   * statement's driver rows once, without drizzle's generic row mapper and Date round trips; other pages map
   * drizzle's rows with toTask as before.
   */
  async listTaskPage(userId: string, query: ListTasksQuery): Promise<TaskPage> {
    if (!isFirstDefaultPage(query)) return toTaskPage(await this.listPage(userId, query));
    const rows = await raw(this.hot.firstPage).all({ userId, limit: query.limit + 1 });
    const hasMore = rows.length > query.limit;
    const items = (hasMore ? rows.slice(0, query.limit) : rows).map(toTaskFromDriver);
    const last = items.at(-1);
    // The cursor key of the default sort (-createdAt) is the row's createdAt as an ISO string: the wire value.
    const nextCursor =
      hasMore && last ? encodeCursor({ s: query.sort, k: last.createdAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  async findOwned(userId: string, id: string, executor?: Executor): Promise<TaskRow | undefined> {
    if (!executor) return (await this.hot.findOwned.execute({ id, userId }))[0];
    const [row] = await executor
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, id), eq(tasks.userId, userId), isNull(tasks.deletedAt)));
    return row;
  }

  /**
   * Locks the row for the rest of the transaction, so concurrent updates serialize on it. This and the writes below
   * are written as SQL (`select *` / `returning *`, values encoded by their columns) and mapped by toTaskRow: on the
   * write paths drizzle's query builder and row mapper were ~20 % of busy CPU (bench/RESULTS.md, round 3).
   */
  async lockOwned(tx: Executor, userId: string, id: string): Promise<TaskRow | undefined> {
    const [row] = rowsOf(
      await tx.execute(
        sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is null for update`,
      ),
    );
    return row && toTaskRow(row);
  }

  async insert(tx: Executor, values: NewTaskRow): Promise<TaskRow> {
    const fields = assignments(values);
    const columns = sql.join(
      fields.map(({ quoted }) => quoted),
      sql`, `,
    );
    const params = sql.join(
      fields.map(({ value }) => value),
      sql`, `,
    );
    const [row] = rowsOf(
      await tx.execute(sql`insert into tasks (${columns}) values (${params}) returning *`),
    );
    return toTaskRow(row!);
  }

  async update(tx: Executor, id: string, changes: TaskChanges): Promise<TaskRow> {
    const set = sql.join(
      assignments(changes).map(({ quoted, value }) => sql`${quoted} = ${value}`),
      sql`, `,
    );
    const [row] = rowsOf(await tx.execute(sql`update tasks set ${set} where id = ${id} returning *`));
    return toTaskRow(row!);
  }

  async listPage(userId: string, query: ListTasksQuery): Promise<RowPage> {
    const sort = resolveSort(query.sort);
    if (isFirstDefaultPage(query)) {
      const rows = await this.hot.firstPage.execute({ userId, limit: query.limit + 1 });
      return this.toPage(rows, query.limit, (last) => ({ s: query.sort, k: sort.keyOf(last), id: last.id }));
    }
    const filters: (SQL | undefined)[] = [eq(tasks.userId, userId), isNull(tasks.deletedAt)];
    if (query.completed !== undefined) filters.push(eq(tasks.completed, query.completed));
    if (query.priority) filters.push(eq(tasks.priority, query.priority));
    if (query.tag) filters.push(arrayContains(tasks.tags, [query.tag]));
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      filters.push(or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)));
    }
    if (query.dueBefore) filters.push(lt(tasks.dueAt, new Date(query.dueBefore)));
    if (query.dueAfter) filters.push(gte(tasks.dueAt, new Date(query.dueAfter)));
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, query.sort, sort.accepts);
      filters.push(sort.after(cursor.k, cursor.id));
    }
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(...filters))
      .orderBy(...sort.orderBy)
      .limit(query.limit + 1);
    return this.toPage(rows, query.limit, (last) => ({ s: query.sort, k: sort.keyOf(last), id: last.id }));
  }

  async findTrashed(userId: string, id: string, executor: Executor = this.db): Promise<TaskRow | undefined> {
    const [row] = await executor
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, id), eq(tasks.userId, userId), isNotNull(tasks.deletedAt)))
      .for('update');
    return row;
  }

  async listTrashPage(userId: string, query: PageQuery): Promise<RowPage> {
    const filters: (SQL | undefined)[] = [eq(tasks.userId, userId), isNotNull(tasks.deletedAt)];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, TRASH_SORT, isInstantKey);
      filters.push(sql`(${tasks.deletedAt}, ${tasks.id}) < (${cursor.k}::timestamptz, ${cursor.id}::uuid)`);
    }
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(...filters))
      .orderBy(desc(tasks.deletedAt), desc(tasks.id))
      .limit(query.limit + 1);
    return this.toPage(rows, query.limit, (last) => ({
      s: TRASH_SORT,
      k: last.deletedAt!.toISOString(),
      id: last.id,
    }));
  }

  async erase(tx: Executor, id: string): Promise<void> {
    await tx.delete(tasks).where(eq(tasks.id, id));
  }

  async purgeTrashedBefore(cutoff: Date): Promise<number> {
    const rows = await this.db
      .delete(tasks)
      .where(and(isNotNull(tasks.deletedAt), lt(tasks.deletedAt, cutoff)))
      .returning({ id: tasks.id });
    return rows.length;
  }

  private toPage(
    rows: TaskRow[],
    limit: number,
    cursorOf: (last: TaskRow) => { s: string; k: string | null; id: string },
  ): RowPage {
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    return { rows: page, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
  }
}
