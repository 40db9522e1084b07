import { type SQL, sql } from 'drizzle-orm';
import { instantSchema } from '../common/instant.js';
import { TASK_PRIORITIES, type TaskSort } from './dto/task.schemas.js';
import { isoFromDriver, isoOrNull, type TaskDriverRow } from './dto/to-task.js';

interface SortKey {
  /** The ORDER BY expression; an index exists for each. */
  expression: SQL;
  /** The key value stored in a cursor for a row. */
  keyOf(row: TaskDriverRow): string | null;
  /** Whether a key from a cursor is one keyOf could have produced. */
  accepts(key: string | null): boolean;
  /** The cursor's key (the `cursorKey` placeholder, or null) as a typed SQL value. */
  literal(keyIsNull: boolean): SQL;
}

const CURSOR_KEY = sql.placeholder('cursorKey');
const CURSOR_ID = sql.placeholder('cursorId');

const SORT_KEYS: Record<string, SortKey> = {
  createdAt: {
    expression: sql`created_at`,
    keyOf: (row) => isoFromDriver(row.created_at),
    accepts: isInstantKey,
    literal: () => sql`${CURSOR_KEY}::timestamptz`,
  },
  // Undated tasks sort as if due at infinity: last ascending, first descending.
  dueAt: {
    expression: sql`coalesce(due_at, 'infinity'::timestamptz)`,
    keyOf: (row) => isoOrNull(row.due_at),
    accepts: (key) => key === null || isInstantKey(key),
    literal: (keyIsNull) => (keyIsNull ? sql`'infinity'::timestamptz` : sql`${CURSOR_KEY}::timestamptz`),
  },
  priority: {
    expression: sql`priority`,
    keyOf: (row) => row.priority,
    accepts: (key) => (TASK_PRIORITIES as readonly (string | null)[]).includes(key),
    literal: () => sql`${CURSOR_KEY}::task_priority`,
  },
  // The manual order: fractional-indexing keys, byte order (the column is COLLATE "C").
  position: {
    expression: sql`position`,
    keyOf: (row) => row.position,
    accepts: (key) => key !== null && /^[0-9A-Za-z]{1,200}$/.test(key),
    literal: () => sql`${CURSOR_KEY}::text collate "C"`,
  },
  title: {
    expression: sql`title`,
    keyOf: (row) => row.title,
    accepts: (key) => key !== null && key.length <= 200 && !key.includes('\0'),
    literal: () => sql`${CURSOR_KEY}::text`,
  },
};

export function isInstantKey(key: string | null): boolean {
  return key !== null && instantSchema.safeParse(key).success;
}

export interface ResolvedSort {
  orderBy: SQL;
  keyOf(row: TaskDriverRow): string | null;
  accepts(key: string | null): boolean;
  /**
   * Rows strictly after the cursor position in this order, with the placeholders `cursorKey` and `cursorId`; the id
   * breaks ties so paging is exactly-once.
   */
  after(keyIsNull: boolean): SQL;
}

export function resolveSort(sort: TaskSort): ResolvedSort {
  const descending = sort.startsWith('-');
  const field = SORT_KEYS[descending ? sort.slice(1) : sort];
  if (!field) throw new Error(`unknown sort ${sort}`);
  const direction = descending ? sql`desc` : sql`asc`;
  return {
    orderBy: sql`${field.expression} ${direction}, id ${direction}`,
    keyOf: field.keyOf,
    accepts: field.accepts,
    after: (keyIsNull) =>
      descending
        ? sql`(${field.expression}, id) < (${field.literal(keyIsNull)}, ${CURSOR_ID}::uuid)`
        : sql`(${field.expression}, id) > (${field.literal(keyIsNull)}, ${CURSOR_ID}::uuid)`,
  };
}
