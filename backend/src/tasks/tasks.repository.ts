import { Injectable } from '@nestjs/common';
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
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

/** A task locked for update, with the one column the API does not show but the update rules read. */
export interface LockedTask {
  task: Task;
  nextOccurrenceId: string | null;
}

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

const instant = (value: string) => new Date(value).toISOString();

const TRASH_SORT = '-deletedAt';

/**
 * Tasks in SQL written here, run through drizzle's `sql` (parameters bound, values encoded by their columns), every
 * row mapped once to the API's shape by toTask. Drizzle's query builder and its row mapper were most of the busy
 * CPU of task requests under load (bench/RESULTS.md).
 */
@Injectable()
export class TasksRepository {
  constructor(private readonly database: DatabaseService) {}

  private async rows(query: SQL, executor: Executor = this.database.db): Promise<TaskDriverRow[]> {
    return rowsOf<TaskDriverRow>(await executor.execute(query));
  }

  async findOwned(userId: string, id: string): Promise<Task | undefined> {
    const [row] = await this.rows(
      sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is null`,
    );
    return row && toTask(row);
  }

  /** Locks the row for the rest of the transaction, so concurrent updates serialize on it. */
  async lockOwned(tx: Executor, userId: string, id: string): Promise<LockedTask | undefined> {
    const [row] = await this.rows(
      sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is null for update`,
      tx,
    );
    return row && { task: toTask(row), nextOccurrenceId: row.next_occurrence_id };
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
    const [row] = await this.rows(sql`insert into tasks (${columns}) values (${params}) returning *`, tx);
    return toTask(row!);
  }

  async update(tx: Executor, id: string, changes: TaskChanges): Promise<Task> {
    const set = sql.join(
      assignments(changes).map(({ quoted, value }) => sql`${quoted} = ${value}`),
      sql`, `,
    );
    const [row] = await this.rows(sql`update tasks set ${set} where id = ${id} returning *`, tx);
    return toTask(row!);
  }

  async listPage(userId: string, query: ListTasksQuery): Promise<TaskPage> {
    const sort = resolveSort(query.sort);
    const where = [sql`user_id = ${userId}`, sql`deleted_at is null`];
    if (query.completed !== undefined) where.push(sql`completed = ${query.completed}`);
    if (query.priority) where.push(sql`priority = ${query.priority}`);
    if (query.tag) where.push(sql`tags @> array[${query.tag}]::text[]`);
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      where.push(sql`(title ilike ${pattern} or description ilike ${pattern})`);
    }
    if (query.dueBefore) where.push(sql`due_at < ${instant(query.dueBefore)}::timestamptz`);
    if (query.dueAfter) where.push(sql`due_at >= ${instant(query.dueAfter)}::timestamptz`);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, query.sort, sort.accepts);
      where.push(sort.after(cursor.k, cursor.id));
    }
    const rows = await this.rows(
      sql`select * from tasks where ${sql.join(where, sql` and `)} order by ${sort.orderBy} limit ${query.limit + 1}`,
    );
    return page(rows, query.limit, (last) => ({ s: query.sort, k: sort.keyOf(last), id: last.id }));
  }

  /** Locks the trashed row, so a restore and an erase of it serialize. */
  async findTrashed(userId: string, id: string, tx: Executor): Promise<Task | undefined> {
    const [row] = await this.rows(
      sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is not null for update`,
      tx,
    );
    return row && toTask(row);
  }

  async listTrashPage(userId: string, query: PageQuery): Promise<TaskPage> {
    const where = [sql`user_id = ${userId}`, sql`deleted_at is not null`];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, TRASH_SORT, isInstantKey);
      where.push(sql`(deleted_at, id) < (${cursor.k}::timestamptz, ${cursor.id}::uuid)`);
    }
    const rows = await this.rows(
      sql`select * from tasks where ${sql.join(where, sql` and `)}
          order by deleted_at desc, id desc limit ${query.limit + 1}`,
    );
    return page(rows, query.limit, (last) => ({
      s: TRASH_SORT,
      k: isoFromDriver(last.deleted_at!),
      id: last.id,
    }));
  }

  async erase(tx: Executor, id: string): Promise<void> {
    await tx.execute(sql`delete from tasks where id = ${id}`);
  }

  async purgeTrashedBefore(cutoff: Date): Promise<number> {
    const rows = await this.rows(
      sql`delete from tasks where deleted_at is not null and deleted_at < ${cutoff.toISOString()}::timestamptz
          returning id`,
    );
    return rows.length;
  }
}

/** One page of `limit` tasks from `limit + 1` rows; the extra row only tells that another page exists. */
function page(
  rows: TaskDriverRow[],
  limit: number,
  cursorOf: (last: TaskDriverRow) => { s: string; k: string | null; id: string },
): TaskPage {
  const hasMore = rows.length > limit;
  const shown = hasMore ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { items: shown.map(toTask), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
